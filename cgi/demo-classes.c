#include <stdio.h>
#include <time.h>

#include "class.h"
#include "demo.h"

struct demo_class {
	const char *township;    /* its code */
	int days;                /* from today */
	const char *start;       /* HH:MM */
	long long minutes, capacity;
	const char *audience, *title, *venue, *description;
};

static const struct demo_class classes[] = {
	{ "511921100", 7, "09:30", 90, 30, "grandparents",
	    "隔代教养：怎样和孙辈好好说话", "诺江镇新华村村委会二楼会议室",
	    "爷爷奶奶带孙辈，常遇到孩子不听话、爱看手机。县家庭教育指导中心的老师"
	    "讲讲怎么和孩子沟通，现场答疑。" },
	{ "511921100", 14, "14:30", 120, 40, "parents",
	    "家长课堂：外出务工父母如何陪伴孩子", "诺江镇中心小学多功能教室",
	    "春节前后父母在家的日子，怎样和孩子把关系拉近；在外地时怎样通过视频"
	    "电话关心孩子的学习和心情。" },
	{ "511921123", 10, "19:00", 90, 25, "all", "儿童安全：防溺水与用电安全",
	    "空山镇中坝村文化室",
	    "夏天快到了，防溺水、用电用气安全，家里人都来听一听。" },
};

int
demo_classes(struct req *r)
{
	time_t now = time(NULL) + REQ_UTC_OFFSET;
	size_t i;

	for (i = 0; i < sizeof(classes) / sizeof(classes[0]); i++) {
		const struct demo_class *d = &classes[i];
		time_t day = now + (time_t)d->days * 86400;
		struct tm tm;
		struct class_in in;
		unsigned long township, village;
		char date[16];

		if (demo_place(r, d->township, &township, &village) != DB_OK) {
			fprintf(stderr, "laoxiao-tool: demo class place %s not "
			    "found\n", d->township);
			return -1;
		}

		if (gmtime_r(&day, &tm) == NULL ||
		    strftime(date, sizeof(date), "%Y-%m-%d", &tm) == 0)
			return -1;
		in.title = d->title;
		in.description = d->description;
		in.audience = d->audience;
		in.venue = d->venue;
		in.status = "open";
		in.township_id = (long long)township;
		in.starts_at = pool_printf(r->pool, "%s %s:00", date, d->start);
		in.deadline = pool_printf(r->pool, "%s 08:00:00", date);
		in.minutes = d->minutes;
		in.capacity = d->capacity;
		if (class_insert(r, &in, NULL) != DB_OK) {
			fprintf(stderr, "laoxiao-tool: class insert failed\n");
			return -1;
		}
	}
	return 0;
}

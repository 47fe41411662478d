/* The county this instance serves (table county_setting): its code and
 * name, and its bureau's name, for page headers, titles and file names.
 * Each responder thread keeps its own copy (no state shared between
 * threads) and reads the table again at most once a minute. */
#ifndef LX_COUNTY_H
#define LX_COUNTY_H
#include <time.h>

#include "req.h"

#define COUNTY_TTL   60   /* seconds a copy is used before reading again */
#define COUNTY_RETRY 5    /* seconds before retrying after a failed read */

struct county {
	char code[16];
	char name[64];        /* 通江县; empty until first read */
	char bureau[128];     /* 通江县民政局 */
	time_t next;          /* read again at or after this time */
};

/* Reads the settings into c when its time has come (r->now); a failed read
 * keeps the old values. Called before a thread's first page, then after
 * each response is sent, so that no page waits on it and a page built
 * after a database failure does not ask again. */
void county_refresh(struct req *r, struct county *c);
/* "通江县-name" percent-encoded for a filename* parameter (RFC 5987), or
 * name alone when the county is not known yet. */
char *county_file_name(struct req *r, const char *name);

#endif

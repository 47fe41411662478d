/* GET /volunteer/certificate/NUMBER-ACCESS: the printable certificate
 * (志愿服务记录证明), for whoever holds its private address (the volunteer
 * after a look-up, the staff member who issued it).
 * GET /verify/NUMBER-CHECK: anyone checks a certificate from its QR code:
 * genuine or not, its status and the essentials, the name masked.
 * Both are found only by number and a random code; an unknown pair counts
 * as a guess under the code-guessing throttle (429 once held). */
#include <string.h>

#include "cert.h"
#include "crypt.h"
#include "pages.h"
#include "qr.h"
#include "render.h"
#include "throttle.h"

enum which { CERT_ACCESS, CERT_CHECK };

/* Finds the certificate the path names (access or check code), counting
 * a miss as a guess. Returns 0 with *c filled, or the status of the error
 * page it has sent. */
static int
find(struct req *r, enum which which, struct cert *c)
{
	struct throttle_hold hold;
	const char *number, *code;
	enum db_status s;
	long long attempt;

	if (throttle_take(r, &throttle_class_code, r->remote_addr, &hold,
	    &attempt) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return 503;
	}
	if (hold.held) {
		render_error(r, 429, pool_printf(r->pool, "查询次数太多了，请扫描"
		    "证明上的二维码或使用开具时的页面地址，不要自己输入。%s",
		    throttle_when(r, &hold)));
		return 429;
	}
	s = cert_split(r, r->args[0], &number, &code) ?
	    cert_by_number(r, number, c) : DB_NOTFOUND;
	if (s == DB_OK && !crypt_equal(code, which == CERT_ACCESS ?
	    c->access_code : c->check_code))
		s = DB_NOTFOUND;
	if (s == DB_NOTFOUND) {
		render_error(r, 404, which == CERT_ACCESS ?
		    "没有找到这份证明。请检查页面地址是否完整。" :
		    "查无此证明：编号或校验码不对，这份证明不是本平台开具的，"
		    "或者地址不完整。");
		return 404;
	}
	if (s != DB_OK || throttle_forgive(r, attempt) != DB_OK) {
		render_error(r, 503, MSG_BUSY);
		return 503;
	}
	return 0;
}

void
page_certificate(struct req *r)
{
	xmlNodePtr root, x;
	const char *url;
	struct cert c;

	if (find(r, CERT_ACCESS, &c) != 0)
		return;
	root = page_new(r, "certificate", "志愿服务记录证明");
	x = cert_xml(r, &c, root, true);
	if ((url = cert_verify_url(r, &c)) == NULL ||
	    qr_xml(r, x, url) == NULL) {
		render_error_instead(r, root, 503, MSG_BUSY);
		return;
	}
	(void)render_page(r, 200, root);
}

void
page_verify(struct req *r)
{
	xmlNodePtr root;
	struct cert c;

	if (find(r, CERT_CHECK, &c) != 0)
		return;
	root = page_new(r, "certificate-verify", "志愿服务记录证明核验");
	(void)cert_xml(r, &c, root, false);
	(void)render_page(r, 200, root);
}

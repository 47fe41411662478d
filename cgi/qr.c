#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <qrencode.h>

#include "qr.h"
#include "render.h"

/* The dark modules of q as one SVG path, a rectangle per horizontal run,
 * in the pool (NULL if it would not fit). */
static char *
qr_path(struct req *r, const QRcode *q)
{
	/* At most one run per two modules, each "M999 999h999v1h-999z". */
	size_t cap = (size_t)q->width * (size_t)q->width / 2 * 24 + 32, n = 0;
	char *out = pool_alloc(r->pool, cap);
	int x, y, run, w;

	out[0] = '\0';
	for (y = 0; y < q->width; y++)
		for (x = 0; x < q->width; x += run) {
			run = 0;
			while (x + run < q->width &&
			    (q->data[y * q->width + x + run] & 1))
				run++;
			if (run == 0) {
				run = 1;
				continue;
			}
			w = snprintf(out + n, cap - n, "M%d %dh%dv1h-%dz",
			    x + QR_QUIET, y + QR_QUIET, run, run);
			if (w < 0 || (size_t)w >= cap - n)
				return NULL;   /* cannot happen: cap bounds it */
			n += (size_t)w;
		}
	return out;
}

xmlNodePtr
qr_xml(struct req *r, xmlNodePtr parent, const char *text)
{
	QRcode *q = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
	const char *path;
	xmlNodePtr x;

	if (q == NULL) {
		fprintf(stderr, "qr: cannot encode %zu bytes: %s\n", strlen(text),
		    strerror(errno));
		return NULL;
	}
	if ((path = qr_path(r, q)) == NULL) {
		QRcode_free(q);
		return NULL;
	}
	x = x_el(parent, "qr");
	x_attr_int(x, "size", q->width + 2 * QR_QUIET);
	x_attr(x, "path", path);
	x_attr(x, "text", text);
	QRcode_free(q);
	return x;
}

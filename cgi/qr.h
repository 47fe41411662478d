/* QR codes (libqrencode) drawn as SVG by the templates: the page's XML
 * gets the symbol's size and one path of its dark modules, which the
 * stylesheet puts in an inline <svg> (no image file, nothing the CSP
 * forbids). */
#ifndef LX_QR_H
#define LX_QR_H
#include <libxml/tree.h>

#include "req.h"

#define QR_QUIET 4   /* modules of white border, as ISO/IEC 18004 asks */

/* Adds <qr size="N" path="M4 4h7v1h-7z…" text="…"/> under parent for text
 * (error correction level M), size including the border. Returns the
 * element, or NULL when text could not be encoded (logged). */
xmlNodePtr qr_xml(struct req *r, xmlNodePtr parent, const char *text);

#endif

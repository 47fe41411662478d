/* Demo data of family-education classes, loaded by laoxiao-tool demo. */
#ifndef LX_DEMO_CLASSES_H
#define LX_DEMO_CLASSES_H
#include "req.h"

/* Adds a few upcoming classes in the first two demo townships, open for
 * enrolment. Returns 0, or -1 with a message on stderr. */
int demo_classes(struct req *r);

#endif

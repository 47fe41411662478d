/* Validation tables (one per form): every input is checked once, before a
 * handler acts on it, into typed values; a bad one gets a Chinese message
 * that the page shows beside the field, with the input kept. */
#ifndef LX_FORM_H
#define LX_FORM_H
#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

#include "req.h"
#include "valid.h"

enum fkind {
	F_TEXT,      /* one line, at most max code points */
	F_LINES,     /* several lines, at most max code points */
	F_NAME,      /* a person's name (valid_person_name) */
	F_IDNUM,     /* resident ID number (GB 11643) */
	F_MOBILE,    /* mainland mobile number */
	F_DATE,      /* YYYY-MM-DD */
	F_HHMM,      /* HH:MM */
	F_UINT,      /* whole number 0..max */
	F_CHOICE,    /* one of choices[] (repeatable with F_MULTI) */
	F_CHECK,     /* a checkbox: present or not */
	F_SECRET,    /* a password: any text up to max bytes, never echoed */
};

enum fflag {
	F_REQUIRED = 1,
	F_MULTI    = 2,   /* repeatable: all values kept */
	F_NOECHO   = 4,   /* not sent back to the re-rendered form */
	/* read like an ID or phone number (valid_normalise_number), as
	 * F_IDNUM and F_MOBILE always are: for a field that takes either an
	 * ID number or another code */
	F_NUMBERLIKE = 8,
};

struct choice {
	const char *code;   /* the value posted and stored */
	const char *label;  /* what people read */
};

struct field {
	const char *name;
	const char *label;
	enum fkind kind;
	unsigned flags;
	unsigned long max;
	const struct choice *choices;  /* F_CHOICE: ends with {NULL, NULL} */
	const char *missing;           /* message when required and absent */
};

struct fval {
	bool present;            /* a non-empty value was posted */
	const char *raw;         /* trimmed input (first value) */
	const char **multi;      /* F_MULTI: every value */
	size_t nmulti;
	const char *err;         /* message, or NULL when valid */
	union {
		unsigned long u;
		int ymd;
		int minutes;
		struct valid_id_info id;
	} v;
};

struct form {
	const struct field *fields;
	size_t n;
	const char *prefix;      /* "r2." for row 2 of a multi-row form */
	struct fval *val;        /* n values */
	size_t nerr;
};

/* Checks the posted fields listed in fields[0..n) (names prefixed by
 * prefix, which may be NULL) against their rules. Returns the number of
 * invalid fields; f->val[i] holds each one's value or message. */
size_t form_check(struct req *r, struct form *f, const struct field *fields,
    size_t n, const char *prefix);
/* The same for the query string of a GET page (filters, paging). */
size_t form_check_query(struct req *r, struct form *f,
    const struct field *fields, size_t n);
/* Empty form (for a first GET): no values, no errors. */
void form_empty(struct req *r, struct form *f, const struct field *fields,
    size_t n, const char *prefix);
/* Marks field i invalid with message (for rules the table cannot say). */
void form_fail(struct form *f, size_t i, const char *message);
/* Adds <form prefix=...><field name= label= max= value= error=><v/>…
 * </field></form>: label when the table has one, max when the table's
 * number is the field's length in characters (text, lines, names), so that
 * the page takes both from the table. */
xmlNodePtr form_xml(const struct form *f, xmlNodePtr parent);
/* Adds <name><option code= label=/>…</name> for a choice list. */
void choices_xml(const struct choice *c, xmlNodePtr parent, const char *name);
/* Label of a code in a choice list, or NULL. */
const char *choice_label(const struct choice *c, const char *code);
/* Form steps without JavaScript (choosing the township narrows the
 * villages): a POST whose `step` is name only re-renders the form. Returns
 * true when step=name was posted, and then clears every message of f so
 * that the form comes back with the values as typed. */
bool form_step(struct req *r, struct form *f, const char *name);
/* After signing in again on a form posted when the session had ended
 * (r->resumed): clears every message of f so that the form comes back as
 * it was posted, to be checked and saved with a fresh token. Returns
 * r->resumed; the handler then shows the form with MSG_RESUMED and saves
 * nothing. */
bool form_resumed(struct req *r, struct form *f);
#define MSG_RESUMED "已重新登录，请核对后保存：刚才填写的内容都在下面，还没有保存。"

/* The id in field i (an F_UINT) when it holds a valid non-zero one,
 * else 0 (nothing chosen). */
unsigned long form_township(const struct form *f, size_t i);
/* Field i (an F_UINT) holds u, as if posted (a choice made for the
 * visitor: the township of a class, of a shared page). */
void form_set_uint(struct req *r, struct form *f, size_t i, unsigned long u);
/* For a first GET: field i (an F_UINT) takes the query parameter of the
 * same name when it is a valid number (?township=ID preselects). */
void form_preselect(struct req *r, struct form *f, size_t i);
/* Joins the values of a multi field with commas (for SET columns). */
char *form_join(struct req *r, const struct fval *v);

#endif

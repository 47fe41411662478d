#!/bin/sh
# Rules README states of the sources, checked in the unit stage: no
# stylesheet uses disable-output-escaping or xsl:sort, and no SQL statement
# changes or removes audit_log rows (the audit log is only ever inserted
# into). Fails when it finds the files it checks missing, too.
srcdir=${srcdir:-.}
status=0

set -- "$srcdir"/templates/*.xsl
if [ ! -f "$1" ]; then
	echo "lint: no templates under $srcdir/templates"
	exit 1
fi
if grep -n -e 'disable-output-escaping[[:space:]]*=' -e '<xsl:sort' "$@"; then
	echo "lint: templates must not use disable-output-escaping or xsl:sort"
	status=1
fi
if [ ! -f "$srcdir/cgi/sql.c" ]; then
	echo "lint: no $srcdir/cgi/sql.c"
	exit 1
fi
if grep -n -i -E '(update|delete[[:space:]]+from|replace[[:space:]]+into|truncate([[:space:]]+table)?|alter[[:space:]]+table|drop[[:space:]]+table)[[:space:]]+`?audit_log' \
    "$srcdir"/cgi/*.c; then
	echo "lint: audit_log rows are only ever inserted"
	status=1
fi
exit $status

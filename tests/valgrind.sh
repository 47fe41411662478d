#!/usr/bin/env bash
# Runs the public responder (plain build) under valgrind in place of the
# usual one, drives 1,200 requests of every kind through nginx, stops it
# with SIGTERM, and fails on any valgrind error or leak.
# Needs the environment ./laoxiao test sets: LAOXIAO_BUILD, LAOXIAO_SOCKDIR,
# LAOXIAO_VAR, BASE_URL and the LAOXIAO_DB_* / key / template variables.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${LAOXIAO_BUILD:?} ${LAOXIAO_SOCKDIR:?} ${LAOXIAO_VAR:?} ${BASE_URL:?}"
log="$LAOXIAO_VAR/log/valgrind-public.log"
sock="$LAOXIAO_SOCKDIR/public.sock"
requests=${VALGRIND_REQUESTS:-1200}

valgrind --quiet --error-exitcode=99 --leak-check=full \
    --show-leak-kinds=definite,indirect,possible \
    --errors-for-leak-kinds=definite,indirect,possible \
    --log-file="$log" \
    "$LAOXIAO_BUILD/cgi/laoxiao-public" --socket "$sock" --threads 4 &
vg=$!

for _ in $(seq 1 300); do
    [[ -S $sock ]] && curl -fsS -o /dev/null "$BASE_URL/healthz" 2>/dev/null && break
    kill -0 "$vg" 2>/dev/null || { echo "valgrind: responder died at start"; cat "$log"; exit 1; }
    sleep 0.2
done

drive=0
node tests/leak/drive.mjs "$BASE_URL" "$requests" || drive=$?

kill -TERM "$vg"
rc=0
wait "$vg" || rc=$?
if [[ -s $log ]]; then
    echo "valgrind reported:"
    cat "$log"
fi
if [[ $rc -ne 0 || -s $log ]]; then
    echo "valgrind: FAILED (exit $rc)"
    exit 1
fi
if [[ $drive -ne 0 ]]; then
    echo "valgrind: requests got unexpected answers"
    exit 1
fi
echo "valgrind: $requests requests, 0 errors, 0 leaks"

#!/usr/bin/env bash
# Runs each responder (plain build) under valgrind in place of the usual
# one, drives 1,200 requests of every kind through nginx, stops it with
# SIGTERM, and fails on any valgrind error or leak.
# Needs the environment ./laoxiao test sets: LAOXIAO_BUILD, LAOXIAO_SOCKDIR,
# LAOXIAO_VAR, BASE_URL and the LAOXIAO_DB_* / key / template variables.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

: "${LAOXIAO_BUILD:?} ${LAOXIAO_SOCKDIR:?} ${LAOXIAO_VAR:?} ${BASE_URL:?}"
requests=${VALGRIND_REQUESTS:-1200}

# check NAME DRIVER PROBE: the responder laoxiao-NAME under valgrind,
# driven by tests/leak/DRIVER once PROBE (one of its pages) answers.
check() {
    local name=$1 driver=$2 probe=$3
    local log="$LAOXIAO_VAR/log/valgrind-$name.log" sock="$LAOXIAO_SOCKDIR/$name.sock"
    local vg rc=0 drive=0

    # As ./laoxiao starts the responder: its own database user and, when ./laoxiao runs as root, its
    # own system user with a socket nginx's workers open through its group.
    local as=(env "LAOXIAO_DB_USER=laoxiao_$name" "LAOXIAO_DB_PASSWORD_FILE=$LAOXIAO_VAR/secrets/db_password_$name")
    if [[ ${LAOXIAO_PRIVSEP:-0} == 1 ]]; then
        as+=(LAOXIAO_SOCKET_MODE=0660 setpriv --reuid="laoxiao-$name" --regid="laoxiao-$name" --init-groups
             --no-new-privs)
    fi
    "${as[@]}" valgrind --quiet --error-exitcode=99 --leak-check=full \
        --show-leak-kinds=definite,indirect,possible \
        --errors-for-leak-kinds=definite,indirect,possible \
        --log-file="$log" \
        "$LAOXIAO_BUILD/cgi/laoxiao-$name" --socket "$sock" --threads 4 &
    vg=$!
    for _ in $(seq 1 300); do
        [[ -S $sock ]] && curl -fsS -o /dev/null "$BASE_URL$probe" 2>/dev/null && break
        kill -0 "$vg" 2>/dev/null || { echo "valgrind: $name died at start"; cat "$log"; return 1; }
        sleep 0.2
    done
    node "tests/leak/$driver" "$BASE_URL" "$requests" || drive=$?
    kill -TERM "$vg"
    wait "$vg" || rc=$?
    if [[ -s $log ]]; then
        echo "valgrind ($name) reported:"
        cat "$log"
    fi
    if [[ $rc -ne 0 || -s $log ]]; then
        echo "valgrind: $name FAILED (exit $rc)"
        return 1
    fi
    if [[ $drive -ne 0 ]]; then
        echo "valgrind: $name: requests got unexpected answers"
        return 1
    fi
    echo "valgrind: $name: $requests requests, 0 errors, 0 leaks"
}

status=0
check public drive.mjs /healthz || status=1
check staff drive-staff.mjs /login || status=1
exit $status

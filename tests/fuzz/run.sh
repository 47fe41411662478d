#!/bin/bash
# Builds the libFuzzer targets (clang, ASan + UBSan) in build-fuzz/, replays
# every input of the kept corpora (tests/fuzz/corpus/TARGET/: seeds and
# every crash ever found), then fuzzes each target for FUZZ_SECONDS
# (default 10). New inputs go to build-fuzz/, never into the repository; a
# crash leaves its input in build-fuzz/crashes/ to be fixed and then added
# to the target's corpus. Exit status non-zero on any failure.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${LAOXIAO_FUZZ_BUILD:-$ROOT/build-fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-10}
TARGETS=(fuzz_urlencoded fuzz_cookie fuzz_route fuzz_valid fuzz_places)
CC=${FUZZ_CC:-clang}

command -v "$CC" >/dev/null || { echo "fuzz: $CC is not installed (Debian: clang)" >&2; exit 1; }
PKGS="fcgi libxml-2.0 libxslt libsodium libqrencode"
if pkg-config --exists libmariadb; then PKGS+=" libmariadb"; else PKGS+=" mysqlclient"; fi
# shellcheck disable=SC2086
CFLAGS_PKG=$(pkg-config --cflags $PKGS) || exit 1
# shellcheck disable=SC2086
LIBS_PKG=$(pkg-config --libs $PKGS) || exit 1
SAN='-fsanitize=address,undefined -fno-sanitize-recover=undefined'
CFLAGS="-std=c11 -D_GNU_SOURCE -g -O1 -fno-omit-frame-pointer -Wall -Wextra -Wno-missing-field-initializers -I$ROOT/cgi $CFLAGS_PKG"

mkdir -p "$OUT/obj" "$OUT/crashes" "$OUT/new"
# The core and the staff pages (for the real route table), instrumented
# for coverage; rebuilt only when a source is newer than its object.
objs=()
for src in "$ROOT"/cgi/*.c; do
    base=$(basename "$src" .c)
    case $base in
        public|staff|tool|bare|demo|demo-*) continue ;;
    esac
    obj=$OUT/obj/$base.o
    if [[ ! -f $obj || $src -nt $obj || -n $(find "$ROOT/cgi" -name '*.h' -newer "$obj" -print -quit) ]]; then
        # shellcheck disable=SC2086
        $CC $CFLAGS $SAN -fsanitize=fuzzer-no-link -c "$src" -o "$obj" || exit 1
    fi
    objs+=("$obj")
done
fail=0
for t in "${TARGETS[@]}"; do
    # shellcheck disable=SC2086
    if ! $CC $CFLAGS $SAN -fsanitize=fuzzer "$ROOT/tests/fuzz/$t.c" "${objs[@]}" \
            $LIBS_PKG -lpthread -o "$OUT/$t"; then
        echo "fuzz: $t does not build" >&2
        exit 1
    fi
done
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
for t in "${TARGETS[@]}"; do
    corpus=$ROOT/tests/fuzz/corpus/${t#fuzz_}
    if [[ ! -d $corpus ]] || [[ -z $(ls -A "$corpus") ]]; then
        echo "fuzz: $t has no corpus in $corpus" >&2
        fail=1
        continue
    fi
    # 1. Every kept input once.
    if ! "$OUT/$t" -runs=0 -artifact_prefix="$OUT/crashes/$t-" "$corpus" >"$OUT/$t.replay.log" 2>&1; then
        tail -30 "$OUT/$t.replay.log" >&2
        echo "fuzz: $t fails on its kept corpus" >&2
        fail=1
        continue
    fi
    # 2. A bounded run from the kept corpus; new inputs stay in build-fuzz.
    mkdir -p "$OUT/new/$t"
    if ! "$OUT/$t" -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=1024 -max_len=4096 \
            -artifact_prefix="$OUT/crashes/$t-" "$OUT/new/$t" "$corpus" >"$OUT/$t.log" 2>&1; then
        tail -40 "$OUT/$t.log" >&2
        echo "fuzz: $t crashed; the input is in $OUT/crashes/" >&2
        fail=1
        continue
    fi
    echo "fuzz: $t: $(grep -o 'Done [0-9]* runs' "$OUT/$t.log" | tail -1), corpus $(ls "$corpus" | wc -l) kept"
done
exit $fail

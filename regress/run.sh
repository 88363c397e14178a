#!/bin/sh
# run.sh: every test of supd, first against the normal build (obj/),
# then against the ASan+UBSan build (obj-asan/).  Each test program
# prints "ok - ..." / "not ok - ..." lines; a program that dies or exits
# non-zero without saying why counts as one more failure.  The last line
# is "N passed, N failed".
#
#	sh regress/run.sh [unit|fuzz|integration]...	(default: all, both builds)

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
PY=/usr/bin/python3
log=$(mktemp -d /tmp/supd-run.XXXXXX)
passed=0
failed=0
kinds=${*:-unit fuzz integration}
builds=${BUILDS:-obj obj-asan}

# run NAME COMMAND...: runs one test program and adds up its lines.
run() {
	name=$1
	shift
	out="$log/$(echo "$name" | tr '/ ' '__').out"
	start=$(date +%s)
	"$@" >"$out" 2>&1
	rc=$?
	p=$(grep -c '^ok - ' "$out")
	f=$(grep -c '^not ok - ' "$out")
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $name: exited with status $rc" >>"$out"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	echo "# $name: $p passed, $f failed ($(( $(date +%s) - start )) s)"
	if [ "$f" -ne 0 ]; then
		grep -v '^ok - ' "$out" | tail -n 60 | sed 's/^/#   /'
	fi
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for b in $builds; do
	if [ ! -x "$b/supd" ]; then
		echo "not ok - $b/supd is missing (run make check)"
		failed=$((failed + 1))
		continue
	fi
	for k in $kinds; do
		case $k in
		unit)
			for t in "$b"/regress/test_*; do
				[ -x "$t" ] || continue
				run "$b: unit $(basename "$t")" "$t"
			done
			;;
		fuzz)
			[ -x "$b/regress/fuzz_proto" ] || continue
			run "$b: fuzz fuzz_proto" sh -c "FUZZ_ITERS=${FUZZ_ITERS:-500000} \
			    $b/regress/fuzz_proto >$log/fz.out 2>&1; rc=\$?; \
			    if [ \$rc -eq 0 ]; then echo \"ok - \$(cat $log/fz.out)\"; \
			    else cat $log/fz.out; echo \"not ok - fuzz_proto\"; fi"
			;;
		integration)
			for t in regress/integration/test_*.py; do
				[ -f "$t" ] || continue
				run "$b: integration $(basename "$t")" \
				    env SUPD="$b/supd" SUPCTL="$b/supctl" \
				    $PY "$t"
			done
			;;
		esac
	done
done
rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

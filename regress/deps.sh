#!/bin/sh
# deps.sh [-c] package...: make sure the Debian packages supd needs are
# installed.  As root, missing ones are installed with apt-get; otherwise
# the exact command to run is printed.  -c only checks, and fails quietly
# with the same advice (used by a plain "make").
check=0
if [ "$1" = "-c" ]; then
	check=1
	shift
fi
missing=
for p in "$@"; do
	st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)
	case "$st" in
	*" installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0
if [ $check -eq 0 ] && [ "$(id -u)" -eq 0 ]; then
	echo "deps: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq && apt-get install -y -qq $missing && exit 0
	echo "deps: apt-get failed" >&2
	exit 1
fi
echo "deps: missing packages:$missing" >&2
echo "deps: run: sudo apt-get update && sudo apt-get install -y$missing" >&2
exit 1

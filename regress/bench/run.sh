#!/bin/sh
# make bench: figures and ratios of DESIGN.md section 5.
cd "$(dirname "$0")/../.." || exit 1
exec obj/regress/bench obj/supd "${BENCH_ITERS:-300}"

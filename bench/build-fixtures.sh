#!/usr/bin/env bash
# Rebuilds the committed parse_bench objects (used by `npm run bench` when clang-16 is absent) from
# ../shared/bench/parse_bench.c: the XDP entry, ×1 and ×64 (-DREPEAT=64).
set -euo pipefail
cd "$(dirname "$0")"
SRC=../../shared/bench/parse_bench.c
FLAGS=(-O2 -g -target bpf -I/usr/include/x86_64-linux-gnu)
clang-16 "${FLAGS[@]}" -c "$SRC" -o fixtures/parse_bench.o
clang-16 "${FLAGS[@]}" -DREPEAT=64 -c "$SRC" -o fixtures/parse_bench_x64.o
echo "built bench/fixtures/parse_bench.o and parse_bench_x64.o"

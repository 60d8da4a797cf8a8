#!/usr/bin/env bash
# Rebuilds the clang-16 objects of examples/*.bpf.c into test/fixtures/clang/ (committed, so tests that
# read clang's output run without clang). Usage: scripts/build-fixtures.sh [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-clang-16}
out=test/fixtures/clang
mkdir -p "$out"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
if [ $# -gt 0 ]; then srcs=(); for n in "$@"; do srcs+=("examples/$n.bpf.c"); done; else srcs=(examples/*.bpf.c); fi
for src in "${srcs[@]}"; do
  name=$(basename "$src" .bpf.c)
  "$CLANG" -O2 -g -target bpf -I"/usr/include/$multiarch" -c "$src" -o "$out/$name.o"
  echo "built $out/$name.o"
done

#!/usr/bin/env bash
# Builds the program corpus test/fixtures/corpus/*.bpf.c with clang-16 -O2 -g into
# test/fixtures/corpus/clang/<name>.o (committed, so the VM side runs without clang). Any compiler warning
# fails the build. With --load (needs root, bpftool and bpffs) each object is also loaded into the kernel
# with `bpftool prog loadall` in a private bpffs directory that is removed afterwards, and the verifier's
# instruction count is printed (over 200000 fails: the corpus should verify quickly).
# With --check nothing is written: each source is compiled to a temporary object whose disassembly (with
# relocations) must equal the committed object's, so stale objects are caught.
# Usage: scripts/build-corpus.sh [--load|--check] [NAME...]
set -euo pipefail
cd "$(dirname "$0")/.."
CLANG=${CLANG:-clang-16}
dir=test/fixtures/corpus
out=$dir/clang
load=0
check=0
if [ "${1:-}" = "--load" ]; then load=1; shift; fi
if [ "${1:-}" = "--check" ]; then check=1; shift; fi
tmpdir=$(mktemp -d)
trap 'rm -rf "$tmpdir"' EXIT
listing() { llvm-objdump-16 -d -r "$1" | sed 1,3d; }
mkdir -p "$out"
multiarch=$(gcc -print-multiarch 2>/dev/null || echo x86_64-linux-gnu)
if [ $# -gt 0 ]; then srcs=(); for n in "$@"; do srcs+=("$dir/$n.bpf.c"); done; else srcs=("$dir"/*.bpf.c); fi
failed=0
for src in "${srcs[@]}"; do
  name=$(basename "$src" .bpf.c)
  obj="$out/$name.o"
  if [ $check = 1 ]; then obj="$tmpdir/$name.o"; fi
  if ! warnings=$("$CLANG" -O2 -g -target bpf -I"/usr/include/$multiarch" -c "$src" -o "$obj" 2>&1); then
    echo "$warnings"; echo "FAILED $name (compile)"; failed=1; continue
  fi
  if [ -n "$warnings" ]; then echo "$warnings"; echo "FAILED $name (warnings)"; failed=1; continue; fi
  if [ $check = 1 ]; then
    if [ "$(listing "$obj")" != "$(listing "$out/$name.o")" ]; then echo "STALE $out/$name.o"; failed=1; fi
    continue
  fi
  if [ $load = 1 ]; then
    pin=$(mktemp -d /sys/fs/bpf/ebpfc-corpus-XXXXXX)
    if ! log=$(bpftool -d prog loadall "$out/$name.o" "$pin/progs" pinmaps "$pin/maps" 2>&1); then
      echo "$log" | grep -v '^libbpf:' | tail -n 40; echo "FAILED $name (kernel load)"; failed=1
    else
      # verifier cost per program: keep the corpus cheap to verify (the VM's verifier runs it too)
      insns=$(echo "$log" | sed -n 's/^processed \([0-9]*\) insns.*/\1/p' | paste -sd+ - | bc)
      echo "  $name: kernel verifier processed $insns insns"
      if [ "${insns:-0}" -gt 200000 ]; then echo "FAILED $name (verifier cost)"; failed=1; fi
    fi
    rm -rf "$pin"
  fi
  echo "built $out/$name.o"
done
exit $failed

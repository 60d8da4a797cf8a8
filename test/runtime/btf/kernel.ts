// The kernel as a BTF validator: compiles btfload.c once per process and loads blobs with
// BPF_BTF_LOAD. Available only where the kernel helpers are (root, bpftool, bpffs) and a C compiler
// is installed; tests skip otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Btf } from '../../../runtime/btf/index.js';
import { mapReferences } from '../../../runtime/btf/index.js';
import { canUseKernel } from '../../helpers/tools.js';

export function canLoadBtf(): boolean {
  return canUseKernel() && spawnSync('cc', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** Builds the loader in `dir` and returns a function that loads blobs: "OK" or "ERR errno message". */
export function kernelLoader(dir: string): (blobs: Uint8Array[]) => string[] {
  const exe = join(dir, 'btfload');
  execFileSync('cc', ['-O2', '-o', exe, fileURLToPath(new URL('./btfload.c', import.meta.url))]);
  return (blobs) => {
    const files = blobs.map((b, i) => {
      const f = join(dir, `blob${i}.btf`);
      writeFileSync(f, b);
      return f;
    });
    const out: string[] = [];
    for (let i = 0; i < files.length; i += 200) {
      out.push(...execFileSync(exe, files.slice(i, i + 200), { encoding: 'utf8', maxBuffer: 1 << 26 }).trimEnd().split('\n'));
    }
    return out;
  };
}

/**
 * What libbpf does to an object's BTF before the kernel sees it, enough for the corpus: DATASECs get a
 * real size with their variables laid out one after the other, extern FUNC/VAR become static and
 * FUNCs leave DATASECs (.ksyms).
 */
export function sanitizeForKernel(btf: Btf): Btf {
  const types = btf.types.map((t) => mapReferences(t, (id) => id));
  for (const t of types) {
    if ((t.kind === 'FUNC' || t.kind === 'VAR') && t.linkage === 'extern') t.linkage = 'static';
    if (t.kind !== 'DATASEC') continue;
    t.vars = t.vars.filter((v) => types[v.type]?.kind === 'VAR');
    let off = 0;
    for (const v of t.vars) {
      off = Math.ceil(off / 8) * 8;
      v.offset = off;
      v.size = Math.max(v.size, 1);
      off += v.size;
    }
    t.size = Math.max(off, 1);
  }
  return { types, strings: btf.strings.clone() };
}

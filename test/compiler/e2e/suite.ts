// The end-to-end suite for a list of programs (harness.ts says what is compared): compile with ebpfc;
// read the object with llvm-objdump-16 -d -r (which must decode every instruction: no `<unknown>`),
// llvm-readelf-16 -a, bpftool btf dump file, and libbpf's static linker and skeleton generator
// (bpftool gen object / gen skeleton): exit 0, nothing on stderr;
// compare its BTF with clang's (test/compiler/object/clang-compare.ts); run it in our VM and compare
// with the kernel's recording of clang's object; load it into the kernel with bpftool prog loadall (the
// verifier must accept it), run it there on CPU 0 and compare again. The kernel and LLVM parts skip
// without root/bpftool or the tools.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { runInKernelBatched } from '../../corpus/batch-kernel.js';
import { BPFTOOL, OBJDUMP, READELF, canUseKernel, hasTool } from '../../helpers/tools.js';
import { checkLineInfo, compareWithClang } from '../object/clang-compare.js';
import { CPUS, caseForOurs, compareRuns, compileProgram, vmRun, type Program } from './harness.js';

/**
 * Programs the kernel's verifier still rejects when compiled by ebpfc, with the reason. Their kernel
 * test asserts the rejection, so a fix shows up as a failure asking to remove the entry.
 */
export const KERNEL_REJECTS: Readonly<Record<string, string>> = {};

function possibleCpus(): number {
  const r = spawnSync('cat', ['/sys/devices/system/cpu/possible'], { encoding: 'utf8' });
  return (r.stdout ?? '').trim().split(',').filter(Boolean).reduce((n, part) => {
    const [a, b] = part.split('-').map(Number);
    return n + (b === undefined ? 1 : (b as number) - (a as number) + 1);
  }, 0);
}

const LLVM = hasTool(OBJDUMP) && hasTool(READELF) && hasTool(BPFTOOL);
const KERNEL = canUseKernel() && possibleCpus() === CPUS;

function reader(cmd: string, args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Lines of an llvm-objdump listing that it could not decode (LLVM 16 knows no BPF_ST, no JSET). */
export function undecoded(listing: string): string[] {
  return listing.split('\n').filter((l) => l.includes('<unknown>'));
}

export function e2eSuite(title: string, programs: Program[]): void {
  const dir = mkdtempSync(join(tmpdir(), 'ebpfc-e2e-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const compiled = new Map<string, ReturnType<typeof compileProgram>>();
  const get = (p: Program): ReturnType<typeof compileProgram> => {
    let c = compiled.get(p.name);
    if (!c) {
      c = compileProgram(p);
      compiled.set(p.name, c);
    }
    return c;
  };
  const path = (p: Program): string => {
    const f = join(dir, `${p.name}.o`);
    writeFileSync(f, get(p).object);
    return f;
  };

  describe(title, () => {
    it('has programs', () => expect(programs.length).toBeGreaterThan(0));

    describe.each(programs.map((p) => [p.name, p] as const))('%s', (name, p) => {
      it('compiles without warnings from the back end', () => {
        const r = get(p);
        expect(r.diagnostics.filter((d) => d.code.startsWith('B'))).toEqual([]);
      }, 60_000);

      it('describes the program in BTF as clang-16 does, with func and line info the kernel accepts', () => {
        const r = get(p);
        compareWithClang(name, r.spec, p.clang);
        checkLineInfo(name, r.spec);
      }, 60_000);

      it.skipIf(!LLVM)('reads with llvm-objdump -d -r, llvm-readelf -a, bpftool btf dump, gen object and gen skeleton', () => {
        const f = path(p);
        const linked = join(dir, `${p.name}.linked.o`);
        const readers = [[OBJDUMP, ['-d', '-r', f]], [READELF, ['-a', f]], [BPFTOOL, ['btf', 'dump', 'file', f]], [BPFTOOL, ['gen', 'object', linked, f]], [BPFTOOL, ['gen', 'skeleton', f, 'name', 'prog']]] as const;
        for (const [cmd, args] of readers) {
          const r = reader(cmd, [...args]);
          expect({ cmd, status: r.status, stderr: r.stderr }).toEqual({ cmd, status: 0, stderr: '' });
          if (cmd === OBJDUMP) expect(undecoded(r.stdout), `${name}: instructions llvm-objdump-16 cannot decode`).toEqual([]);
        }
      }, 60_000);

      it('runs in our VM as clang-16 -O2 code runs in the kernel', () => {
        const r = get(p);
        compareRuns(p, vmRun(r.object, caseForOurs(p.case, p.clang, r.spec)), r.spec, false);
      }, 60_000);

      it.skipIf(!KERNEL)('loads into the kernel and runs there as clang-16 -O2 code does', async () => {
        const r = get(p);
        const run = runInKernelBatched(path(p), caseForOurs(p.case, p.clang, r.spec));
        if (KERNEL_REJECTS[name] !== undefined) {
          await expect(run, `${name} is listed in KERNEL_REJECTS; it loads now: remove the entry`).rejects.toThrow();
          return;
        }
        compareRuns(p, await run, r.spec, true);
      }, 120_000);
    });
  });
}

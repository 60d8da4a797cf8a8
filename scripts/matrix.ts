// The compile matrix: every example and corpus program (test/compiler/e2e/harness.ts's lists) compiled by
// ebpfc at each of -O0, -O1, -O2 × --mcpu v1, v2, v3, v4, run in our VM and — with root, bpftool and a
// bpffs — loaded into the kernel with `bpftool prog loadall` (a private bpffs directory, always removed)
// and run there, each compared with the kernel's recorded run of clang-16 -O2's object the way the e2e
// suite compares them (harness.ts compareRuns). Prints a table of the failures by program and
// configuration (C: does not compile, VM: our VM differs, K-REJ: the kernel's verifier refuses it,
// K: the kernel's run differs), then the first lines of each failure's reason.
// Usage: node --import tsx scripts/matrix.ts [--vm-only] [-O<n>...] [-v<n>...] [name...]
//   (-O and -v restrict the levels and cpu versions; names restrict the programs; exit 1 on any failure)
import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileC, createPreprocessCache, formatDiagnostics, sourceLookup } from '../compiler/index.js';
import { nodeFileSystem } from '../grammar/c/preprocess/node-fs.js';
import { runInKernelBatched } from '../test/corpus/batch-kernel.js';
import { CORPUS, EXAMPLES, caseForOurs, compareRuns, vmRun, type Program } from '../test/compiler/e2e/harness.js';
import { canUseKernel } from '../test/helpers/tools.js';

type Level = 0 | 1 | 2;
type Cpu = 1 | 2 | 3 | 4;

const args = process.argv.slice(2);
const vmOnly = args.includes('--vm-only');
const levels = args.filter((a) => /^-O[012]$/.test(a)).map((a) => Number(a.slice(2)) as Level);
const cpus = args.filter((a) => /^-v[1-4]$/.test(a)).map((a) => Number(a.slice(2)) as Cpu);
const names = args.filter((a) => !a.startsWith('-'));
const LEVELS: Level[] = levels.length ? levels : [0, 1, 2];
const CPUS: Cpu[] = cpus.length ? cpus : [1, 2, 3, 4];
const kernel = !vmOnly && canUseKernel();

const programs: Program[] = [...EXAMPLES(), ...CORPUS()].filter((p) => names.length === 0 || names.includes(p.name));
const cache = createPreprocessCache();
const fs = nodeFileSystem();
const tmp = mkdtempSync(join(tmpdir(), 'ebpfc-matrix-'));

interface Failure {
  program: string;
  config: string;
  kind: 'C' | 'VM' | 'K-REJ' | 'K';
  reason: string;
}

const firstLines = (text: string, n: number): string => text.split('\n').filter((l) => l.trim()).slice(0, n).join('\n');

/** The verifier's own words from a failed `bpftool prog loadall` (the lines before "processed …"). */
function verifierReason(e: unknown): string {
  const stderr = String((e as { stderr?: unknown }).stderr ?? (e as Error).message ?? e);
  const lines = stderr.split('\n');
  const end = lines.findIndex((l) => /^processed \d+ insns|-- END PROG LOAD LOG --/.test(l));
  if (end > 0) return lines.slice(Math.max(0, end - 3), end).join('\n');
  return firstLines(stderr, 4);
}

async function check(p: Program, level: Level, mcpu: Cpu): Promise<Failure[]> {
  const config = `-O${level} v${mcpu}`;
  const fail = (kind: Failure['kind'], reason: string): Failure => ({ program: p.name, config, kind, reason });
  const r = compileC(readFileSync(p.source, 'utf8'), { path: p.source, fs, cache, optLevel: level, mcpu });
  if (!r.object || !r.spec) return [fail('C', firstLines(formatDiagnostics(r.diagnostics, sourceLookup(r.files)), 3))];
  const c = caseForOurs(p.case, p.clang, r.spec);
  const out: Failure[] = [];
  try {
    compareRuns(p, vmRun(r.object, c), r.spec, false);
  } catch (e) {
    out.push(fail('VM', firstLines((e as Error).message, 3)));
  }
  if (!kernel) return out;
  const path = join(tmp, `${p.name}.O${level}.v${mcpu}.o`);
  writeFileSync(path, r.object);
  let run;
  try {
    run = await runInKernelBatched(path, c);
  } catch (e) {
    out.push(fail('K-REJ', verifierReason(e)));
    return out;
  } finally {
    rmSync(path, { force: true });
  }
  try {
    compareRuns(p, run, r.spec, true);
  } catch (e) {
    out.push(fail('K', firstLines((e as Error).message, 3)));
  }
  return out;
}

const failures: Failure[] = [];
try {
  for (const p of programs) {
    for (const level of LEVELS) {
      for (const mcpu of CPUS) {
        const f = await check(p, level, mcpu);
        failures.push(...f);
        process.stderr.write(f.length ? 'x' : '.');
      }
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.stderr.write('\n');

const configs = LEVELS.flatMap((l) => CPUS.map((c) => `-O${l} v${c}`));
const width = Math.max(7, ...programs.map((p) => p.name.length));
console.log(`${programs.length} programs × ${configs.length} configurations, ${kernel ? 'VM and kernel' : 'VM only'}: ${failures.length} failures`);
const failed = [...new Set(failures.map((f) => f.program))];
if (failed.length) {
  console.log(`${'program'.padEnd(width)}  ${configs.map((c) => c.padEnd(8)).join(' ')}`);
  for (const name of failed) {
    const cells = configs.map((cfg) => failures.filter((f) => f.program === name && f.config === cfg).map((f) => f.kind).join('+') || '.');
    console.log(`${name.padEnd(width)}  ${cells.map((c) => c.padEnd(8)).join(' ')}`);
  }
  console.log('\nreasons:');
  for (const f of failures) console.log(`${f.program} ${f.config} ${f.kind}:\n  ${f.reason.replace(/\n/g, '\n  ')}`);
}
process.exitCode = failures.length ? 1 : 0;

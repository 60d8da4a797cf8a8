// Batch drivers for llvm-mc as a reference disassembler and assembler: one instruction per input line,
// results mapped back per line (llvm-mc reports bad lines on stderr as `<stdin>:LINE:COL: ...` and goes on).
import { spawnSync } from 'node:child_process';

function runMc(tool: string, args: string[], input: string): { out: string[]; bad: Map<number, string> } {
  const r = spawnSync(tool, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  const bad = new Map<number, string>();
  for (const m of r.stderr.matchAll(/<stdin>:(\d+):\d+: (?:warning|error): (.*)/g)) bad.set(Number(m[1]), m[2]!);
  const out = r.stdout.split('\n').filter((l) => l.trim() !== '' && l.trim() !== '.text');
  return { out, bad };
}

/** Disassembles each byte string (one instruction each); undefined where llvm-mc finds it invalid. */
export function mcDisassemble(tool: string, items: Uint8Array[], extra: string[] = []): (string | undefined)[] {
  const input = items.map((b) => [...b].map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(' ')).join('\n') + '\n';
  const { out, bad } = runMc(tool, ['-disassemble', '-triple=bpfel', '-mcpu=v4', ...extra], input);
  let k = 0;
  const res = items.map((_b, i) => (bad.has(i + 1) ? undefined : out[k++]?.replace(/^\t/, '')));
  if (k !== out.length) throw new Error(`${tool}: ${out.length} output lines for ${k} instructions`);
  return res;
}

/** Assembles each line (one instruction each); undefined (with the error) where llvm-mc rejects it. */
export function mcAssemble(tool: string, lines: string[]): (Uint8Array | string)[] {
  const { out, bad } = runMc(tool, ['-triple=bpfel', '-mcpu=v4', '-show-encoding'], lines.join('\n') + '\n');
  let k = 0;
  const res = lines.map((_l, i): Uint8Array | string => {
    const e = bad.get(i + 1);
    if (e !== undefined) return e;
    const line = out[k++] ?? '';
    const m = /# encoding: \[([^\]]*)\]/.exec(line);
    if (m === null) return `no encoding in '${line}'`;
    return Uint8Array.from(m[1]!.split(',').map((x) => parseInt(x, 16)));
  });
  return res;
}

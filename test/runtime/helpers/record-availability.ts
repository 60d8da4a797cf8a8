// Records which helpers the kernel offers XDP, TC (sched_cls) and socket-filter programs, for every
// helper id ebpfc implements and a few it does not (needs root):
//   node --import tsx test/runtime/helpers/record-availability.ts
// Each probe is `call ID; r0 = 0; exit` with r1 = ctx: an offered helper fails later (its arguments)
// or loads; one not offered fails with "program of this type cannot use helper bpf_NAME#ID".
// Writes fixtures/availability.kernel.json: {"TYPE": {"ID": "offered" | verifier message}}.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LINUX_HELPERS, helperId } from '../../../runtime/helpers/index.js';
import { askVerifier, insnHex, PROG_TYPE } from './verifier.js';

const ids = [...new Set([...LINUX_HELPERS.map((d) => helperId(d.name)!), 27, 36, 67, 69, 151, 212, 300])].sort((a, b) => a - b);
const progs: [number, string][] = [];
const keys: [string, number][] = [];
for (const [name, type] of Object.entries(PROG_TYPE)) {
  for (const id of ids) {
    progs.push([type, insnHex(0x85, 0, 0, 0, id) + insnHex(0xb7, 0, 0, 0, 0) + insnHex(0x95, 0, 0, 0, 0)]);
    keys.push([name, id]);
  }
}
const answers = askVerifier(progs);
const out: Record<string, Record<string, string>> = {};
keys.forEach(([name, id], i) => {
  const a = answers[i]!;
  const unavailable = !a.ok && /cannot use helper|unknown func|invalid func/.test(a.reason ?? '');
  (out[name] ??= {})[String(id)] = unavailable ? a.reason! : 'offered';
});
writeFileSync(join(import.meta.dirname, 'fixtures/availability.kernel.json'), JSON.stringify(out, null, 1) + '\n');
console.log(`${keys.length} probes`);

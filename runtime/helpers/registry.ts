// The Linux helper set on the VM's helper interface: every HelperDef of base.ts, xdp.ts and skb.ts under
// its kernel id, wrapped with the checks the kernel's verifier makes per call site — the helper must be
// offered to the program type (else, in Linux 6.18's words, "program of this type cannot use helper
// bpf_NAME#ID"; older kernels said "unknown func bpf_NAME#ID"), GPL-only helpers need a
// GPL-compatible license — and the sync of an __sk_buff context before the helper reads it. Also a
// load-time check of every call instruction of a program with the same messages.

import { createHelperRegistry, type Helper, type HelperRegistry, type HelperProto } from '../vm/index.js';
import type { Insn } from '../isa/index.js';
import { InternalError } from '../errors.js';
import { BASE_HELPERS } from './base.js';
import { envOf, progFamily, type HelperDef, type ProgFamily } from './def.js';
import { helperId, helperName } from './ids.js';
import { SKB_HELPERS } from './skb.js';
import { XDP_HELPERS } from './xdp.js';

/** Every helper ebpfc implements, with its kernel prototype and program types. */
export const LINUX_HELPERS: readonly HelperDef[] = [...BASE_HELPERS, ...XDP_HELPERS, ...SKB_HELPERS];

export interface LinuxHelper extends Helper {
  /** program families that may call it ('base': all) */
  readonly types: 'base' | readonly ProgFamily[];
  /** packet pointers are invalid after a call (bpf_helper_changes_pkt_data) */
  readonly changesPkt: boolean;
}

function build(def: HelperDef): LinuxHelper {
  const id = helperId(def.name);
  if (id === undefined) throw new InternalError(`helper table: no id for ${def.name}`);
  const name = `bpf_${def.name}`;
  // availability for the last program type seen (runs of one program keep asking about the same type)
  let lastType: string | undefined;
  let lastOk = true;
  return {
    id, name, args: def.args, ret: def.ret, gplOnly: def.gplOnly ?? false, types: def.types, changesPkt: def.changesPkt ?? false,
    call(c) {
      const env = envOf(c);
      if (env.progType !== lastType) {
        lastType = env.progType;
        const fam = progFamily(lastType);
        lastOk = fam === undefined || def.types === 'base' || def.types.includes(fam);
      }
      if (!lastOk) c.fault(`program of this type cannot use helper ${name}#${id} (${env.progType})`);
      if (def.gplOnly && env.gpl === false) c.fault(`${name}#${id}: cannot call GPL-restricted function from non-GPL compatible program`);
      const ctx = env.ctx;
      if (ctx !== undefined && ctx.kind === 'skb') ctx.pull();
      return def.call(c, env);
    },
  };
}

/** The helpers, by id. */
export function linuxHelpers(): LinuxHelper[] {
  return LINUX_HELPERS.map(build).sort((a, b) => a.id - b.id);
}

/** A registry of the Linux helpers for VmOptions.helpers. */
export function createLinuxHelpers(): HelperRegistry {
  return createHelperRegistry(linuxHelpers());
}

/** Whether programs of `progType` may call helper `id` (undefined: the type is not modelled). */
export function helperAvailable(id: number, progType: string): boolean | undefined {
  const fam = progFamily(progType);
  const def = LINUX_HELPERS.find((d) => helperId(d.name) === id);
  if (fam === undefined) return undefined;
  if (def === undefined) return false;
  return def.types === 'base' || def.types.includes(fam);
}

/** The prototype of helper `id`, when ebpfc implements it. */
export function helperProto(id: number): HelperProto | undefined {
  const def = LINUX_HELPERS.find((d) => helperId(d.name) === id);
  return def === undefined ? undefined : { id, name: `bpf_${def.name}`, args: def.args, ret: def.ret, gplOnly: def.gplOnly ?? false };
}

export interface HelperCallProblem {
  pc: number;
  id: number;
  /** the kernel's wording where it has one */
  message: string;
}

const BPF_JMP = 0x05;
const BPF_CALL = 0x80;

/**
 * Checks every helper call (`call imm` with src 0) of a linked program against what the kernel offers
 * `progType` (only for xdp, sched_cls, sched_act and socket_filter), the license, and what ebpfc
 * implements, with the 6.18 verifier's messages: "invalid func unknown#ID" (no such helper), "program of
 * this type cannot use helper bpf_skb_store_bytes#9" (not offered to the type), "cannot call
 * GPL-restricted function from non-GPL compatible program"; and "bpf_NAME#ID is not modelled by
 * ebpfc's VM" for valid kernel helpers the VM does not provide.
 */
export function checkHelperCalls(insns: readonly Insn[], progType: string, gpl: boolean): HelperCallProblem[] {
  const out: HelperCallProblem[] = [];
  const fam = progFamily(progType);
  for (let pc = 0; pc < insns.length; pc++) {
    const i = insns[pc]!;
    if (i.code !== (BPF_JMP | BPF_CALL) || i.src !== 0) continue;
    const id = i.imm;
    const name = helperName(id);
    const def = LINUX_HELPERS.find((d) => helperId(d.name) === id);
    if (name === undefined) out.push({ pc, id, message: `invalid func unknown#${id}` });
    else if (def === undefined) out.push({ pc, id, message: `${name}#${id} is not modelled by ebpfc's VM` });
    else if (fam !== undefined && def.types !== 'base' && !def.types.includes(fam)) {
      out.push({ pc, id, message: `program of this type cannot use helper ${name}#${id}` });
    }
    else if (def.gplOnly && !gpl) out.push({ pc, id, message: 'cannot call GPL-restricted function from non-GPL compatible program' });
  }
  return out;
}

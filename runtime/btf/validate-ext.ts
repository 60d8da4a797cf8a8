// Checks of a decoded .BTF.ext against its .BTF at the ELF-object level — what libbpf and the kernel
// (kernel/bpf/verifier.c check_btf_func / check_btf_line, tools/lib/bpf/relo_core.c spec parsing)
// require of the records before they are split per program: instruction offsets are whole
// instructions and strictly increase within a section, func_info names a FUNC with a FUNC_PROTO, CO-RE
// relocations name an existing type, a known relocation kind and a well-formed access string.
// Per-program rules (first record at offset 0, one func_info per subprogram) need the instructions and
// belong to the loader.
import { BPF_CORE_TYPE_MATCHES, BPF_CORE_TYPE_ID_LOCAL } from './constants.js';
import { BtfError } from './errors.js';
import type { BtfExt } from './ext.js';
import type { Btf } from './types.js';

const INSN = 8;

/** Throws a BtfError naming the first bad record; returns when every record is usable. */
export function validateBtfExt(ext: BtfExt, btf: Btf): void {
  for (const sec of ext.funcInfo.sections) {
    let prev = -1;
    sec.records.forEach((r, i) => {
      const where = `.BTF.ext: func_info of ${sec.section} record ${i}`;
      if (r.insnOff % INSN !== 0) throw new BtfError(`${where}: insn_off ${r.insnOff} is not a multiple of ${INSN}`);
      if (r.insnOff <= prev) throw new BtfError(`${where}: same or smaller insn offset (${r.insnOff}) than previous func info record (${prev})`);
      prev = r.insnOff;
      const f = btf.types[r.typeId];
      const proto = f?.kind === 'FUNC' ? btf.types[f.type] : undefined;
      if (proto?.kind !== 'FUNC_PROTO') throw new BtfError(`${where}: invalid type id ${r.typeId}`);
    });
  }
  for (const sec of ext.lineInfo.sections) {
    let prev = -1;
    sec.records.forEach((r, i) => {
      const where = `.BTF.ext: line_info of ${sec.section} record ${i}`;
      if (r.insnOff % INSN !== 0) throw new BtfError(`${where}: insn_off ${r.insnOff} is not a multiple of ${INSN}`);
      if (r.insnOff <= prev) throw new BtfError(`${where}: insn_off ${r.insnOff} does not follow the previous record's ${prev}`);
      prev = r.insnOff;
    });
  }
  for (const sec of ext.coreRelo.sections) {
    sec.records.forEach((r, i) => {
      const where = `.BTF.ext: core_relo of ${sec.section} record ${i}`;
      if (r.insnOff % INSN !== 0) throw new BtfError(`${where}: insn_off ${r.insnOff} is not a multiple of ${INSN}`);
      if (r.kind > BPF_CORE_TYPE_MATCHES) throw new BtfError(`${where}: unknown relocation kind ${r.kind}`);
      const t = btf.types[r.typeId];
      if (t === undefined || (r.typeId === 0 && r.kind !== BPF_CORE_TYPE_ID_LOCAL)) {
        throw new BtfError(`${where}: type id ${r.typeId} does not exist`);
      }
      if (!/^\d+(:\d+)*$/.test(r.accessStr)) throw new BtfError(`${where}: malformed access string "${r.accessStr}"`);
    });
  }
}

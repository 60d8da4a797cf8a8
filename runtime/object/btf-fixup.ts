// DATASEC fix-up, as libbpf's btf_fixup_datasec (src/libbpf.c) does when it opens an object: clang
// leaves DATASEC sizes and global VAR offsets at 0 (reference §2.3). In: a Btf and where sections and
// global symbols are. Out: a Btf whose DATASECs carry real sizes, VAR offsets and sorted entries, and
// whose global VARs on hidden symbols are static. `force` (used when encoding) rewrites sizes and
// offsets even when the DATASEC already has a size, and fills entry sizes left at 0 (from the symbol,
// else from the VAR's type), which the kernel requires to cover the variable.
import { mapReferences, typeSize, type Btf, type BtfDatasec, type BtfType } from '../btf/index.js';
import { ObjectError } from './errors.js';

export interface DatasecEnv {
  /** Size of the ELF section named `name`, undefined when there is none. */
  sectionSize(name: string): number | undefined;
  /** The GLOBAL/WEAK STT_OBJECT symbol named `name` (libbpf find_elf_var_sym). */
  globalSymbol(name: string): { offset: number; size: number; hidden: boolean } | undefined;
}

/** Sections whose DATASEC describes externs; libbpf only sorts them. */
const EXTERN_SECTIONS = new Set(['.kconfig', '.ksyms']);

/** Returns a fixed-up copy of `btf` (types that change are copied; the string table is shared). */
export function fixupDatasecs(btf: Btf, env: DatasecEnv, force = false): Btf {
  const types: BtfType[] = btf.types.slice();
  types.forEach((t, id) => {
    if (t.kind !== 'DATASEC') return;
    const sec: BtfDatasec = { ...t, vars: t.vars.map((v) => ({ ...v })) };
    const where = `BTF DATASEC '${sec.name}' [${id}]`;
    if (!EXTERN_SECTIONS.has(sec.name)) {
      let fixOffsets = force;
      if (sec.size === 0 || force) {
        const size = env.sectionSize(sec.name);
        if (size === undefined || size === 0) {
          if (sec.size === 0) throw new ObjectError(`${where}: failed to determine size from ELF: no non-empty section '${sec.name}'`);
        } else {
          if (sec.size === 0) fixOffsets = true;
          sec.size = size;
        }
      }
      for (const v of sec.vars) {
        const tv = types[v.type];
        if (tv === undefined || tv.kind !== 'VAR') throw new ObjectError(`${where}: entry type [${v.type}] is not a VAR`);
        if (tv.linkage !== 'global') {
          if (force && v.size === 0) v.size = sizeOr0(btf, tv.type);
          continue;
        }
        const sym = env.globalSymbol(tv.name);
        if (sym === undefined) throw new ObjectError(`${where}: failed to find ELF symbol for VAR '${tv.name}'`);
        if (fixOffsets) v.offset = sym.offset;
        if (force && v.size === 0) v.size = sym.size > 0 ? sym.size : sizeOr0(btf, tv.type);
        if (sym.hidden) types[v.type] = { ...mapReferences(tv, (x) => x), linkage: 'static' } as BtfType;
      }
    }
    sec.vars.sort((a, b) => a.offset - b.offset);
    types[id] = sec;
  });
  return { types, strings: btf.strings };
}

function sizeOr0(btf: Btf, id: number): number {
  try {
    return typeSize(btf, id);
  } catch {
    return 0;
  }
}

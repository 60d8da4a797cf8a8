// DATASEC fix-up, libbpf's btf_fixup_datasec: clang writes every DATASEC with size 0 and its global
// variables at offset 0 (the real values are only in .rel.BTF relocations, which loaders ignore);
// before BTF can go to the kernel the size is taken from the ELF section of the same name, each
// global VAR's offset from its ELF symbol, variables with hidden/internal visibility become static, and
// the entries are sorted by offset. Extern sections (.kconfig, .ksyms) are only sorted. The ELF side
// is supplied by the caller (runtime/object), so this module stays independent of the ELF reader.
import { BtfError } from './errors.js';
import { mapReferences } from './walk.js';
import type { Btf, BtfDatasec } from './types.js';

export interface DatasecFixupEnv {
  /** size of the ELF section called `name`; undefined when the object has none */
  sectionSize(name: string): number | undefined;
  /**
   * The STT_OBJECT symbol with GLOBAL or WEAK binding called `name`: its st_value and whether its
   * visibility is STV_HIDDEN or STV_INTERNAL; undefined when there is none.
   */
  globalSymbol(name: string): { offset: number; hidden: boolean } | undefined;
}

const EXTERN_SECTIONS = new Set(['.kconfig', '.ksyms']);

/** A copy of `btf` with every DATASEC fixed up as libbpf does before loading. */
export function fixupDatasecs(btf: Btf, env: DatasecFixupEnv): Btf {
  const types = btf.types.map((t) => mapReferences(t, (id) => id));
  types.forEach((t, id) => {
    if (t.kind === 'DATASEC') fixup(types, id, t, env);
  });
  return { types, strings: btf.strings.clone() };
}

function fixup(types: Btf['types'], id: number, sec: BtfDatasec, env: DatasecFixupEnv): void {
  if (!EXTERN_SECTIONS.has(sec.name)) {
    const fixOffsets = sec.size === 0;
    if (fixOffsets) {
      const size = env.sectionSize(sec.name);
      if (size === undefined || size === 0) throw new BtfError(`sec '${sec.name}': failed to determine size from ELF (${size ?? 'no section'})`);
      sec.size = size;
    }
    for (const v of sec.vars) {
      const vt = types[v.type];
      if (vt === undefined || vt.kind !== 'VAR') throw new BtfError(`sec '${sec.name}': unexpected non-VAR type found (type ${v.type} of DATASEC ${id})`);
      if (vt.linkage === 'static' || vt.linkage === 'extern') continue;
      const sym = env.globalSymbol(vt.name);
      if (sym === undefined) throw new BtfError(`sec '${sec.name}': failed to find ELF symbol for VAR '${vt.name}'`);
      if (fixOffsets) v.offset = sym.offset;
      if (sym.hidden) vt.linkage = 'static';
    }
  }
  sec.vars.sort((a, b) => a.offset - b.offset);
}

// Global data layout: the IR module's globals (C objects with static storage and the merged string
// pool) placed in their data sections. In: the IR globals, the lowering's facts about them (the C
// variable behind each) and the set of symbols the code refers to; out: ObjectSpec DataSections (bytes,
// size, alignment, one OBJECT symbol per C variable) and where each IR symbol went. Each object sits at
// the next multiple of its alignment in the order the module declares it; a section is as aligned as
// its most aligned object. Objects with internal linkage that no instruction refers to any more are
// left out, as clang leaves them out once optimisation removed their last use. `.rodata.*`-style
// sections stay as named here; runtime/object's canonical form merges them into `.rodata`.
import type { LoweredGlobal } from '../c/to-ir/index.js';
import type { VarSymbol } from '../c/sema/index.js';
import type { GlobalDecl } from '../ir/index.js';
import type { DataKind, DataSection, SymbolLinkage } from '../../runtime/object/index.js';

export interface PlacedGlobal {
  symbol: string;
  section: string;
  offset: number;
  size: number;
  /** The C variable; absent for the string pool. */
  variable?: VarSymbol;
  linkage: SymbolLinkage;
  hidden: boolean;
}

export interface DataLayout {
  sections: DataSection[];
  /** IR global symbol → placement. */
  placed: Map<string, PlacedGlobal>;
}

const alignUp = (v: number, a: number): number => (a > 1 ? Math.ceil(v / a) * a : v);

export function dataKind(section: string): DataKind {
  if (section === '.bss' || section.startsWith('.bss.')) return 'bss';
  if (section === '.rodata' || section.startsWith('.rodata.')) return 'rodata';
  return 'data';
}

export function linkageOf(v: VarSymbol): SymbolLinkage {
  if (v.linkage !== 'external') return 'static';
  return v.attributes.weak ? 'weak' : 'global';
}

/**
 * Lays out `globals`. `referenced` holds the IR symbols instructions refer to; `info` the lowering's
 * facts by symbol.
 */
export function layoutData(globals: readonly GlobalDecl[], info: ReadonlyMap<string, LoweredGlobal>, referenced: ReadonlySet<string>): DataLayout {
  const sections = new Map<string, { s: DataSection; bytes: number[] }>();
  const placed = new Map<string, PlacedGlobal>();
  for (const g of globals) {
    const lg = info.get(g.symbol);
    const v = lg?.variable;
    const linkage = v ? linkageOf(v) : 'static';
    if (linkage === 'static' && !referenced.has(g.symbol)) continue;
    let entry = sections.get(g.section);
    if (!entry) {
      entry = { s: { name: g.section, kind: dataKind(g.section), size: 0, align: 1, variables: [] }, bytes: [] };
      sections.set(g.section, entry);
    }
    const align = Math.max(1, v?.data?.align ?? 1);
    const s = entry.s;
    const offset = alignUp(s.size, align);
    s.align = Math.max(s.align, align);
    while (entry.bytes.length < offset) entry.bytes.push(0);
    for (let i = 0; i < g.size; i++) entry.bytes.push(g.init?.[i] ?? 0);
    s.size = offset + g.size;
    const hidden = v?.attributes.visibility === 'hidden';
    const p: PlacedGlobal = { symbol: g.symbol, section: g.section, offset, size: g.size, linkage, hidden };
    if (v) {
      p.variable = v;
      s.variables.push({ name: v.objectName, offset, size: g.size, linkage, hidden, btfType: 0 });
    }
    placed.set(g.symbol, p);
  }
  const out: DataSection[] = [];
  for (const { s, bytes } of sections.values()) {
    if (s.kind !== 'bss') s.bytes = Uint8Array.from(bytes);
    out.push(s);
  }
  return { sections: out, placed };
}

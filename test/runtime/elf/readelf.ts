// Reads llvm-readelf-16's view of an object (sections and symbols from its JSON output, relocations
// from its GNU-style text, whose JSON form is broken in LLVM 16) for differential tests.
import { READELF, run } from '../../helpers/tools.js';

export interface RefSection {
  index: number; name: string; type: number; flags: number; offset: number; size: number;
  link: number; info: number; addralign: number; entsize: number;
}
export interface RefSymbol { name: string; nameOffset: number; value: number; size: number; bind: number; type: number; other: number; shndx: number }
export interface RefRelocSection { name: string; entries: { offset: number; symbol: number; type: number }[] }

interface JsonNamed { Value: string | number; RawValue: number }

export function readelfTables(path: string): { sections: RefSection[]; symbols: RefSymbol[]; relocations: RefRelocSection[] } {
  const json = JSON.parse(run(READELF, ['--elf-output-style=JSON', '-S', '-s', path])) as [
    {
      Sections: { Section: { Index: number; Name: JsonNamed; Type: JsonNamed; Flags: { RawFlags: number }; Offset: number; Size: number; Link: number; Info: number; AddressAlignment: number; EntrySize: number } }[];
      Symbols?: { Symbol: { Name: JsonNamed; Value: number; Size: number; Binding: JsonNamed; Type: JsonNamed; Other: number | { RawFlags: number }; Section: JsonNamed } }[];
    },
  ];
  const file = json[0];
  const sections = file.Sections.map(({ Section: s }) => ({
    index: s.Index,
    name: String(s.Name.Value),
    type: s.Type.RawValue,
    flags: s.Flags.RawFlags,
    offset: s.Offset,
    size: s.Size,
    link: s.Link,
    info: s.Info,
    addralign: s.AddressAlignment,
    entsize: s.EntrySize,
  }));
  const symbols = (file.Symbols ?? []).map(({ Symbol: y }) => ({
    // llvm-readelf shows a section symbol under its section's name; the raw offset is what is stored
    name: y.Type.RawValue === 3 ? '' : String(y.Name.Value),
    nameOffset: y.Name.RawValue,
    value: y.Value,
    size: y.Size,
    bind: y.Binding.RawValue,
    type: y.Type.RawValue,
    other: typeof y.Other === 'number' ? y.Other : y.Other.RawFlags,
    shndx: y.Section.RawValue,
  }));
  const relocations: RefRelocSection[] = [];
  let cur: RefRelocSection | undefined;
  for (const line of run(READELF, ['-r', path]).split('\n')) {
    const head = /^Relocation section '(.*)' at offset/.exec(line);
    if (head) {
      cur = { name: head[1] as string, entries: [] };
      relocations.push(cur);
      continue;
    }
    const m = /^([0-9a-f]{16})\s+([0-9a-f]{16})\s/.exec(line);
    if (m && cur) {
      const info = BigInt(`0x${m[2]}`);
      cur.entries.push({ offset: Number(BigInt(`0x${m[1]}`)), symbol: Number(info >> 32n), type: Number(info & 0xffffffffn) });
    }
  }
  return { sections, symbols, relocations };
}

// C declaration text for BTF types, as libbpf 1.1's btf_dump writes it: declarator chains (pointers,
// arrays, function prototypes, const/volatile/restrict, type tags) turned inside out into C syntax,
// struct/union/enum/typedef definitions with libbpf's padding markers (`long: 64;`, `int: 0;`) and packed
// detection, and unique names (`foo___2` for the second type named foo). Used by cdecl.ts, which
// decides what to define where.
//
// A BTF chain lists the outermost declarator first: `int *arr[10]` is ARRAY → PTR → INT. The writer
// pushes the chain on a stack down to the base type, prints the base type, then unwinds the stack —
// pointers and qualifiers to the left of the name, arrays and parameter lists to the right, with
// parentheses where an array or function sits under a pointer.
import { BtfError } from './errors.js';
import { typeAlign, typeSize } from './query.js';
import type { Btf, BtfComposite, BtfEnum, BtfEnum64, BtfFwd, BtfInt, BtfRef, BtfType } from './types.js';

const MAX_DEPTH = 1000;
/** Widest gap written as padding markers (64 Ki `long: 64;` lines). */
const MAX_PADDING_BITS = 64 * 65536;
const TABS = '\t'.repeat(13);

/** Indentation for nesting level `lvl` (libbpf caps it at 13 tabs). */
function pfx(lvl: number): string {
  return lvl >= TABS.length ? TABS : TABS.slice(0, lvl);
}

function roundup(x: number, y: number): number {
  return Math.ceil(x / y) * y;
}

/** A view of a shared declarator stack: ids[0..cnt). */
interface Stack {
  ids: number[];
  cnt: number;
}

const MISSING_BASE_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['__Poly8_t', 'unsigned char'],
  ['__Poly16_t', 'unsigned short'],
  ['__Poly64_t', 'unsigned long long'],
  ['__Poly128_t', 'unsigned __int128'],
];

export class DeclWriter {
  private readonly typeNames = new Map<string, number>();
  private readonly identNames = new Map<string, number>();
  private readonly cachedName: (string | undefined)[] = [];
  private readonly nameResolved: boolean[] = [];
  private readonly alignMemo = new Map<number, number>();
  private depth = 0;

  constructor(private readonly btf: Btf, private readonly print: (s: string) => void) {}

  private type(id: number): BtfType {
    const t = this.btf.types[id];
    if (t === undefined) throw new BtfError(`C dump: no type ${id}`);
    return t;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) throw new BtfError('C dump: declaration nested too deeply');
  }

  // ---- names -------------------------------------------------------------------------------------

  private nameDups(map: Map<string, number>, name: string): number {
    const n = (map.get(name) ?? 0) + 1;
    map.set(name, n);
    return n;
  }

  private resolveName(id: number, map: Map<string, number>): string {
    const t = this.type(id);
    if (t.name === '') return '';
    if (this.nameResolved[id]) return this.cachedName[id] ?? t.name;
    this.nameResolved[id] = true;
    if (t.kind === 'FWD' || (t.kind === 'ENUM' && t.values.length === 0)) return t.name;
    const dups = this.nameDups(map, t.name);
    if (dups > 1) this.cachedName[id] = `${t.name}___${dups}`;
    return this.cachedName[id] ?? t.name;
  }

  /** struct/union/enum tag name, made unique */
  typeName(id: number): string {
    return this.resolveName(id, this.typeNames);
  }

  /** typedef name, made unique (typedefs and enumerators share one namespace) */
  identName(id: number): string {
    return this.resolveName(id, this.identNames);
  }

  // ---- definitions -------------------------------------------------------------------------------

  /** `__builtin_va_list` is the compiler's own; its typedef is never printed. */
  isBlacklisted(t: BtfType): boolean {
    return t.name === '__builtin_va_list';
  }

  missingAlias(id: number, t: BtfInt): void {
    void t;
    const name = this.typeName(id);
    const alias = MISSING_BASE_TYPES.find(([n]) => n === name);
    if (alias) this.print(`typedef ${alias[1]} ${name};\n\n`);
  }

  structFwd(id: number, t: BtfComposite): void {
    const name = this.typeName(id);
    this.print(`${t.kind === 'STRUCT' ? 'struct' : 'union'}${t.name !== '' ? ' ' : ''}${name}`);
  }

  fwdDef(id: number, t: BtfFwd): void {
    const name = this.typeName(id);
    this.print(`${t.union ? 'union' : 'struct'} ${name}`);
  }

  enumDef(id: number, t: BtfEnum | BtfEnum64, lvl: number): void {
    const name = this.typeName(id);
    this.print(`enum${t.name !== '' ? ' ' : ''}${name}`);
    if (t.values.length === 0) return;
    this.print(' {');
    for (const v of t.values) {
      const dups = this.nameDups(this.identNames, v.name);
      const vname = dups > 1 ? `${v.name}___${dups}` : v.name;
      const suffix = t.kind === 'ENUM64' ? (t.signed ? 'LL' : 'ULL') : '';
      this.print(`\n${pfx(lvl + 1)}${vname} = ${v.value}${suffix},`);
    }
    this.print(`\n${pfx(lvl)}}`);
  }

  typedefDef(id: number, t: BtfRef, lvl: number): void {
    const name = this.identName(id);
    if (t.type === 0 && name === '__gnuc_va_list') {
      this.print('typedef __builtin_va_list __gnuc_va_list');
      return;
    }
    this.print('typedef ');
    this.typeDecl(t.type, name, lvl);
  }

  private alignOf(id: number): number {
    try {
      return typeAlign(this.btf, id, this.alignMemo);
    } catch (e) {
      if (e instanceof BtfError) return 0;
      throw e;
    }
  }

  private sizeOf(id: number): number {
    try {
      return typeSize(this.btf, id);
    } catch (e) {
      if (e instanceof BtfError) return 0;
      throw e;
    }
  }

  /** A struct is written packed when a member is misaligned or the size is not a multiple of the alignment. */
  private isPacked(t: BtfComposite): boolean {
    let maxAlign = 1;
    for (const m of t.members) {
      const align = this.alignOf(m.type);
      if (align && m.bitfieldSize === 0 && m.bitOffset % (8 * align) !== 0) return true;
      maxAlign = Math.max(align, maxAlign);
    }
    return t.size % maxAlign !== 0;
  }

  /** Explicit padding between bit offsets cur and next, with the fewest and widest markers. */
  private bitPadding(cur: number, next: number, nextAlign: number, inBitfield: boolean, lvl: number): void {
    const pads: ReadonlyArray<readonly [string, number]> = [['long', 64], ['int', 32], ['short', 16], ['char', 8]];
    if (cur >= next) return;
    if (next - cur > MAX_PADDING_BITS) throw new BtfError(`C dump: ${next - cur} bits of padding are too many to print`);
    let newOff = 0;
    let padType = '';
    let padBits = 0;
    for (const [name, bits] of pads) {
      padType = name;
      padBits = bits;
      newOff = roundup(cur, bits);
      if (newOff <= next) break;
    }
    if (newOff > cur && newOff <= next) {
      if (inBitfield
        || (newOff === next && roundup(cur, nextAlign * 8) !== newOff)
        || (newOff !== next && next - newOff <= newOff - cur)) {
        this.print(`\n${pfx(lvl)}${padType}: ${inBitfield ? newOff - cur : 0};`);
      }
      cur = newOff;
    }
    while (cur !== next) {
      const bits = Math.min(next - cur, padBits);
      if (bits === padBits) {
        this.print(`\n${pfx(lvl)}${padType}: ${padBits};`);
        cur += bits;
        continue;
      }
      for (let i = pads.length - 1; i >= 0; i--) {
        const [name, pb] = pads[i]!;
        padType = name;
        padBits = pb;
        if (pb < bits) continue;
        this.print(`\n${pfx(lvl)}${name}: ${bits};`);
        cur += bits;
        break;
      }
    }
  }

  structDef(id: number, t: BtfComposite, lvl: number): void {
    this.enter();
    const isStruct = t.kind === 'STRUCT';
    const align = this.alignOf(id);
    const packed = isStruct ? this.isPacked(t) : false;
    this.print(`${isStruct ? 'struct' : 'union'}${t.name !== '' ? ' ' : ''}${this.typeName(id)} {`);
    let off = 0;
    let prevBitfield = false;
    for (const m of t.members) {
      const mAlign = packed ? 1 : this.alignOf(m.type);
      const inBitfield = prevBitfield && m.bitfieldSize !== 0;
      this.bitPadding(off, m.bitOffset, mAlign, inBitfield, lvl + 1);
      this.print(`\n${pfx(lvl + 1)}`);
      this.typeDecl(m.type, m.name, lvl + 1);
      if (m.bitfieldSize) {
        this.print(`: ${m.bitfieldSize}`);
        off = m.bitOffset + m.bitfieldSize;
        prevBitfield = true;
      } else {
        off = m.bitOffset + this.sizeOf(m.type) * 8;
        prevBitfield = false;
      }
      this.print(';');
    }
    if (isStruct) this.bitPadding(off, t.size * 8, align, false, lvl + 1);
    if (t.members.length > 0 || t.size > 0) this.print(`\n${pfx(lvl)}}`);
    else this.print('}');
    if (packed) this.print(' __attribute__((packed))');
    this.depth--;
  }

  // ---- declarators -------------------------------------------------------------------------------

  /** Writes a declaration of `fname` (possibly '') with type `id`. */
  typeDecl(id: number, fname: string, lvl: number): void {
    this.enter();
    const ids: number[] = [];
    let cur = id;
    for (let steps = 0; ; steps++) {
      if (steps > this.btf.types.length) throw new BtfError(`C dump: declarator chain from type ${id} loops`);
      ids.push(cur);
      if (cur === 0) break;
      const t = this.type(cur);
      if (t.kind === 'PTR' || t.kind === 'VOLATILE' || t.kind === 'CONST' || t.kind === 'RESTRICT'
        || t.kind === 'TYPE_TAG' || t.kind === 'ARRAY') {
        cur = t.type;
      } else if (t.kind === 'FUNC_PROTO') {
        cur = t.returnType;
      } else {
        break;
      }
    }
    this.chain({ ids, cnt: ids.length }, fname, lvl);
    this.depth--;
  }

  private isMod(id: number): boolean {
    const k = this.type(id).kind;
    return k === 'VOLATILE' || k === 'CONST' || k === 'RESTRICT' || k === 'TYPE_TAG';
  }

  /** Prints the qualifiers on top of the stack (they precede a base type: `volatile const int`). */
  private mods(s: Stack): void {
    while (s.cnt > 0) {
      const k = this.type(s.ids[s.cnt - 1]!).kind;
      if (k === 'VOLATILE') this.print('volatile ');
      else if (k === 'CONST') this.print('const ');
      else if (k === 'RESTRICT') this.print('restrict ');
      else return;
      s.cnt--;
    }
  }

  private dropMods(s: Stack): void {
    while (s.cnt > 0 && this.isMod(s.ids[s.cnt - 1]!)) s.cnt--;
  }

  private name(fname: string, lastWasPtr: boolean): void {
    this.print(`${fname !== '' && !lastWasPtr ? ' ' : ''}${fname}`);
  }

  private chain(s: Stack, fname: string, lvl: number): void {
    let lastWasPtr = true;
    while (s.cnt > 0) {
      const id = s.ids[--s.cnt]!;
      if (id === 0) {
        this.mods(s);
        this.print('void');
        lastWasPtr = false;
        continue;
      }
      const t = this.type(id);
      switch (t.kind) {
        case 'INT':
        case 'FLOAT':
          this.mods(s);
          this.print(t.name);
          break;
        case 'STRUCT':
        case 'UNION':
          this.mods(s);
          if (t.name === '') this.structDef(id, t, lvl);
          else this.structFwd(id, t);
          break;
        case 'ENUM':
        case 'ENUM64':
          this.mods(s);
          if (t.name === '') this.enumDef(id, t, lvl);
          else this.print(`enum ${this.typeName(id)}`);
          break;
        case 'FWD':
          this.mods(s);
          this.fwdDef(id, t);
          break;
        case 'TYPEDEF':
          this.mods(s);
          this.print(this.identName(id));
          break;
        case 'PTR':
          this.print(lastWasPtr ? '*' : ' *');
          break;
        case 'VOLATILE':
          this.print(' volatile');
          break;
        case 'CONST':
          this.print(' const');
          break;
        case 'RESTRICT':
          this.print(' restrict');
          break;
        case 'TYPE_TAG':
          this.mods(s);
          this.print(t.kindFlag ? ` __attribute__((${t.name}))` : ` __attribute__((btf_type_tag("${t.name}")))`);
          break;
        case 'ARRAY': {
          this.dropMods(s);
          if (s.cnt === 0) {
            this.name(fname, lastWasPtr);
            this.print(`[${t.nelems}]`);
            return;
          }
          const next = s.ids[s.cnt - 1]!;
          const multidim = next !== 0 && this.type(next).kind === 'ARRAY';
          if (fname !== '' && !lastWasPtr) this.print(' ');
          if (!multidim) this.print('(');
          this.chain(s, fname, lvl);
          if (!multidim) this.print(')');
          this.print(`[${t.nelems}]`);
          return;
        }
        case 'FUNC_PROTO': {
          this.dropMods(s);
          if (s.cnt > 0) {
            this.print(' (');
            this.chain(s, fname, lvl);
            this.print(')');
          } else {
            this.name(fname, lastWasPtr);
          }
          this.print('(');
          // on the wire a trailing void parameter is the varargs marker (clang also writes `(void)` so)
          const wire = t.variadic ? [...t.params, { name: '', type: 0 }] : t.params;
          if (wire.length === 0 || (wire.length === 1 && wire[0]!.type === 0)) {
            this.print('void)');
            return;
          }
          for (let i = 0; i < wire.length; i++) {
            if (i > 0) this.print(', ');
            const p = wire[i]!;
            if (i === wire.length - 1 && p.type === 0) {
              this.print('...');
              break;
            }
            this.typeDecl(p.type, p.name, lvl);
          }
          this.print(')');
          return;
        }
        case 'VOID':
        case 'FUNC':
        case 'VAR':
        case 'DATASEC':
        case 'DECL_TAG':
          return;
        default: {
          const never: never = t;
          return never;
        }
      }
      lastWasPtr = t.kind === 'PTR';
    }
    this.name(fname, lastWasPtr);
  }
}

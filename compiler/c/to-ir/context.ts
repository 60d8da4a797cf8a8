// Per-compilation and per-function state of the C → IR lowering. In: the TypedUnit and options; out:
// the ModuleLowering (module builder, global data symbols, the merged string pool, diagnostics) and,
// per function, the FnLowering (IR builder, stack slots of locals, loop/switch targets, labels, values
// of `Shared` subexpressions) that the expression and statement lowerings share.
import type { Diagnostic, DiagnosticCode, Span } from '../../diagnostics/index.js';
import { diagnostic } from '../../diagnostics/index.js';
import { FuncBuilder, ModuleBuilder, T, type Block, type Value, type ValueType, type Span as IrSpan } from '../../ir/index.js';
import type { FunctionSymbol, LabelInfo, StringData, TCaseStmt, TDefaultStmt, TypedUnit, VarSymbol, CType } from '../sema/index.js';
import type { Cpu } from './options.js';

/** A memory location: `ptr + offset` bytes, with the alignment known for it. */
export interface Addr {
  ptr: Value;
  offset: number;
  align: number;
  volatile: boolean;
  /** Set when the location is inside a stack object (its alignment is exact, unaligned access faults). */
  stack: boolean;
  /** A field of the program context: stores to it are volatile (the kernel may keep fewer bits). */
  ctx?: boolean;
}

/** A bit-field inside a record at `addr` (addr points at the record's first byte). */
export interface BitField {
  /** Bit offset from the record's start, bit width, signedness of the declared type. */
  bitOffset: number;
  width: number;
  signed: boolean;
  /** Size in bytes of the record (accesses stay inside it). */
  recordSize: number;
  /**
   * The storage unit shared by the run of adjacent bit-fields this one belongs to (bytes from the record
   * start): every field of the run is accessed through it, so a record kept on the stack is read and
   * written with one width and mem2reg can turn it into a value.
   */
  unit?: { start: number; width: 1 | 2 | 4 | 8 };
}

/** An lvalue: a location of type `type`, or a bit-field of a record at `addr`. */
export interface LValue {
  addr: Addr;
  type: CType;
  bits?: BitField;
}

/** Where a string literal lives in the merged pool. */
export interface StringSlot {
  symbol: string;
  offset: number;
}

export class LowerError extends Error {}

export class ModuleLowering {
  readonly mb = new ModuleBuilder();
  readonly diagnostics: Diagnostic[] = [];
  /** Global data symbol of each variable with static storage that code refers to. */
  readonly globalSymbols = new Map<VarSymbol, string>();
  /** Map variables (section ".maps") by symbol. */
  readonly mapVars = new Set<VarSymbol>();
  /** Statics whose bytes may be read at compile time (const, or static and never written), by symbol. */
  readonly foldableBySymbol = new Map<string, Uint8Array>();
  /** The merged string pool: bytes and the offset of each distinct literal. */
  readonly stringBytes: number[] = [];
  readonly stringOffsets = new Map<string, number>();
  readonly stringSlots = new Map<number, StringSlot>();
  /** The literals placed in the pool, in order. */
  readonly stringData: StringData[] = [];
  readonly stringSymbol = '.L.str';
  /** Internal objects nothing reads: stores to them are dropped (clang deletes such variables). */
  readonly writeOnly = new Set<VarSymbol>();
  /** Functions defined in the unit by IR name. */
  readonly functions = new Map<string, FunctionSymbol>();
  /** Compound literals at block scope get a fresh slot per function (keyed by node). */
  constructor(
    readonly unit: TypedUnit,
    readonly cpu: Cpu,
  ) {}

  error(code: DiagnosticCode, message: string, span: Span | undefined): void {
    this.diagnostics.push(diagnostic(code, message, span));
  }

  /** The slot of a string literal in the merged `.rodata` pool (identical literals share one). */
  stringSlot(data: StringData): StringSlot {
    const hit = this.stringSlots.get(data.id);
    if (hit) return hit;
    const key = Array.from(data.bytes, (b) => b.toString(16).padStart(2, '0')).join('');
    let off = this.stringOffsets.get(key);
    if (off === undefined) {
      off = this.stringBytes.length;
      this.stringBytes.push(...data.bytes);
      this.stringOffsets.set(key, off);
    }
    const slot = { symbol: this.stringSymbol, offset: off };
    this.stringSlots.set(data.id, slot);
    this.stringData.push(data);
    return slot;
  }

  /** The IR name of a function (its asm label when it has one). */
  funcName(f: FunctionSymbol): string {
    return f.asmLabel ?? f.name;
  }

  /** The global data symbol of a variable with static storage (recorded as referenced). */
  globalSymbol(v: VarSymbol): string {
    let s = this.globalSymbols.get(v);
    if (s === undefined) {
      s = v.objectName;
      this.globalSymbols.set(v, s);
    }
    return s;
  }
}

/** A call inlined at the AST level: `return` stores the result and branches to `exit`. */
export interface InlineFrame {
  exit: Block;
  result?: Addr;
  resultType?: CType;
  callee: FunctionSymbol;
}

export interface LoopTargets {
  breakTo: Block;
  continueTo?: Block;
}

export class FnLowering {
  /** Stack slot (alloca) of each local and parameter; record parameters point at the caller's copy. */
  readonly slots = new Map<VarSymbol, Value>();
  readonly labels = new Map<LabelInfo, Block>();
  /** Blocks of the case labels of the switches being lowered. */
  readonly caseBlocks = new Map<TCaseStmt | TDefaultStmt, Block>();
  readonly targets: LoopTargets[] = [];
  /** Values of `Shared` nodes of the current full expression, by id. */
  readonly shared = new Map<number, Value | LValue>();
  /** Locals whose address is taken (they live in memory; initialise them with wide stores). */
  readonly exposed: Set<VarSymbol>;
  /** Hidden return slot for functions returning a record (the first parameter). */
  sret: Value | undefined;
  /** Calls being inlined at the AST level, innermost last: where their returns go. */
  readonly inlined: InlineFrame[] = [];
  /** Nesting depth of loop copies being unrolled (to bound code growth). */
  unrollDepth = 0;

  constructor(
    readonly mod: ModuleLowering,
    readonly fn: FunctionSymbol,
    readonly b: FuncBuilder,
    readonly retType: ValueType | undefined,
    exposed: Set<VarSymbol>,
  ) {
    this.exposed = exposed;
  }

  get cpu(): Cpu {
    return this.mod.cpu;
  }

  /** The source span of the construct being lowered (for diagnostics raised deep inside). */
  span: Span | undefined;

  at(span: Span): void {
    this.span = span;
    this.b.at(irSpan(span));
  }

  error(message: string, span: Span | undefined = this.span, code: DiagnosticCode = 'C1307'): never {
    this.mod.error(code, message, span);
    throw new LowerError(message);
  }

  /** Continues in a new block that nothing branches to yet (code after return/break/goto). */
  deadBlock(): void {
    if (!this.b.terminated) return;
    this.b.setBlock(this.b.newBlock('dead'));
  }

  /** Branches to `target` unless the current block already ended. */
  jump(target: Block): void {
    if (!this.b.terminated) this.b.br(target);
  }

  i64(v: number | bigint): Value {
    return this.b.i64(v);
  }

  zero(t: ValueType): Value {
    return t.kind === 'ptr' ? this.b.null() : this.b.int(t, 0);
  }

}

export function irSpan(s: Span): IrSpan {
  return { file: s.file, line: s.line, col: s.col };
}

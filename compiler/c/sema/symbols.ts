// Symbols (what an identifier is resolved to) and scopes (C11 §6.2.1–6.2.3). In: declarations as
// semantic analysis reads them; out: Symbol objects that every typed-AST reference points at, and the
// Scope chain (ordinary identifiers and tags, each scope one map per name space).
import type { Span } from '../../diagnostics/index.js';
import type { CType, EnumDecl, FunctionType, RecordDecl } from './types.js';
import type { DeclAttributes } from './attributes.js';
import type { TCompoundStmt, TInitializer, LabelInfo } from './typed-ast.js';
import type { StaticData } from './static-init.js';

export type Symbol = VarSymbol | FunctionSymbol | EnumConstSymbol | TypedefSymbol;

interface SymbolBase {
  name: string;
  /** Where the symbol was (first) declared: the declarator's name. */
  span: Span;
  /** Unique in the translation unit (printing tells apart shadowed names with it). */
  id: number;
}

/**
 * Where a variable lives: `local` (automatic, incl. `register`), `param`, `global` (file scope, static
 * or not), `static-local` (block-scope `static`), `extern` (declared `extern` and never defined here:
 * a kfunc/ksym-style external, which the BPF back end cannot place).
 */
export type VarStorage = 'local' | 'param' | 'global' | 'static-local' | 'extern';
export type Linkage = 'external' | 'internal' | 'none';

/** Where a global object goes, as clang places it (string literals have their own StringData). */
export type DataSection = '.data' | '.rodata' | '.bss' | string;

export interface VarSymbol extends SymbolBase {
  kind: 'var';
  storage: VarStorage;
  linkage: Linkage;
  type: CType;
  attributes: DeclAttributes;
  /** The function a local, parameter or static local belongs to. */
  owner?: FunctionSymbol;
  /** The checked initialiser (globals, static locals and locals). */
  init?: TInitializer;
  /** Globals and static locals: their section and initial bytes (set after checking). */
  data?: StaticData;
  /**
   * Set on a `static` pointer-to-function variable initialised with a constant integer cast to a
   * pointer (`static long (*bpf_map_update_elem)(…) = (void *) 2;`): the BPF helper id.
   */
  helperId?: number;
  /** Whether its address is used (`&x`, an array decaying to a pointer), in evaluated code. */
  addressTaken: boolean;
  /** Whether it is written after its initialisation (assignment, `++`, asm output). */
  modified?: boolean;
  /** Has a definition (an initialiser, or a file-scope declaration without `extern`: a tentative one). */
  defined: boolean;
  /** The symbol name in the object (static locals get clang's `function.name`). */
  objectName: string;
}

export interface FunctionSymbol extends SymbolBase {
  kind: 'function';
  type: FunctionType;
  linkage: Linkage;
  attributes: DeclAttributes;
  /** Set when the body has been seen. */
  definition?: FunctionDefinitionInfo;
  /** Declared implicitly by a call of an undeclared name (an error in C99; see checks). */
  implicit: boolean;
  /**
   * An LLVM BPF intrinsic named by an asm label (`asm("llvm.bpf.load.byte")`: the legacy LD_ABS/LD_IND
   * packet loads): calls are TCall nodes whose `direct.builtin` names the intrinsic.
   */
  builtin?: string;
  /** `asm("name")` after the declarator: the symbol name in the object. */
  asmLabel?: string;
  /** `inline` was written. */
  inlineKeyword: boolean;
}

export interface FunctionDefinitionInfo {
  params: VarSymbol[];
  body: TCompoundStmt;
  locals: VarSymbol[];
  labels: LabelInfo[];
  span: Span;
}

export interface EnumConstSymbol extends SymbolBase {
  kind: 'enum-const';
  value: bigint;
  /** `int`, or the enum's underlying type for values that do not fit in int. */
  type: CType;
  enumDecl: EnumDecl;
}

export interface TypedefSymbol extends SymbolBase {
  kind: 'typedef';
  type: CType;
  /** `typedef T name __attribute__((aligned(N)))`: sets (even lowers) the alignment of the name. */
  alignAttr?: number;
}

export type TagDecl = { kind: 'record'; decl: RecordDecl } | { kind: 'enum'; decl: EnumDecl };

export type ScopeKind = 'file' | 'function' | 'block' | 'prototype';

/** One scope: its ordinary identifiers and its tags. */
export class Scope {
  readonly ordinary = new Map<string, Symbol>();
  readonly tags = new Map<string, TagDecl>();

  constructor(
    readonly kind: ScopeKind,
    readonly parent?: Scope,
  ) {}

  lookup(name: string): Symbol | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.ordinary.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  lookupTag(name: string): TagDecl | undefined {
    for (let s: Scope | undefined = this; s; s = s.parent) {
      const v = s.tags.get(name);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  /** The file scope at the root of the chain. */
  file(): Scope {
    let s: Scope = this;
    while (s.parent) s = s.parent;
    return s;
  }
}

export function isFunctionSymbol(s: Symbol | undefined): s is FunctionSymbol {
  return s?.kind === 'function';
}

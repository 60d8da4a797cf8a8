// Focused checks of what the typed AST promises its consumer (typed-ast.ts): symbols, BPF helper ids
// at call sites, direct callees, value categories, static-local and string objects, programs and
// externs, option-controlled diagnostics. Each expectation is the C11 rule or clang-16's behaviour
// for the snippet (checked by hand with clang-16 -Xclang -ast-dump and llvm-readelf).
import { describe, expect, it } from 'vitest';
import { createSourceFile } from '../../../../compiler/source.js';
import {
  checkC, resolve, typeToString, type CheckOptions, type TExpr, type TStmt, type TypedUnit,
} from '../../../../compiler/c/sema/index.js';
import { emptyFileSystem } from '../../../../grammar/c/preprocess/index.js';

function unitOf(text: string, opts: CheckOptions = {}): { unit: TypedUnit; codes: string[] } {
  const r = checkC(createSourceFile('t.c', text), { fs: emptyFileSystem(), nostdinc: true, bundled: false, ...opts });
  return { unit: r.unit!, codes: r.diagnostics.map((d) => d.code) };
}

/** Every expression in a function body, depth first. */
function exprs(s: TStmt | TStmt[], out: TExpr[] = []): TExpr[] {
  const visitE = (e: TExpr | undefined): void => {
    if (!e) return;
    out.push(e);
    for (const v of Object.values(e)) {
      if (v && typeof v === 'object' && 'kind' in v && 'category' in v) visitE(v as TExpr);
      if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'category' in x) visitE(x as TExpr);
    }
  };
  const visitS = (x: TStmt): void => {
    for (const v of Object.values(x)) {
      if (v && typeof v === 'object' && 'category' in v) visitE(v as TExpr);
      else if (v && typeof v === 'object' && 'kind' in v && 'span' in v && !('label' in x && v === (x as { label: unknown }).label)) visitS(v as TStmt);
      if (Array.isArray(v)) for (const y of v) if (y && typeof y === 'object' && 'kind' in y) ('category' in y ? visitE(y as TExpr) : visitS(y as TStmt));
    }
  };
  for (const x of Array.isArray(s) ? s : [s]) visitS(x);
  return out;
}

function body(unit: TypedUnit, name: string): TStmt[] {
  return unit.functions.find((f) => f.name === name)!.definition!.body.items;
}

describe('BPF helpers and calls', () => {
  it('a static function-pointer variable initialised with (void *)N is helper N at its calls', () => {
    const { unit, codes } = unitOf(`
      enum { BPF_FUNC_map_lookup_elem = 1 };
      static void *(*bpf_map_lookup_elem)(void *map, const void *key) = (void *) BPF_FUNC_map_lookup_elem;
      static long (*bpf_trace_printk)(const char *fmt, unsigned int size, ...) = (void *) 6;
      void *(*not_static)(void *, const void *) = (void *) 1;
      static int local(int x) { return x; }
      int f(void *m) { int k = 0; return (long)bpf_map_lookup_elem(m, &k) + bpf_trace_printk("%d", 3, k) + local(k) + (long)not_static(m, &k); }
    `);
    expect(codes).toEqual([]);
    expect(unit.helpers.map((h) => [h.name, h.helperId])).toEqual([['bpf_map_lookup_elem', 1], ['bpf_trace_printk', 6]]);
    expect(unit.globals.map((g) => g.name)).toEqual(['not_static']);
    const calls = exprs(body(unit, 'f')).filter((e) => e.kind === 'Call');
    expect(calls.map((c) => (c.kind === 'Call' ? [c.calleeHelperId, c.direct?.name] : []))).toEqual([
      [1, undefined], [6, undefined], [undefined, 'local'], [undefined, undefined],
    ]);
    // variadic arguments are promoted; the format string decays to a pointer and gets an object
    expect(unit.strings.map((s) => s.objectName)).toEqual(['.L.str']);
  });

  it('calls of undeclared functions are errors, or warnings with implicitDeclarationsAsWarnings', () => {
    expect(unitOf('int f(void) { return g(1); }').codes).toEqual(['C1201']);
    expect(unitOf('int f(void) { return g(1); }', { implicitDeclarationsAsWarnings: true }).codes).toEqual(['C1500']);
  });

  it('llvm.bpf.* asm labels name intrinsics, not externs', () => {
    const { unit, codes } = unitOf(`
      unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
      int f(void *skb) { return load_byte(skb, 12); }
    `);
    expect(codes).toEqual([]);
    const call = exprs(body(unit, 'f')).find((e) => e.kind === 'Call');
    expect(call?.kind === 'Call' && call.direct?.builtin).toBe('llvm.bpf.load.byte');
  });
});

describe('symbols and objects', () => {
  it('static locals are objects named function.variable (then .1, .2 as clang)', () => {
    const { unit } = unitOf('int f(void) { { static int x = 1; x++; } { static int x; return x; } }');
    expect(unit.globals.map((g) => [g.objectName, g.storage, g.data?.section])).toEqual([
      ['f.x', 'static-local', '.data'], ['f.x.1', 'static-local', '.bss'],
    ]);
  });

  it('a string literal gets an object only when its address is used', () => {
    const { unit } = unitOf('char a[] = "abc"; const char *p = "xyz"; unsigned long n = sizeof("nope");');
    expect(unit.strings.map((s) => String.fromCharCode(...s.bytes))).toEqual(['xyz\0']);
  });

  it('identifiers resolve to the innermost declaration', () => {
    const { unit } = unitOf('int x = 1; int f(int x) { { int x = 3; x++; } return x; }');
    const refs = exprs(body(unit, 'f')).filter((e) => e.kind === 'VarRef').map((e) => (e.kind === 'VarRef' ? e.symbol.storage : ''));
    expect(refs).toEqual(['local', 'param']);
  });

  it('extern objects and functions used by a program are reported as unsupported', () => {
    const { unit, codes } = unitOf('extern int ksym; extern int kfunc(int); int f(void) { return ksym + kfunc(1); }');
    expect(codes).toEqual(['C1304', 'C1304']);
    expect(unit.externs.map((e) => e.name)).toEqual(['ksym']);
  });

  it('programs carry their section and context type', () => {
    const { unit } = unitOf(`
      struct xdp_md { unsigned int data, data_end; };
      __attribute__((section("xdp"))) int prog(struct xdp_md *ctx) { return ctx->data != 0; }
      static int helper_fn(int x) { return x; }
      char LICENSE[] __attribute__((section("license"))) = "GPL";
    `);
    expect(unit.programs.map((p) => [p.function.name, p.section, typeToString(p.ctxType!)])).toEqual([['prog', 'xdp', 'struct xdp_md *']]);
    expect(unit.license).toBe('GPL');
  });
});

describe('value categories and conversions', () => {
  it('a member of an rvalue struct is an rvalue; of an lvalue or through -> an lvalue', () => {
    const { unit } = unitOf('struct s { int a; }; struct s g(void); int f(struct s *p, struct s v) { return g().a + p->a + v.a; }');
    const members = exprs(body(unit, 'f')).filter((e) => e.kind === 'Member').map((e) => e.category);
    expect(members).toEqual(['rvalue', 'lvalue', 'lvalue']);
  });

  it('every operand that is read is loaded with an explicit LValueToRValue cast', () => {
    const { unit } = unitOf('int f(int a, int *p) { return a + *p; }');
    const es = exprs(body(unit, 'f'));
    const loads = es.filter((e) => e.kind === 'Cast' && e.cast === 'LValueToRValue').map((e) => (e.kind === 'Cast' ? e.operand.kind : ''));
    expect(loads).toEqual(['VarRef', 'Deref', 'VarRef']);
  });

  it('GNU a ?: b evaluates a once (one Shared value used twice)', () => {
    const { unit } = unitOf('long f(long a, int b) { return a ?: b; }');
    const shared = exprs(body(unit, 'f')).filter((e) => e.kind === 'Shared');
    expect(shared.length).toBe(2);
    expect(new Set(shared.map((e) => (e.kind === 'Shared' ? e.id : 0))).size).toBe(1);
  });

  it('__builtin_constant_p folds to 0 for a run-time value and 1 for a constant', () => {
    const { unit } = unitOf('int f(int x) { return __builtin_constant_p(x) * 10 + __builtin_constant_p(3 << 2); }');
    const ret = body(unit, 'f')[0]!;
    const consts = exprs(ret).filter((e) => e.kind === 'Constant').map((e) => e.value);
    expect(consts).toEqual([0n, 1n]);
  });

  it('a file-scope compound literal is an object with static storage', () => {
    const { unit } = unitOf('int *p = (int[]){ 1, 2, 3 };');
    expect(unit.globals.map((g) => [g.objectName, typeToString(g.type), g.data!.relocations.length]).sort()).toEqual([
      ['.compoundliteral', 'int[3]', 0], ['p', 'int *', 1],
    ]);
  });

  it('enum types and their constants', () => {
    const { unit } = unitOf('enum big { A = 1, B = 0x100000000 }; enum big e;');
    expect(unit.enums[0]!.underlying).toBe('unsigned long');
    expect(typeToString(resolve(unit.globals[0]!.type))).toBe('enum big');
  });
});

describe('CO-RE records', () => {
  it('preserve_access_index comes from the attribute or a clang attribute pragma around the definition', () => {
    const { unit, codes } = unitOf(`
      struct plain { int a; };
      struct marked { int a; } __attribute__((preserve_access_index));
      #pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
      struct in_region { int a; };
      #pragma clang attribute pop
      struct after { int a; };
    `);
    expect(codes).toEqual([]);
    expect(unit.records.map((r) => [r.name, r.preserveAccessIndex === true])).toEqual([
      ['plain', false], ['marked', true], ['in_region', true], ['after', false],
    ]);
  });
});

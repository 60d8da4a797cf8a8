import { describe, expect, it } from 'vitest';
import { ModuleBuilder } from '../../../compiler/ir/builder.js';
import { parseModule } from '../../../compiler/ir/parse.js';
import { printModule } from '../../../compiler/ir/print.js';
import { validateModule } from '../../../compiler/ir/validate.js';
import { T } from '../../../compiler/ir/types.js';

const span = (line: number, col = 1) => ({ file: 'x.bpf.c', line, col });

/** Builds the IR a front end would produce for a small XDP parser with a map lookup. */
function buildParser() {
  const mb = new ModuleBuilder();
  mb.declareMap('counts');
  const b = mb.func('xdp_prog', { params: [{ name: 'ctx', type: T.ptr.ctx }], ret: T.i32, section: 'xdp', span: span(10) });
  const ctx = b.param(0);
  b.at(span(12, 5));
  const data = b.inttoptr(b.zext(b.load(T.i32, ctx, { offset: 0 }), 64), 'any', 'data');
  const end = b.inttoptr(b.zext(b.load(T.i32, ctx, { offset: 4 }), 64), 'any', 'data_end');
  const key = b.alloca(4, 4, 'key');
  const drop = b.newBlock('drop');
  const body = b.newBlock('body');
  const out = b.newBlock('out');
  b.at(span(14, 9));
  const c = b.cmp('ugt', b.ptradd(data, 14), end);
  b.condbr(c, drop, body);
  b.setBlock(body).at(span(16, 5));
  const proto = b.load(T.i16, data, { offset: 12, align: 1 }, 'proto');
  b.store(key, b.zext(proto, 32));
  const v = b.callHelper(1, [b.mapRef('counts'), key], T.ptr.map_value_or_null, 'v');
  const isNull = b.cmp('eq', v, b.null());
  const inc = b.newBlock('inc');
  b.condbr(isNull, out, inc);
  b.setBlock(inc).at(span(18, 9));
  b.atomic('add', v, b.i64(1));
  b.br(out);
  b.setBlock(drop).at(span(15, 9));
  b.br(out);
  b.setBlock(out).at(span(20, 5));
  const r = b.phi(T.i32, [[b.i32(1), drop], [b.i32(2), body], [b.i32(2), inc]], 'r');
  b.ret(r);
  return mb.module;
}

describe('IR printer and parser', () => {
  it('prints a built function in the documented format', () => {
    const m = buildParser();
    expect(validateModule(m)).toEqual([]);
    expect(printModule(m)).toBe(`map @counts

func @xdp_prog(%ctx: ptr<ctx>) -> i32 global section "xdp" {
entry:
  %key = alloca 4, align 4
  %0 = load i32, u32 [%ctx]
  %1 = zext i32 %0 to i64
  %data = inttoptr i64 %1 to ptr<any>
  %2 = load i32, u32 [%ctx + 4]
  %3 = zext i32 %2 to i64
  %data_end = inttoptr i64 %3 to ptr<any>
  %4 = ptradd ptr<any> %data, 14
  %5 = cmp ugt ptr<any> %4, %data_end
  condbr %5, drop, body
drop:
  br out
body:
  %proto = load i16, u16 [%data + 12], align 1
  %6 = zext i16 %proto to i32
  store i32 %6, u32 [%key]
  %v = call ptr<map_value_or_null> bpf_map_lookup_elem#1(ptr<map> @counts, ptr<stack> %key)
  %7 = cmp eq ptr<map_value_or_null> %v, null
  condbr %7, out, inc
out:
  %r = phi i32 [1, drop], [2, body], [2, inc]
  ret i32 %r
inc:
  atomic add i64 1, [%v]
  br out
}
`);
  });

  it('round-trips print → parse → print, with spans', () => {
    const m = buildParser();
    for (const spans of [false, true]) {
      const text = printModule(m, { spans });
      const back = parseModule(text, 'x.bpf.c');
      expect(validateModule(back)).toEqual([]);
      expect(printModule(back, { spans })).toBe(text);
    }
    expect(printModule(m, { spans: true })).toContain('%5 = cmp ugt ptr<any> %4, %data_end  !14:9');
  });

  it('names duplicates and numbered values stably', () => {
    const text = `func @f(%a: i32, %a.3: i32) -> i32 static {
bb0:
  %x = add i32 %a, %a.3
  %x.1 = mul i32 %x, 3
  %9 = sub i32 %x.1, -5
  br bb7
bb7:
  ret i32 %9
}
`;
    const once = printModule(parseModule(text));
    expect(printModule(parseModule(once))).toBe(once);
    expect(once).toContain('%x = add i32 %a, %a.0');
  });

  it('parses forward references, switch, memcpy, cmpxchg and calls to functions', () => {
    const text = `global @cfg section ".rodata" size 8 readonly init 0x0100000000000000

func @g(%p: ptr<stack>) -> i64 static inline always {
entry:
  %old = atomic cmpxchg i64 7, [%p + 8], expect 0
  memcpy ptr<stack> %p, ptr<global> @cfg, 8, align 8 8
  memset ptr<stack> %p, 0, 16, align 8
  %c = load volatile i32, u32 [@cfg + 4]
  switch i32 %c, default d [1: a, -1: a]
a:
  %z = phi i64 [%old, entry], [%old, entry]
  br d
d:
  %q = phi i64 [%old, entry], [%z, a]
  ret i64 %q
}
func @h(%p: ptr<stack>) -> i64 global section "xdp" {
entry:
  %r = call i64 @g(ptr<stack> %p)
  ret i64 %r
}
`;
    const m = parseModule(text);
    // a phi lists each predecessor once: the duplicate entry edge is reported
    expect(validateModule(m).join('\n')).toMatch(/duplicate incoming block/);
    const fixed = text.replace('[%old, entry], [%old, entry]', '[%old, entry]');
    const m2 = parseModule(fixed);
    expect(validateModule(m2)).toEqual([]);
    expect(printModule(parseModule(printModule(m2)))).toBe(printModule(m2));
  });

  it('reports parse errors with the line', () => {
    expect(() => parseModule('func @f() -> i32 static {\nentry:\n  %x = frob i32 1\n}')).toThrow(/line 3: unknown instruction 'frob'/);
    expect(() => parseModule('func @f() -> i32 static {\nentry:\n  ret i32 %nope\n}')).toThrow(/%nope used but not defined/);
  });
});

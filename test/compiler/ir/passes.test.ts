// Focused tests of single passes on small functions: the expected IR is written by hand from what the
// pass is specified to do, and where it matters the function is run before and after the pass in the
// IR interpreter.
import { describe, expect, it } from 'vitest';
import { interpret, parseModule, printFunc, runPass, validateModule, type Module } from '../../../compiler/ir/index.js';
import { xdpEnv } from './env.js';

function run(m: Module, pass: string | string[]): string {
  const f = m.funcs[m.funcs.length - 1];
  if (!f) throw new Error('no function');
  for (const p of typeof pass === 'string' ? [pass] : pass) {
    runPass(p, f, m);
    expect(validateModule(m), `after ${p}`).toEqual([]);
  }
  return printFunc(f);
}

const body = (text: string): string => text.replace(/^func[^\n]*\n/, '').replace(/\n}\n$/, '');

describe('bounds-check coalescing and elimination', () => {
  const src = `
func @p(%ctx: ptr<ctx>) -> i32 global section "xdp" {
entry:
  %data = load ptr<packet>, u32 [%ctx]
  %end = load ptr<packet_end>, u32 [%ctx + 4]
  %a = ptradd ptr<packet> %data, 14
  %c1 = cmp ugt ptr<packet> %a, %end
  condbr %c1, fail, l1
l1:
  %x = load i8, u8 [%data + 13]
  %b = ptradd ptr<packet> %data, 34
  %c2 = cmp ugt ptr<packet> %b, %end
  condbr %c2, fail, l2
l2:
  %y = load i8, u8 [%data + 33]
  %c = ptradd ptr<packet> %data, 20
  %c3 = cmp ult ptr<packet_end> %end, %c
  condbr %c3, fail, l3
l3:
  %z = add i8 %x, %y
  %r = zext i8 %z to i32
  ret i32 %r
fail:
  ret i32 1
}`;
  it('hoists the larger straight-line check into the first and removes the implied ones', () => {
    const m = parseModule(src);
    const out = run(m, ['boundsChecks', 'dce', 'simplifycfg']);
    // one compare remains: data + 34 > end, before the first load
    expect(out.match(/cmp /g)?.length).toBe(1);
    expect(out).toMatch(/ptradd ptr<packet> %data, 34\n {2}%\d+ = cmp ugt ptr<packet> %\d+, %end\n {2}condbr %\d+, fail, l1/);
    for (const len of [10, 14, 20, 33, 34, 60]) {
      const pkt = Uint8Array.from({ length: len }, (_, i) => i);
      const want = len < 34 ? 1n : BigInt((13 + 33) & 0xff);
      const x = xdpEnv(pkt);
      expect(interpret(m, 'p', [x.ctx], x.env)).toBe(want);
    }
  });

  it('does not hoist across a branch that leaves the straight path', () => {
    const m = parseModule(src.replace('  %b = ptradd ptr<packet> %data, 34', '  %t = cmp eq i8 %x, 0\n  condbr %t, fail, l1b\nl1b:\n  %b = ptradd ptr<packet> %data, 34'));
    const out = run(m, ['boundsChecks', 'dce', 'simplifycfg']);
    // 14 and 34 stay separate (a short packet with x == 0 must not change behaviour); 20 is implied
    expect(out).toMatch(/ptradd ptr<packet> %data, 14/);
    expect(out).toMatch(/ptradd ptr<packet> %data, 34/);
    expect(out).not.toMatch(/ptradd ptr<packet> %data, 20/);
  });
});

describe('load widening', () => {
  it('turns network-order byte pairs into a u16 load and a byte swap, little-endian ones into a load', () => {
    const m = parseModule(`
func @w(%p: ptr<packet>) -> i32 static {
entry:
  %a = load i8, u8 [%p + 12]
  %b = load i8, u8 [%p + 13]
  %a32 = zext i8 %a to i32
  %b32 = zext i8 %b to i32
  %hi = shl i32 %a32, 8
  %be = or i32 %hi, %b32
  %c = load i8, u8 [%p + 20]
  %d = load i8, u8 [%p + 21]
  %c32 = zext i8 %c to i32
  %d32 = zext i8 %d to i32
  %dh = shl i32 %d32, 8
  %le = or i32 %c32, %dh
  %r = xor i32 %be, %le
  ret i32 %r
}`);
    const out = run(m, ['widenLoads', 'dce']);
    expect(body(out)).toBe(`entry:
  %0 = load i16, u16 [%p + 12], align 1
  %1 = bswap i16 %0
  %2 = zext i16 %1 to i32
  %3 = load i16, u16 [%p + 20], align 1
  %4 = zext i16 %3 to i32
  %r = xor i32 %2, %4
  ret i32 %r`);
  });

  it('leaves stack bytes alone (the verifier requires aligned stack accesses)', () => {
    const m = parseModule(`
func @w(%p: ptr<stack>) -> i32 static {
entry:
  %a = load i8, u8 [%p + 1]
  %b = load i8, u8 [%p + 2]
  %a32 = zext i8 %a to i32
  %b32 = zext i8 %b to i32
  %hi = shl i32 %b32, 8
  %le = or i32 %a32, %hi
  ret i32 %le
}`);
    expect(runPass('widenLoads', m.funcs[0] as Module['funcs'][number], m)).toBe(false);
  });
});

describe('memory builtin expansion', () => {
  it('copies 6 bytes between packet and stack with u32 + u16 moves and zeroes 16 stack bytes with two u64 stores', () => {
    const m = parseModule(`
func @e(%pkt: ptr<packet>) -> void static {
entry:
  %tmp = alloca 6, align 1
  %z = alloca 16, align 1
  %src = ptradd ptr<packet> %pkt, 6
  memcpy ptr<stack> %tmp, ptr<packet> %src, 6, align 1 1
  memcpy ptr<packet> %pkt, ptr<stack> %tmp, 6, align 1 1
  memset ptr<stack> %z, 0, 16, align 1
  ret void
}`);
    const out = run(m, 'expandMem');
    expect(body(out)).toBe(`entry:
  %tmp = alloca 6, align 8
  %z = alloca 16, align 8
  %src = ptradd ptr<packet> %pkt, 6
  %0 = load i32, u32 [%src]
  store i32 %0, u32 [%tmp]
  %1 = load i16, u16 [%src + 4]
  store i16 %1, u16 [%tmp + 4]
  %2 = load i32, u32 [%tmp]
  store i32 %2, u32 [%pkt]
  %3 = load i16, u16 [%tmp + 4]
  store i16 %3, u16 [%pkt + 4]
  store i64 0, u64 [%z]
  store i64 0, u64 [%z + 8]
  ret void`);
  });

  it('copies byte by byte when nothing is known about a side', () => {
    const m = parseModule(`
func @e(%a: ptr<any>, %b: ptr<any>) -> void static {
entry:
  memcpy ptr<any> %a, ptr<any> %b, 3, align 1 1
  ret void
}`);
    expect(run(m, 'expandMem').match(/load i8, u8/g)?.length).toBe(3);
  });
});

describe('inlining', () => {
  it('inlines an always-inline callee with two returns through a phi', () => {
    const m = parseModule(`
func @max(%a: i32, %b: i32) -> i32 static inline always {
entry:
  %c = cmp ugt i32 %a, %b
  condbr %c, x, y
x:
  ret i32 %a
y:
  ret i32 %b
}
func @f(%p: i32) -> i32 global section "xdp" {
entry:
  %m = call i32 @max(i32 %p, i32 10)
  %r = add i32 %m, 1
  ret i32 %r
}`);
    const out = run(m, ['inline', 'simplifycfg']);
    expect(out).not.toMatch(/call/);
    // the empty return block of the `then` arm is forwarded: the phi takes %p straight from entry
    expect(out).toMatch(/phi i32 \[10, max\.y\], \[%p, entry\]/);
    for (const [p, want] of [[3n, 11n], [10n, 11n], [50n, 51n]] as const) {
      expect(interpret(m, 'f', [p], { mem: xdpEnv(new Uint8Array(14)).env.mem, helpers: new Map(), maps: new Map(), globals: new Map() })).toBe(want);
    }
  });

  it('never inlines a recursive function', () => {
    const m = parseModule(`
func @r(%n: i32) -> i32 static inline always {
entry:
  %z = cmp eq i32 %n, 0
  condbr %z, done, more
more:
  %m = add i32 %n, -1
  %x = call i32 @r(i32 %m)
  br done
done:
  %v = phi i32 [0, entry], [%x, more]
  ret i32 %v
}
func @f(%p: i32) -> i32 global section "xdp" {
entry:
  %m = call i32 @r(i32 %p)
  ret i32 %m
}`);
    expect(runPass('inline', m.funcs[1] as Module['funcs'][number], m)).toBe(false);
  });
});

describe('constant propagation and CFG simplification', () => {
  it('folds a branch on a constant reaching through a phi and deletes the dead arm', () => {
    const m = parseModule(`
func @f(%x: i32) -> i32 static {
entry:
  br a
a:
  %k = phi i32 [4, entry]
  %c = cmp ugt i32 %k, 3
  condbr %c, yes, no
yes:
  %r = add i32 %x, %k
  ret i32 %r
no:
  ret i32 0
}`);
    expect(body(run(m, ['sccp', 'simplifycfg']))).toBe(`entry:
  %r = add i32 %x, 4
  ret i32 %r`);
  });

  it('threads the jumps of a short-circuit && so no boolean is materialised', () => {
    const m = parseModule(`
func @f(%a: i32, %b: i32) -> i32 static {
entry:
  %c1 = cmp ne i32 %a, 0
  condbr %c1, rhs, join
rhs:
  %c2 = cmp ne i32 %b, 0
  br join
join:
  %t = phi i1 [false, entry], [%c2, rhs]
  condbr %t, yes, no
yes:
  ret i32 1
no:
  ret i32 2
}`);
    const out = run(m, ['simplifycfg']);
    expect(out).toMatch(/condbr %c1, rhs, no/);
    for (const [a, b, want] of [[0n, 0n, 2n], [0n, 1n, 2n], [1n, 0n, 2n], [1n, 1n, 1n]] as const) {
      expect(interpret(m, 'f', [a, b], { mem: xdpEnv(new Uint8Array(14)).env.mem, helpers: new Map(), maps: new Map(), globals: new Map() })).toBe(want);
    }
  });
});

describe('simplification and CSE', () => {
  it('compares a byte-swapped value against the swapped constant, folds pointer offsets into loads', () => {
    const m = parseModule(`
func @f(%p: ptr<packet>) -> i32 static {
entry:
  %q = ptradd ptr<packet> %p, 12
  %h = load i16, u16 [%q]
  %s = bswap i16 %h
  %c = cmp eq i16 %s, 2048
  %r = zext i1 %c to i32
  ret i32 %r
}`);
    expect(body(run(m, ['simplify', 'dce']))).toBe(`entry:
  %h = load i16, u16 [%p + 12]
  %c = cmp eq i16 %h, 8
  %r = zext i1 %c to i32
  ret i32 %r`);
  });

  it('reuses a load until a store that may alias it, and across one that cannot', () => {
    const m = parseModule(`
func @f(%p: ptr<packet>, %s: ptr<stack>) -> i32 static {
entry:
  %a = load i32, u32 [%p + 4]
  store i32 1, u32 [%s]
  %b = load i32, u32 [%p + 4]
  store i32 2, u32 [%p + 6]
  %c = load i32, u32 [%p + 4]
  %x = add i32 %a, %b
  %y = add i32 %x, %c
  ret i32 %y
}`);
    const out = run(m, ['cse', 'dce']);
    expect(out.match(/load i32/g)?.length).toBe(2);
    expect(out).toMatch(/%x = add i32 %a, %a/);
  });
});

describe('mem2reg', () => {
  it('splits a two-field stack struct into SSA values and leaves an escaping one alone', () => {
    const m = parseModule(`
func @f(%x: i64, %y: i32) -> i64 static {
entry:
  %s = alloca 16, align 8
  %e = alloca 4, align 4
  store i64 %x, u64 [%s]
  %f1 = ptradd ptr<stack> %s, 8
  store i32 %y, u32 [%f1]
  %a = load i64, u64 [%s]
  %b = load i32, u32 [%s + 8]
  %b64 = zext i32 %b to i64
  %r = add i64 %a, %b64
  store i32 %y, u32 [%e]
  %t = call i64 bpf_ktime_get_ns#5(ptr<stack> %e)
  ret i64 %r
}`);
    expect(body(run(m, ['mem2reg', 'dce']))).toBe(`entry:
  %e = alloca 4, align 4
  %b64 = zext i32 %y to i64
  %r = add i64 %x, %b64
  store i32 %y, u32 [%e]
  %t = call i64 bpf_ktime_get_ns#5(ptr<stack> %e)
  ret i64 %r`);
  });
});

describe('zero padding of stack objects passed to helpers', () => {
  it('zeroes the bytes a map key leaves unwritten (struct padding), not the written ones', () => {
    // struct { __u8 proto; /* 3 bytes padding */ __u32 addr; } key; key.proto = p; key.addr = a;
    const m = parseModule(`
map @m
func @f(%p: i8, %a: i32) -> i64 static {
entry:
  %key = alloca 8, align 4
  store i8 %p, u8 [%key]
  %f1 = ptradd ptr<stack> %key, 4
  store i32 %a, u32 [%f1]
  %v = call ptr<map_value_or_null> bpf_map_lookup_elem#1(ptr<map> @m, ptr<stack> %key)
  %r = ptrtoint ptr<map_value_or_null> %v to i64
  ret i64 %r
}`);
    expect(body(run(m, 'zeroPadding')).split('\n').slice(0, 4).join('\n')).toBe(`entry:
  %key = alloca 8, align 8
  store i64 0, u8 [%key + 1]
  store i64 0, u16 [%key + 2]`);
  });

  it('adds nothing when every byte is written on every path, or when the helper only writes', () => {
    const m = parseModule(`
func @f(%c: i1) -> i64 static {
entry:
  %buf = alloca 4, align 4
  %out = alloca 8, align 8
  condbr %c, a, b
a:
  store i32 1, u32 [%buf]
  br j
b:
  store i32 2, u32 [%buf]
  br j
j:
  %r = call i64 bpf_csum_diff#28(ptr<stack> %buf, i32 4, ptr<stack> %buf, i32 4, i32 0)
  %q = call i64 bpf_probe_read#4(ptr<stack> %out, i32 8, ptr<any> null)
  ret i64 %r
}`);
    expect(runPass('zeroPadding', m.funcs[0] as Module['funcs'][number], m)).toBe(false);
  });
});

describe('loop-invariant code motion', () => {
  it('moves an invariant product out of the loop, into a new preheader when the entry edge branches', () => {
    const src = `
func @f(%a: i64, %b: i64, %n: i64) -> i64 static {
entry:
  %z = cmp eq i64 %n, 0
  condbr %z, done, head
head:
  %i = phi i64 [0, entry], [%i1, head]
  %s = phi i64 [0, entry], [%s1, head]
  %k = mul i64 %a, %b
  %s1 = add i64 %s, %k
  %i1 = add i64 %i, 1
  %c = cmp ult i64 %i1, %n
  condbr %c, head, done
done:
  %r = phi i64 [0, entry], [%s1, head]
  ret i64 %r
}`;
    const m = parseModule(src);
    const out = run(m, 'licm');
    expect(out).toMatch(/head\.pre:\n {2}%k = mul i64 %a, %b\n {2}br head/);
    const plain = parseModule(src);
    const env = () => ({ mem: xdpEnv(new Uint8Array(14)).env.mem, helpers: new Map(), maps: new Map(), globals: new Map() });
    for (const n of [0n, 1n, 5n]) expect(interpret(m, 'f', [3n, 7n, n], env())).toBe(interpret(plain, 'f', [3n, 7n, n], env()));
  });
});

describe('tail merging of calls', () => {
  it('merges the tail calls of three switch arms into one call with the index in a phi', () => {
    const m = parseModule(`
map @jt
func @f(%ctx: ptr<ctx>, %x: i32) -> i32 global section "xdp" {
entry:
  switch i32 %x, default ret [1: a, 2: b, 3: c]
a:
  %0 = call i64 bpf_tail_call#12(ptr<ctx> %ctx, ptr<map> @jt, i32 0)
  br ret
b:
  %1 = call i64 bpf_tail_call#12(ptr<ctx> %ctx, ptr<map> @jt, i32 7)
  br ret
c:
  %2 = call i64 bpf_tail_call#12(ptr<ctx> %ctx, ptr<map> @jt, i32 0)
  br ret
ret:
  %r = phi i32 [2, entry], [2, a], [2, b], [2, c]
  ret i32 %r
}`);
    const out = run(m, 'sinkCalls');
    expect(out.match(/call i64 bpf_tail_call/g)?.length).toBe(1);
    expect(out).toMatch(/phi i32 \[0, a\], \[7, b\], \[0, c\]/);
  });
});

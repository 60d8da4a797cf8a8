// Stack slot sharing (compiler/codegen/stack-color.ts) must keep apart what it cannot see the lifetime
// of: an object whose address was stored in memory (read back later, it still points at the object)
// and an object that may be read before it is written (the read would see a slot-mate's bytes — part
// of a spilled pointer, which the kernel's verifier refuses to read). Unoptimised IR, as -O0 makes it,
// straight to the code generator; run in the VM and, with root, bpftool and clang-16, in the kernel.
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../../compiler/codegen/index.js';
import { parseModule } from '../../../compiler/ir/index.js';
import { CLANG, canUseKernel, hasTool } from '../../helpers/tools.js';
import { runInKernel } from './kernel.js';
import { VmHarness } from './vmrun.js';

// a's address is stored in p; b, written after a's last direct access, must not take a's bytes
const ESCAPE = `
func @escape(%ctx: ptr<ctx>) -> i32 global section "xdp" {
entry:
  %a = alloca 8, align 8
  %p = alloca 8, align 8
  %b = alloca 8, align 8
  store i64 11, u64 [%a]
  store ptr<stack> %a, u64 [%p]
  store i64 22, u64 [%b]
  %w = load i64, u64 [%b]
  %q = load ptr<stack>, u64 [%p]
  %v = load i64, u64 [%q]
  %s = add i64 %v, %w
  %r = trunc i64 %s to i32
  ret i32 %r
}
`;

// u is read before it is written; a held a pointer (ctx) just before
const UNINIT = `
func @uninit(%ctx: ptr<ctx>) -> i32 global section "xdp" {
entry:
  %a = alloca 8, align 8
  %u = alloca 8, align 8
  store ptr<ctx> %ctx, u64 [%a]
  %c = load ptr<ctx>, u64 [%a]
  %len = load i32, u32 [%c + 4]
  %y = load i16, u16 [%u]
  store i16 7, u16 [%u]
  %z = load i16, u16 [%u]
  %y32 = zext i16 %y to i32
  %z32 = zext i16 %z to i32
  %t = and i32 %y32, 0
  %r = add i32 %t, %z32
  ret i32 %r
}
`;

const compile = (src: string): { m: ReturnType<typeof parseModule>; code: ReturnType<typeof generateModule> } => {
  const m = parseModule(src, 'escape.c');
  return { m, code: generateModule(m, { mcpu: 3 }) };
};
const pkt = new Uint8Array(20);

describe('stack slot sharing keeps apart objects whose lifetime it cannot see', () => {
  it('an object whose address is stored in memory keeps its own bytes', () => {
    const { m, code } = compile(ESCAPE);
    expect(code.diagnostics).toEqual([]);
    expect(code.functions[0]?.stackSize).toBe(24);
    expect(new VmHarness(code, m, {}).runXdp('escape', pkt).r0).toBe(33n);
  });

  it('an object read before it is written keeps its own bytes', () => {
    const { m, code } = compile(UNINIT);
    expect(code.diagnostics).toEqual([]);
    expect(code.functions[0]?.stackSize).toBe(16);
    expect(new VmHarness(code, m, {}).runXdp('uninit', pkt).r0).toBe(7n);
  });

  it.skipIf(!canUseKernel() || !hasTool(CLANG))('the kernel accepts both and gets the same results', async () => {
    for (const [src, name, want] of [[ESCAPE, 'escape', 33], [UNINIT, 'uninit', 7]] as const) {
      const { m, code } = compile(src);
      const k = await runInKernel(code, m, {}, name, [pkt]);
      expect(k.results[0]?.r0, name).toBe(want);
    }
  });
});

// Number spelling shared by the printers. In: numbers (imm, off, 64-bit immediates). Out: text in LLVM's
// style (signed decimal, or signed hex `-0x4` as llvm-objdump prints by default) or in the conformance
// suite's style (small and negative values decimal, others unsigned hex).

/** Signed immediate: `-5` / `-0x5`. */
export function fmtImm(v: number, hex: boolean): string {
  if (!hex) return String(v);
  return v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`;
}

/** Signed 64-bit immediate. */
export function fmtImm64(v: bigint, hex: boolean): string {
  const s = BigInt.asIntN(64, v);
  if (!hex) return s.toString();
  return s < 0n ? `-0x${(-s).toString(16)}` : `0x${s.toString(16)}`;
}

/** Pc-relative displacement with explicit sign: `+3`, `-0x21`. */
export function fmtRel(v: number, hex: boolean): string {
  const body = hex ? `0x${Math.abs(v).toString(16)}` : String(Math.abs(v));
  return (v < 0 ? '-' : '+') + body;
}

/** `(r1 + 4)`, `(r10 - 0x8)` */
export function fmtAddr(reg: number, off: number, hex: boolean): string {
  const mag = hex ? `0x${Math.abs(off).toString(16)}` : String(Math.abs(off));
  return `r${reg} ${off < 0 ? '-' : '+'} ${mag}`;
}

/** Conformance-suite immediate: negative (except INT32_MIN) and -10..10 decimal, else unsigned hex. */
export function fmtConfImm(v: number): string {
  if ((v < 0 && v !== -0x80000000) || (v >= -10 && v <= 10)) return String(v);
  return `0x${(v >>> 0).toString(16)}`;
}

/** `[%r1+4]`, `[%r10-8]`, `[%r1]` */
export function fmtConfMem(reg: number, off: number): string {
  if (off === 0) return `[%r${reg}]`;
  return `[%r${reg}${off > 0 ? '+' : ''}${off}]`;
}

/** The 64-bit immediate of an ld_imm64 pair, as an unsigned bigint. */
export function imm64Of(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

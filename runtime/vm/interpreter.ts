// The reference interpreter: runs a predecoded Program on the VM's run state (registers as int32
// lo/hi pairs in st.L / st.H) from `pc` until the frame it was entered in exits. Exact RFC 9669
// semantics for every instruction (cpu v1-v4); every memory access passes the gate: a per-instruction
// cached region id checked against the region's window and permission (fast path), else
// Vm.gate (slow path: finds the region or throws VmFault). The compiled tier (compile.ts) must agree
// with this file on every result, fault and memory effect; the fuzz test checks it.

import { OP, OPK } from './ops.js';
import type { Program } from './program.js';
import type { RunState, Vm } from './vm.js';
import { FUNC_TAG } from './constants.js';
import { ACCESS_READ, ACCESS_WRITE } from './access.js';
import * as I64 from './int64.js';

// Module-level constants for everything the dispatch loop touches: V8 folds module `const`s into the
// optimized code, while `case OP.X` would compare against a property load per case (and imported
// bindings can cost a call per access under some loaders).
const {
  AADD_DW, AADD_W, AAND_DW, AAND_W, ACMPXCHG_DW, ACMPXCHG_W, ADD32, ADD64, AFADD_DW, AFADD_W,
  AFAND_DW, AFAND_W, AFOR_DW, AFOR_W, AFXOR_DW, AFXOR_W, AND32, AND64, AOR_DW, AOR_W,
  ARSH32, ARSH64, AXCHG_DW, AXCHG_W, AXOR_DW, AXOR_W, BE16, BE32, BE64, BSWAP16,
  BSWAP32, BSWAP64, CALL, CALLX, CALL_LOCAL, DIV32, DIV64, END_OF_CODE, EXIT, INVALID,
  JA, JEQ, JEQ32, JGE, JGE32, JGT, JGT32, JLE, JLE32, JLT,
  JLT32, JNE, JNE32, JSET, JSET32, JSGE, JSGE32, JSGT, JSGT32, JSLE,
  JSLE32, JSLT, JSLT32, LDABSB, LDABSH, LDABSW, LDDW, LDDW_FUNC, LDDW_HI, LDINDB,
  LDINDH, LDINDW, LDXB, LDXDW, LDXH, LDXSB, LDXSH, LDXSW, LDXW, LE16,
  LE32, LE64, LSH32, LSH64, MOD32, MOD64, MOV32, MOV64, MOVSX16_32, MOVSX16_64,
  MOVSX32_64, MOVSX8_32, MOVSX8_64, MUL32, MUL64, NEG32, NEG64, OR32, OR64, RSH32,
  RSH64, SDIV32, SDIV64, SMOD32, SMOD64, STB, STDW, STH, STW, SUB32,
  SUB64, TAIL_CALL, XOR32, XOR64,
} = OP;
const { bswap16, bswap32, mul64, sdiv64, smod64, udiv64, umod64 } = I64;
const OPK_ = OPK;
const FUNC_TAG_ = FUNC_TAG;
const RD = ACCESS_READ;
const WR = ACCESS_WRITE;
const RW = ACCESS_READ | ACCESS_WRITE;

/** Address of (hi:lo) + off when it is a non-negative int32, else -1 (the gate reports it). */
export function exactAddr(lo: number, hi: number, off: number): number {
  let a = (lo >>> 0) + off;
  let h = hi;
  if (a < 0) {
    a += 4294967296;
    h = (h - 1) | 0;
  } else if (a >= 4294967296) {
    a -= 4294967296;
    h = (h + 1) | 0;
  }
  return h === 0 && a < 0x80000000 ? a : -1;
}

export function interpret(vm: Vm, st: RunState, prog0: Program, pc0: number, base: number): void {
  let prog = prog0;
  let pc = pc0;
  let op = prog.op;
  let dst = prog.dst;
  let src = prog.src;
  let off = prog.off;
  let imm = prog.imm;
  let immHi = prog.immHi;
  let site = prog.site;
  const L = st.L;
  const H = st.H;
  const t = st.t;
  const mem = vm.mem;
  let u8 = mem.u8;
  let dv = mem.dv;
  let rStart = mem.rStart;
  let rEndR = mem.rEndR;
  let rEndW = mem.rEndW;
  let rEndRW = mem.rEndRW;
  let budget = st.budget;
  const trace = st.trace;


  for (;;) {
    if (--budget < 0) throw vm.budgetFault(prog, pc);
    if (trace !== undefined) trace(prog, pc, st);
    const w = op[pc]!;
    const d = dst[pc]!;
    let bl: number;
    let bh: number;
    if ((w & OPK_) !== 0) {
      bl = imm[pc]!;
      bh = immHi[pc]!;
    } else {
      const s = src[pc]!;
      bl = L[s]!;
      bh = H[s]!;
    }
    switch (w & 0xff) {
      // ---------------- ALU64 ----------------
      case ADD64: {
        const al = L[d]!;
        const lo = (al + bl) | 0;
        H[d] = (H[d]! + bh + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
        L[d] = lo;
        pc++;
        break;
      }
      case SUB64: {
        const al = L[d]!;
        H[d] = (H[d]! - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
        L[d] = (al - bl) | 0;
        pc++;
        break;
      }
      case MUL64:
        mul64(t, L[d]!, H[d]!, bl, bh);
        L[d] = t[0]!;
        H[d] = t[1]!;
        pc++;
        break;
      case DIV64:
        if (bl === 0 && bh === 0) {
          L[d] = 0;
          H[d] = 0;
        } else {
          udiv64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case SDIV64:
        if (bl === 0 && bh === 0) {
          L[d] = 0;
          H[d] = 0;
        } else {
          sdiv64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case MOD64:
        if (bl !== 0 || bh !== 0) {
          umod64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case SMOD64:
        if (bl !== 0 || bh !== 0) {
          smod64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case OR64:
        L[d] = L[d]! | bl;
        H[d] = H[d]! | bh;
        pc++;
        break;
      case AND64:
        L[d] = L[d]! & bl;
        H[d] = H[d]! & bh;
        pc++;
        break;
      case XOR64:
        L[d] = L[d]! ^ bl;
        H[d] = H[d]! ^ bh;
        pc++;
        break;
      case LSH64: {
        const n = bl & 63;
        const lo = L[d]!;
        if (n >= 32) {
          H[d] = lo << (n - 32);
          L[d] = 0;
        } else if (n !== 0) {
          H[d] = (H[d]! << n) | (lo >>> (32 - n));
          L[d] = lo << n;
        }
        pc++;
        break;
      }
      case RSH64: {
        const n = bl & 63;
        const hi = H[d]!;
        if (n >= 32) {
          L[d] = hi >>> (n - 32);
          H[d] = 0;
        } else if (n !== 0) {
          L[d] = (L[d]! >>> n) | (hi << (32 - n));
          H[d] = hi >>> n;
        }
        pc++;
        break;
      }
      case ARSH64: {
        const n = bl & 63;
        const hi = H[d]!;
        if (n >= 32) {
          L[d] = hi >> (n - 32);
          H[d] = hi >> 31;
        } else if (n !== 0) {
          L[d] = (L[d]! >>> n) | (hi << (32 - n));
          H[d] = hi >> n;
        }
        pc++;
        break;
      }
      case NEG64: {
        const lo = L[d]!;
        H[d] = (~H[d]! + (lo === 0 ? 1 : 0)) | 0;
        L[d] = -lo | 0;
        pc++;
        break;
      }
      case MOV64:
        L[d] = bl;
        H[d] = bh;
        pc++;
        break;
      case MOVSX8_64: {
        const v = (bl << 24) >> 24;
        L[d] = v;
        H[d] = v >> 31;
        pc++;
        break;
      }
      case MOVSX16_64: {
        const v = (bl << 16) >> 16;
        L[d] = v;
        H[d] = v >> 31;
        pc++;
        break;
      }
      case MOVSX32_64:
        L[d] = bl;
        H[d] = bl >> 31;
        pc++;
        break;
      case BSWAP16:
      case BE16:
        L[d] = bswap16(L[d]!);
        H[d] = 0;
        pc++;
        break;
      case BSWAP32:
      case BE32:
        L[d] = bswap32(L[d]!);
        H[d] = 0;
        pc++;
        break;
      case BSWAP64:
      case BE64: {
        const lo = L[d]!;
        L[d] = bswap32(H[d]!);
        H[d] = bswap32(lo);
        pc++;
        break;
      }
      case LE16:
        L[d] = L[d]! & 0xffff;
        H[d] = 0;
        pc++;
        break;
      case LE32:
        H[d] = 0;
        pc++;
        break;
      case LE64:
        pc++;
        break;
      // ---------------- ALU (32-bit, zero-extending) ----------------
      case ADD32:
        L[d] = (L[d]! + bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case SUB32:
        L[d] = (L[d]! - bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case MUL32:
        L[d] = Math.imul(L[d]!, bl);
        H[d] = 0;
        pc++;
        break;
      case DIV32:
        L[d] = bl === 0 ? 0 : ((L[d]! >>> 0) / (bl >>> 0)) | 0;
        H[d] = 0;
        pc++;
        break;
      case SDIV32:
        L[d] = bl === 0 ? 0 : (L[d]! / bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case MOD32:
        if (bl !== 0) L[d] = ((L[d]! >>> 0) % (bl >>> 0)) | 0;
        H[d] = 0;
        pc++;
        break;
      case SMOD32:
        if (bl !== 0) L[d] = (L[d]! % bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case OR32:
        L[d] = L[d]! | bl;
        H[d] = 0;
        pc++;
        break;
      case AND32:
        L[d] = L[d]! & bl;
        H[d] = 0;
        pc++;
        break;
      case XOR32:
        L[d] = L[d]! ^ bl;
        H[d] = 0;
        pc++;
        break;
      case LSH32:
        L[d] = L[d]! << (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case RSH32:
        L[d] = L[d]! >>> (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case ARSH32:
        L[d] = L[d]! >> (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case NEG32:
        L[d] = -L[d]! | 0;
        H[d] = 0;
        pc++;
        break;
      case MOV32:
        L[d] = bl;
        H[d] = 0;
        pc++;
        break;
      case MOVSX8_32:
        L[d] = (bl << 24) >> 24;
        H[d] = 0;
        pc++;
        break;
      case MOVSX16_32:
        L[d] = (bl << 16) >> 16;
        H[d] = 0;
        pc++;
        break;
      // ---------------- jumps ----------------
      case JA:
        pc = off[pc]!;
        break;
      case JEQ:
        pc = L[d] === bl && H[d] === bh ? off[pc]! : pc + 1;
        break;
      case JNE:
        pc = L[d] !== bl || H[d] !== bh ? off[pc]! : pc + 1;
        break;
      case JSET:
        pc = (L[d]! & bl) !== 0 || (H[d]! & bh) !== 0 ? off[pc]! : pc + 1;
        break;
      case JGT: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah > ch || (ah === ch && L[d]! >>> 0 > bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JGE: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah > ch || (ah === ch && L[d]! >>> 0 >= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JLT: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah < ch || (ah === ch && L[d]! >>> 0 < bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JLE: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah < ch || (ah === ch && L[d]! >>> 0 <= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JSGT: {
        const ah = H[d]!;
        pc = ah > bh || (ah === bh && L[d]! >>> 0 > bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JSGE: {
        const ah = H[d]!;
        pc = ah > bh || (ah === bh && L[d]! >>> 0 >= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JSLT: {
        const ah = H[d]!;
        pc = ah < bh || (ah === bh && L[d]! >>> 0 < bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JSLE: {
        const ah = H[d]!;
        pc = ah < bh || (ah === bh && L[d]! >>> 0 <= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case JEQ32:
        pc = L[d] === bl ? off[pc]! : pc + 1;
        break;
      case JNE32:
        pc = L[d] !== bl ? off[pc]! : pc + 1;
        break;
      case JSET32:
        pc = (L[d]! & bl) !== 0 ? off[pc]! : pc + 1;
        break;
      case JGT32:
        pc = L[d]! >>> 0 > bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case JGE32:
        pc = L[d]! >>> 0 >= bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case JLT32:
        pc = L[d]! >>> 0 < bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case JLE32:
        pc = L[d]! >>> 0 <= bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case JSGT32:
        pc = L[d]! > bl ? off[pc]! : pc + 1;
        break;
      case JSGE32:
        pc = L[d]! >= bl ? off[pc]! : pc + 1;
        break;
      case JSLT32:
        pc = L[d]! < bl ? off[pc]! : pc + 1;
        break;
      case JSLE32:
        pc = L[d]! <= bl ? off[pc]! : pc + 1;
        break;
      // ---------------- calls ----------------
      case CALL:
        st.budget = budget;
        vm.callHelper(prog, pc, imm[pc]!);
        budget = st.budget;
        u8 = mem.u8; dv = mem.dv; rStart = mem.rStart; rEndR = mem.rEndR; rEndW = mem.rEndW; rEndRW = mem.rEndRW;
        pc++;
        break;
      case TAIL_CALL: {
        st.budget = budget;
        const target = vm.tailCall(prog, pc);
        if (target === undefined) {
          pc++;
        } else {
          prog = target; op = target.op; dst = target.dst; src = target.src; off = target.off; imm = target.imm; immHi = target.immHi; site = target.site;
          pc = 0;
        }
        break;
      }
      case CALL_LOCAL:
        vm.pushFrame(prog, pc, pc + 1);
        pc = off[pc]!;
        break;
      case CALLX: {
        const target = vm.funcTarget(prog, L[d]!, H[d]!);
        if (target >= 0) {
          vm.pushFrame(prog, pc, pc + 1);
          pc = target;
        } else if (H[d] === 0 && L[d]! >= 0) {
          st.budget = budget;
          if (L[d] === 12) {
            const tc = vm.tailCall(prog, pc);
            if (tc === undefined) {
              pc++;
            } else {
              prog = tc; op = tc.op; dst = tc.dst; src = tc.src; off = tc.off; imm = tc.imm; immHi = tc.immHi; site = tc.site;
              pc = 0;
            }
            break;
          }
          vm.callHelper(prog, pc, L[d]!);
          budget = st.budget;
          u8 = mem.u8; dv = mem.dv; rStart = mem.rStart; rEndR = mem.rEndR; rEndW = mem.rEndW; rEndRW = mem.rEndRW;
          pc++;
        } else {
          throw vm.fault(prog, pc, 'bad-call', `callx target r${d} = 0x${(H[d]! >>> 0).toString(16)}${(L[d]! >>> 0).toString(16).padStart(8, '0')} is neither a function of "${prog.name}" nor a helper id`);
        }
        break;
      }
      case EXIT:
        if (st.depth === base) {
          st.budget = budget;
          return;
        }
        {
          const caller = st.frProg[st.depth - 1]!;
          pc = vm.popFrame();
          if (caller !== prog) prog = caller; op = caller.op; dst = caller.dst; src = caller.src; off = caller.off; imm = caller.imm; immHi = caller.immHi; site = caller.site;
        }
        break;
      // ---------------- immediates ----------------
      case LDDW:
        L[d] = imm[pc]!;
        H[d] = immHi[pc]!;
        pc += 2;
        break;
      case LDDW_FUNC:
        L[d] = off[pc]!;
        H[d] = FUNC_TAG_ | prog.id;
        pc += 2;
        break;
      // ---------------- loads ----------------
      case LDXB:
      case LDXSB: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 1 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 1, RD, lo, hi, off[pc]!);
        if ((w & 0xff) === LDXB) {
          L[d] = u8[a]!;
          H[d] = 0;
        } else {
          const v = (u8[a]! << 24) >> 24;
          L[d] = v;
          H[d] = v >> 31;
        }
        pc++;
        break;
      }
      case LDXH:
      case LDXSH: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 2 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 2, RD, lo, hi, off[pc]!);
        if ((w & 0xff) === LDXH) {
          L[d] = dv.getUint16(a, true);
          H[d] = 0;
        } else {
          const v = dv.getInt16(a, true);
          L[d] = v;
          H[d] = v >> 31;
        }
        pc++;
        break;
      }
      case LDXW:
      case LDXSW: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 4 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 4, RD, lo, hi, off[pc]!);
        const v = dv.getInt32(a, true);
        L[d] = v;
        H[d] = (w & 0xff) === LDXW ? 0 : v >> 31;
        pc++;
        break;
      }
      case LDXDW: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 8 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 8, RD, lo, hi, off[pc]!);
        L[d] = dv.getInt32(a, true);
        H[d] = dv.getInt32(a + 4, true);
        pc++;
        break;
      }
      // ---------------- stores (value = operand: imm or src) ----------------
      case STB:
      case STH:
      case STW:
      case STDW: {
        const o = w & 0xff;
        const size = o === STB ? 1 : o === STH ? 2 : o === STW ? 4 : 8;
        const lo = L[d]!;
        const hi = H[d]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + size > rEndW[r]!) site[pc] = r = vm.gate(prog, pc, a, size, WR, lo, hi, off[pc]!);
        if (size === 1) u8[a] = bl;
        else if (size === 2) dv.setUint16(a, bl, true);
        else if (size === 4) dv.setInt32(a, bl, true);
        else {
          dv.setInt32(a, bl, true);
          dv.setInt32(a + 4, bh, true);
        }
        pc++;
        break;
      }
      // ---------------- atomics on *(dst + off) with src ----------------
      case AADD_W: case AOR_W: case AAND_W: case AXOR_W:
      case AFADD_W: case AFOR_W: case AFAND_W: case AFXOR_W:
      case AXCHG_W: case ACMPXCHG_W: {
        const lo = L[d]!;
        const hi = H[d]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 4 > rEndRW[r]!) site[pc] = r = vm.gate(prog, pc, a, 4, RW, lo, hi, off[pc]!);
        const old = dv.getInt32(a, true);
        const s = src[pc]!;
        switch (w & 0xff) {
          case AADD_W: dv.setInt32(a, (old + bl) | 0, true); break;
          case AOR_W: dv.setInt32(a, old | bl, true); break;
          case AAND_W: dv.setInt32(a, old & bl, true); break;
          case AXOR_W: dv.setInt32(a, old ^ bl, true); break;
          case AFADD_W: dv.setInt32(a, (old + bl) | 0, true); L[s] = old; H[s] = 0; break;
          case AFOR_W: dv.setInt32(a, old | bl, true); L[s] = old; H[s] = 0; break;
          case AFAND_W: dv.setInt32(a, old & bl, true); L[s] = old; H[s] = 0; break;
          case AFXOR_W: dv.setInt32(a, old ^ bl, true); L[s] = old; H[s] = 0; break;
          case AXCHG_W: dv.setInt32(a, bl, true); L[s] = old; H[s] = 0; break;
          default: // ACMPXCHG_W: compare with w0, r0 = zero-extended old value
            if (old === L[0]) dv.setInt32(a, bl, true);
            L[0] = old;
            H[0] = 0;
            break;
        }
        pc++;
        break;
      }
      case AADD_DW: case AOR_DW: case AAND_DW: case AXOR_DW:
      case AFADD_DW: case AFOR_DW: case AFAND_DW: case AFXOR_DW:
      case AXCHG_DW: case ACMPXCHG_DW: {
        const lo = L[d]!;
        const hi = H[d]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 8 > rEndRW[r]!) site[pc] = r = vm.gate(prog, pc, a, 8, RW, lo, hi, off[pc]!);
        const ol = dv.getInt32(a, true);
        const oh = dv.getInt32(a + 4, true);
        const s = src[pc]!;
        const o = w & 0xff;
        let nl = ol;
        let nh = oh;
        switch (o) {
          case AADD_DW: case AFADD_DW:
            nl = (ol + bl) | 0;
            nh = (oh + bh + ((nl >>> 0) < (ol >>> 0) ? 1 : 0)) | 0;
            break;
          case AOR_DW: case AFOR_DW: nl = ol | bl; nh = oh | bh; break;
          case AAND_DW: case AFAND_DW: nl = ol & bl; nh = oh & bh; break;
          case AXOR_DW: case AFXOR_DW: nl = ol ^ bl; nh = oh ^ bh; break;
          case AXCHG_DW: nl = bl; nh = bh; break;
          default: // ACMPXCHG_DW
            if (ol === L[0] && oh === H[0]) {
              nl = bl;
              nh = bh;
            }
            break;
        }
        dv.setInt32(a, nl, true);
        dv.setInt32(a + 4, nh, true);
        if (o === ACMPXCHG_DW) {
          L[0] = ol;
          H[0] = oh;
        } else if (o >= AFADD_DW) {
          L[s] = ol;
          H[s] = oh;
        }
        pc++;
        break;
      }
      // ---------------- legacy packet loads ----------------
      case LDABSB: case LDABSH: case LDABSW:
      case LDINDB: case LDINDH: case LDINDW: {
        const pkt = st.packet;
        if (pkt === undefined || !pkt.live) throw vm.noPacketFault(prog, pc);
        const o = w & 0xff;
        const size = o === LDABSB || o === LDINDB ? 1 : o === LDABSH || o === LDINDH ? 2 : 4;
        const k = o >= LDINDB ? (imm[pc]! + L[src[pc]!]!) | 0 : imm[pc]!;
        if (k < 0 || k + size > pkt.end - pkt.start) {
          // out of bounds: the function returns 0 (as the kernel's rewritten sequence does)
          L[0] = 0;
          H[0] = 0;
          if (st.depth === base) {
            st.budget = budget;
            return;
          }
          const caller = st.frProg[st.depth - 1]!;
          pc = vm.popFrame();
          if (caller !== prog) prog = caller; op = caller.op; dst = caller.dst; src = caller.src; off = caller.off; imm = caller.imm; immHi = caller.immHi; site = caller.site;
          break;
        }
        const p = pkt.start + k;
        L[0] = size === 1 ? u8[p]! : size === 2 ? (u8[p]! << 8) | u8[p + 1]! : dv.getInt32(p, false);
        H[0] = 0;
        pc++;
        break;
      }
      case END_OF_CODE:
        throw vm.endFault(prog, pc);
      case LDDW_HI:
      case INVALID:
      default:
        throw vm.invalidFault(prog, pc);
    }
  }
}

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
import { bswap16, bswap32, mul64, mulHi32, sdiv64, smod64, udiv64, umod64 } from './int64.js';

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


  for (;;) {
    if (--budget < 0) throw vm.budgetFault(prog, pc);
    const w = op[pc]!;
    const d = dst[pc]!;
    let bl: number;
    let bh: number;
    if ((w & OPK) !== 0) {
      bl = imm[pc]!;
      bh = immHi[pc]!;
    } else {
      const s = src[pc]!;
      bl = L[s]!;
      bh = H[s]!;
    }
    switch (w & 0xff) {
      // ---------------- ALU64 ----------------
      case OP.ADD64: {
        const al = L[d]!;
        const lo = (al + bl) | 0;
        H[d] = (H[d]! + bh + ((lo >>> 0) < (al >>> 0) ? 1 : 0)) | 0;
        L[d] = lo;
        pc++;
        break;
      }
      case OP.SUB64: {
        const al = L[d]!;
        H[d] = (H[d]! - bh - ((al >>> 0) < (bl >>> 0) ? 1 : 0)) | 0;
        L[d] = (al - bl) | 0;
        pc++;
        break;
      }
      case OP.MUL64:
        mul64(t, L[d]!, H[d]!, bl, bh);
        L[d] = t[0]!;
        H[d] = t[1]!;
        pc++;
        break;
      case OP.DIV64:
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
      case OP.SDIV64:
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
      case OP.MOD64:
        if (bl !== 0 || bh !== 0) {
          umod64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case OP.SMOD64:
        if (bl !== 0 || bh !== 0) {
          smod64(t, L[d]!, H[d]!, bl, bh);
          L[d] = t[0]!;
          H[d] = t[1]!;
        }
        pc++;
        break;
      case OP.OR64:
        L[d] = L[d]! | bl;
        H[d] = H[d]! | bh;
        pc++;
        break;
      case OP.AND64:
        L[d] = L[d]! & bl;
        H[d] = H[d]! & bh;
        pc++;
        break;
      case OP.XOR64:
        L[d] = L[d]! ^ bl;
        H[d] = H[d]! ^ bh;
        pc++;
        break;
      case OP.LSH64: {
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
      case OP.RSH64: {
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
      case OP.ARSH64: {
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
      case OP.NEG64: {
        const lo = L[d]!;
        H[d] = (~H[d]! + (lo === 0 ? 1 : 0)) | 0;
        L[d] = -lo | 0;
        pc++;
        break;
      }
      case OP.MOV64:
        L[d] = bl;
        H[d] = bh;
        pc++;
        break;
      case OP.MOVSX8_64: {
        const v = (bl << 24) >> 24;
        L[d] = v;
        H[d] = v >> 31;
        pc++;
        break;
      }
      case OP.MOVSX16_64: {
        const v = (bl << 16) >> 16;
        L[d] = v;
        H[d] = v >> 31;
        pc++;
        break;
      }
      case OP.MOVSX32_64:
        L[d] = bl;
        H[d] = bl >> 31;
        pc++;
        break;
      case OP.BSWAP16:
      case OP.BE16:
        L[d] = bswap16(L[d]!);
        H[d] = 0;
        pc++;
        break;
      case OP.BSWAP32:
      case OP.BE32:
        L[d] = bswap32(L[d]!);
        H[d] = 0;
        pc++;
        break;
      case OP.BSWAP64:
      case OP.BE64: {
        const lo = L[d]!;
        L[d] = bswap32(H[d]!);
        H[d] = bswap32(lo);
        pc++;
        break;
      }
      case OP.LE16:
        L[d] = L[d]! & 0xffff;
        H[d] = 0;
        pc++;
        break;
      case OP.LE32:
        H[d] = 0;
        pc++;
        break;
      case OP.LE64:
        pc++;
        break;
      // ---------------- ALU (32-bit, zero-extending) ----------------
      case OP.ADD32:
        L[d] = (L[d]! + bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.SUB32:
        L[d] = (L[d]! - bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.MUL32:
        L[d] = Math.imul(L[d]!, bl);
        H[d] = 0;
        pc++;
        break;
      case OP.DIV32:
        L[d] = bl === 0 ? 0 : ((L[d]! >>> 0) / (bl >>> 0)) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.SDIV32:
        L[d] = bl === 0 ? 0 : (L[d]! / bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.MOD32:
        if (bl !== 0) L[d] = ((L[d]! >>> 0) % (bl >>> 0)) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.SMOD32:
        if (bl !== 0) L[d] = (L[d]! % bl) | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.OR32:
        L[d] = L[d]! | bl;
        H[d] = 0;
        pc++;
        break;
      case OP.AND32:
        L[d] = L[d]! & bl;
        H[d] = 0;
        pc++;
        break;
      case OP.XOR32:
        L[d] = L[d]! ^ bl;
        H[d] = 0;
        pc++;
        break;
      case OP.LSH32:
        L[d] = L[d]! << (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case OP.RSH32:
        L[d] = L[d]! >>> (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case OP.ARSH32:
        L[d] = L[d]! >> (bl & 31);
        H[d] = 0;
        pc++;
        break;
      case OP.NEG32:
        L[d] = -L[d]! | 0;
        H[d] = 0;
        pc++;
        break;
      case OP.MOV32:
        L[d] = bl;
        H[d] = 0;
        pc++;
        break;
      case OP.MOVSX8_32:
        L[d] = (bl << 24) >> 24;
        H[d] = 0;
        pc++;
        break;
      case OP.MOVSX16_32:
        L[d] = (bl << 16) >> 16;
        H[d] = 0;
        pc++;
        break;
      // ---------------- jumps ----------------
      case OP.JA:
        pc = off[pc]!;
        break;
      case OP.JEQ:
        pc = L[d] === bl && H[d] === bh ? off[pc]! : pc + 1;
        break;
      case OP.JNE:
        pc = L[d] !== bl || H[d] !== bh ? off[pc]! : pc + 1;
        break;
      case OP.JSET:
        pc = (L[d]! & bl) !== 0 || (H[d]! & bh) !== 0 ? off[pc]! : pc + 1;
        break;
      case OP.JGT: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah > ch || (ah === ch && L[d]! >>> 0 > bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JGE: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah > ch || (ah === ch && L[d]! >>> 0 >= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JLT: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah < ch || (ah === ch && L[d]! >>> 0 < bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JLE: {
        const ah = H[d]! >>> 0;
        const ch = bh >>> 0;
        pc = ah < ch || (ah === ch && L[d]! >>> 0 <= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JSGT: {
        const ah = H[d]!;
        pc = ah > bh || (ah === bh && L[d]! >>> 0 > bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JSGE: {
        const ah = H[d]!;
        pc = ah > bh || (ah === bh && L[d]! >>> 0 >= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JSLT: {
        const ah = H[d]!;
        pc = ah < bh || (ah === bh && L[d]! >>> 0 < bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JSLE: {
        const ah = H[d]!;
        pc = ah < bh || (ah === bh && L[d]! >>> 0 <= bl >>> 0) ? off[pc]! : pc + 1;
        break;
      }
      case OP.JEQ32:
        pc = L[d] === bl ? off[pc]! : pc + 1;
        break;
      case OP.JNE32:
        pc = L[d] !== bl ? off[pc]! : pc + 1;
        break;
      case OP.JSET32:
        pc = (L[d]! & bl) !== 0 ? off[pc]! : pc + 1;
        break;
      case OP.JGT32:
        pc = L[d]! >>> 0 > bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case OP.JGE32:
        pc = L[d]! >>> 0 >= bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case OP.JLT32:
        pc = L[d]! >>> 0 < bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case OP.JLE32:
        pc = L[d]! >>> 0 <= bl >>> 0 ? off[pc]! : pc + 1;
        break;
      case OP.JSGT32:
        pc = L[d]! > bl ? off[pc]! : pc + 1;
        break;
      case OP.JSGE32:
        pc = L[d]! >= bl ? off[pc]! : pc + 1;
        break;
      case OP.JSLT32:
        pc = L[d]! < bl ? off[pc]! : pc + 1;
        break;
      case OP.JSLE32:
        pc = L[d]! <= bl ? off[pc]! : pc + 1;
        break;
      // ---------------- calls ----------------
      case OP.CALL:
        st.budget = budget;
        vm.callHelper(prog, pc, imm[pc]!);
        budget = st.budget;
        u8 = mem.u8; dv = mem.dv; rStart = mem.rStart; rEndR = mem.rEndR; rEndW = mem.rEndW; rEndRW = mem.rEndRW;
        pc++;
        break;
      case OP.TAIL_CALL: {
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
      case OP.CALL_LOCAL:
        vm.pushFrame(prog, pc, pc + 1);
        pc = off[pc]!;
        break;
      case OP.CALLX: {
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
      case OP.EXIT:
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
      case OP.LDDW:
        L[d] = imm[pc]!;
        H[d] = immHi[pc]!;
        pc += 2;
        break;
      case OP.LDDW_FUNC:
        L[d] = off[pc]!;
        H[d] = FUNC_TAG | prog.id;
        pc += 2;
        break;
      // ---------------- loads ----------------
      case OP.LDXB:
      case OP.LDXSB: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 1 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 1, ACCESS_READ, lo, hi, off[pc]!);
        if ((w & 0xff) === OP.LDXB) {
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
      case OP.LDXH:
      case OP.LDXSH: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 2 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 2, ACCESS_READ, lo, hi, off[pc]!);
        if ((w & 0xff) === OP.LDXH) {
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
      case OP.LDXW:
      case OP.LDXSW: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 4 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 4, ACCESS_READ, lo, hi, off[pc]!);
        const v = dv.getInt32(a, true);
        L[d] = v;
        H[d] = (w & 0xff) === OP.LDXW ? 0 : v >> 31;
        pc++;
        break;
      }
      case OP.LDXDW: {
        const s = src[pc]!;
        const lo = L[s]!;
        const hi = H[s]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 8 > rEndR[r]!) site[pc] = r = vm.gate(prog, pc, a, 8, ACCESS_READ, lo, hi, off[pc]!);
        L[d] = dv.getInt32(a, true);
        H[d] = dv.getInt32(a + 4, true);
        pc++;
        break;
      }
      // ---------------- stores (value = operand: imm or src) ----------------
      case OP.STB:
      case OP.STH:
      case OP.STW:
      case OP.STDW: {
        const o = w & 0xff;
        const size = o === OP.STB ? 1 : o === OP.STH ? 2 : o === OP.STW ? 4 : 8;
        const lo = L[d]!;
        const hi = H[d]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + size > rEndW[r]!) site[pc] = r = vm.gate(prog, pc, a, size, ACCESS_WRITE, lo, hi, off[pc]!);
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
      case OP.AADD_W: case OP.AOR_W: case OP.AAND_W: case OP.AXOR_W:
      case OP.AFADD_W: case OP.AFOR_W: case OP.AFAND_W: case OP.AFXOR_W:
      case OP.AXCHG_W: case OP.ACMPXCHG_W: {
        const lo = L[d]!;
        const hi = H[d]!;
        const a = hi === 0 && lo >= 0 ? lo + off[pc]! : exactAddr(lo, hi, off[pc]!);
        let r = site[pc]!;
        if (a < rStart[r]! || a + 4 > rEndRW[r]!) site[pc] = r = vm.gate(prog, pc, a, 4, RW, lo, hi, off[pc]!);
        const old = dv.getInt32(a, true);
        const s = src[pc]!;
        switch (w & 0xff) {
          case OP.AADD_W: dv.setInt32(a, (old + bl) | 0, true); break;
          case OP.AOR_W: dv.setInt32(a, old | bl, true); break;
          case OP.AAND_W: dv.setInt32(a, old & bl, true); break;
          case OP.AXOR_W: dv.setInt32(a, old ^ bl, true); break;
          case OP.AFADD_W: dv.setInt32(a, (old + bl) | 0, true); L[s] = old; H[s] = 0; break;
          case OP.AFOR_W: dv.setInt32(a, old | bl, true); L[s] = old; H[s] = 0; break;
          case OP.AFAND_W: dv.setInt32(a, old & bl, true); L[s] = old; H[s] = 0; break;
          case OP.AFXOR_W: dv.setInt32(a, old ^ bl, true); L[s] = old; H[s] = 0; break;
          case OP.AXCHG_W: dv.setInt32(a, bl, true); L[s] = old; H[s] = 0; break;
          default: // ACMPXCHG_W: compare with w0, r0 = zero-extended old value
            if (old === L[0]) dv.setInt32(a, bl, true);
            L[0] = old;
            H[0] = 0;
            break;
        }
        pc++;
        break;
      }
      case OP.AADD_DW: case OP.AOR_DW: case OP.AAND_DW: case OP.AXOR_DW:
      case OP.AFADD_DW: case OP.AFOR_DW: case OP.AFAND_DW: case OP.AFXOR_DW:
      case OP.AXCHG_DW: case OP.ACMPXCHG_DW: {
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
          case OP.AADD_DW: case OP.AFADD_DW:
            nl = (ol + bl) | 0;
            nh = (oh + bh + ((nl >>> 0) < (ol >>> 0) ? 1 : 0)) | 0;
            break;
          case OP.AOR_DW: case OP.AFOR_DW: nl = ol | bl; nh = oh | bh; break;
          case OP.AAND_DW: case OP.AFAND_DW: nl = ol & bl; nh = oh & bh; break;
          case OP.AXOR_DW: case OP.AFXOR_DW: nl = ol ^ bl; nh = oh ^ bh; break;
          case OP.AXCHG_DW: nl = bl; nh = bh; break;
          default: // ACMPXCHG_DW
            if (ol === L[0] && oh === H[0]) {
              nl = bl;
              nh = bh;
            }
            break;
        }
        dv.setInt32(a, nl, true);
        dv.setInt32(a + 4, nh, true);
        if (o === OP.ACMPXCHG_DW) {
          L[0] = ol;
          H[0] = oh;
        } else if (o >= OP.AFADD_DW) {
          L[s] = ol;
          H[s] = oh;
        }
        pc++;
        break;
      }
      // ---------------- legacy packet loads ----------------
      case OP.LDABSB: case OP.LDABSH: case OP.LDABSW:
      case OP.LDINDB: case OP.LDINDH: case OP.LDINDW: {
        const pkt = st.packet;
        if (pkt === undefined || !pkt.live) throw vm.noPacketFault(prog, pc);
        const o = w & 0xff;
        const size = o === OP.LDABSB || o === OP.LDINDB ? 1 : o === OP.LDABSH || o === OP.LDINDH ? 2 : 4;
        const k = o >= OP.LDINDB ? (imm[pc]! + L[src[pc]!]!) | 0 : imm[pc]!;
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
      case OP.END_OF_CODE:
        throw vm.endFault(prog, pc);
      case OP.LDDW_HI:
      case OP.INVALID:
      default:
        throw vm.invalidFault(prog, pc);
    }
  }
}

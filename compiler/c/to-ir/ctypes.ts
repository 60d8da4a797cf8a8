// C types as the IR sees them. In: sema CTypes (typedef sugar allowed); out: the IR value type of a scalar
// (integers by size: _Bool and char i8, short i16, int i32, long i64; every pointer `ptr<any>` until the
// provenance pass knows better), its signedness, sizes and alignments, and which record types are the
// kernel's program contexts (a pointer to one is `ptr<ctx>`).
import {
  alignOf, intKindOf, isPointer, resolve, sizeOf, INT_INFO, Qual, qualsOf, type CType,
} from '../sema/index.js';
import { T, intType, type IntBits, type IntType, type ValueType } from '../../ir/index.js';

/** The kernel context structs (include/uapi/linux/bpf.h) a program's first argument points at. */
const CTX_STRUCTS = new Set([
  'xdp_md', '__sk_buff', 'sk_msg_md', 'sk_reuseport_md', 'bpf_sock_ops', 'bpf_sock', 'bpf_sock_addr',
  'bpf_sockopt', 'bpf_sysctl', 'bpf_cgroup_dev_ctx', 'bpf_perf_event_data', 'pt_regs', 'bpf_sk_lookup',
  'bpf_flow_keys', 'bpf_raw_tracepoint_args',
]);

/** Whether `t` is a pointer to one of the kernel's context structs. */
export function isCtxPointer(t: CType): boolean {
  const r = resolve(t);
  if (r.kind !== 'pointer') return false;
  const p = resolve(r.pointee);
  return p.kind === 'record' && p.decl.name !== undefined && CTX_STRUCTS.has(p.decl.name);
}

/** The IR type of a scalar C type; undefined for void, records, arrays, functions, floats and __int128. */
export function irTypeOf(t: CType): ValueType | undefined {
  const r = resolve(t);
  switch (r.kind) {
    case 'pointer':
      return T.ptr.any;
    case 'int':
    case 'enum': {
      const k = intKindOf(r);
      if (k === undefined) return undefined;
      const size = INT_INFO[k].size;
      return size <= 8 ? intType((size * 8) as IntBits) : undefined;
    }
    default:
      return undefined;
  }
}

/** The IR integer type of an integer C type (pointers: i64). */
export function irIntOf(t: CType): IntType {
  const x = irTypeOf(t);
  return x && x.kind === 'int' ? x : T.i64;
}

export function isScalarType(t: CType): boolean {
  return irTypeOf(t) !== undefined;
}

/** Signedness for integer operations (pointers compare unsigned). */
export function isSigned(t: CType): boolean {
  const k = intKindOf(t);
  return k !== undefined && INT_INFO[k].signed;
}

export function isBoolType(t: CType): boolean {
  const r = resolve(t);
  return r.kind === 'int' && r.int === '_Bool';
}

export function isPtrType(t: CType): boolean {
  return isPointer(t);
}

export function isRecordOrArray(t: CType): boolean {
  const k = resolve(t).kind;
  return k === 'record' || k === 'array';
}

export function sizeOfType(t: CType): number {
  return sizeOf(t) ?? 0;
}

export function alignOfType(t: CType): number {
  return alignOf(t) ?? 1;
}

export function isVolatile(t: CType): boolean {
  return (qualsOf(t) & Qual.Volatile) !== 0;
}

export function isConstQualified(t: CType): boolean {
  return (qualsOf(t) & Qual.Const) !== 0;
}

/** Largest power of two (≤ 8) dividing both `align` and `offset`. */
export function alignAt(align: number, offset: number): number {
  let a = Math.min(8, Math.max(1, align));
  while (a > 1 && offset % a !== 0) a >>= 1;
  return a;
}

/** Alignment given to a stack object of type `t` (aggregates get 8 so copies use 8-byte moves). */
export function stackAlign(t: CType): number {
  const a = alignOfType(t);
  const r = resolve(t);
  if ((r.kind === 'record' || r.kind === 'array') && sizeOfType(t) >= 2) return Math.max(a, 8);
  return Math.max(1, a);
}

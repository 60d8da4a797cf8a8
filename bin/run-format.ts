// Human-readable output of `ebpfc run`: return values as the verdict names of the program type
// (XDP_PASS, TC_ACT_SHOT, …; uapi <linux/bpf.h> enum xdp_action, <linux/pkt_cls.h> TC_ACT_*), the
// summary table of a capture run, and map contents through BTF (struct fields, not hex).
import { formatValue, type Btf } from '../runtime/btf/index.js';
import { isPercpuMapType, toHex, type LoadedMap, type LoadedObject } from '../runtime/loader/index.js';
import { mapTypeName } from '../runtime/maps/index.js';
import { BPF_PROG_TYPE } from '../runtime/object/index.js';

const P = BPF_PROG_TYPE;
const XDP = ['XDP_ABORTED', 'XDP_DROP', 'XDP_PASS', 'XDP_TX', 'XDP_REDIRECT'];
const TC = ['TC_ACT_OK', 'TC_ACT_RECLASSIFY', 'TC_ACT_SHOT', 'TC_ACT_PIPE', 'TC_ACT_STOLEN', 'TC_ACT_QUEUED',
  'TC_ACT_REPEAT', 'TC_ACT_REDIRECT', 'TC_ACT_TRAP'];
const LWT: Record<number, string> = { 0: 'BPF_OK', 2: 'BPF_DROP', 7: 'BPF_REDIRECT', 128: 'BPF_LWT_REROUTE' };

/** The name of return value `retval` (u32) of a program of type `progType`. */
export function verdictName(progType: number, retval: number): string {
  switch (progType) {
    case P.BPF_PROG_TYPE_XDP:
      return XDP[retval] ?? `XDP action ${retval}`;
    case P.BPF_PROG_TYPE_SCHED_CLS:
    case P.BPF_PROG_TYPE_SCHED_ACT:
      return retval === 0xffffffff ? 'TC_ACT_UNSPEC' : TC[retval] ?? `TC action ${retval}`;
    case P.BPF_PROG_TYPE_SOCKET_FILTER:
      return retval === 0 ? 'drop' : retval >= 0xffff ? 'keep all' : `keep ${retval} bytes`;
    case P.BPF_PROG_TYPE_SK_SKB:
      return retval === 0 ? 'SK_DROP' : retval === 1 ? 'SK_PASS' : `SK action ${retval}`;
    case P.BPF_PROG_TYPE_CGROUP_SKB:
      return (retval & 1) === 1 ? 'allow' : 'deny';
    case P.BPF_PROG_TYPE_LWT_IN:
    case P.BPF_PROG_TYPE_LWT_OUT:
    case P.BPF_PROG_TYPE_LWT_XMIT:
    case P.BPF_PROG_TYPE_LWT_SEG6LOCAL:
    case P.BPF_PROG_TYPE_FLOW_DISSECTOR:
      return LWT[retval] ?? `return ${retval}`;
    default:
      return `return ${retval}`;
  }
}

/** Right-aligns numbers with thousands separators. */
export function num(n: number): string {
  // integers by hand: the first toLocaleString of a process loads ICU's locale data (~20 ms)
  if (!Number.isSafeInteger(n) || Object.is(n, -0)) return n.toLocaleString('en-US');
  const digits = String(Math.abs(n));
  let out = n < 0 ? '-' : '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += ',';
    out += digits[i];
  }
  return out;
}

/** A table of rows (first row = header); the first column left-aligned, the others right-aligned. */
export function table(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((r) => indent + r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd())
    .join('\n') + '\n';
}

function fmt(btf: Btf | undefined, typeId: number, bytes: Uint8Array): string {
  if (btf === undefined || typeId === 0) return toHex(bytes);
  try {
    return formatValue(btf, typeId, bytes);
  } catch {
    return toHex(bytes);
  }
}

/** Map contents through BTF: one header line per map, then `key → value` lines. */
export function printMaps(obj: LoadedObject, maxRows = 64): string {
  let out = '';
  for (const lm of [...obj.maps].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) out += printMap(obj, lm, maxRows);
  return out;
}

function printMap(obj: LoadedObject, lm: LoadedMap, maxRows: number): string {
  const def = lm.map.def;
  const btf = obj.spec.btf;
  const kind = lm.kind === 'data' ? 'global data' : mapTypeName(def.type);
  const entries = lm.map.entries();
  let out = `${lm.name} (${kind}, key ${def.keySize} B, value ${def.valueSize} B, max_entries ${def.maxEntries}): ${num(entries.length)} ` +
    `entr${entries.length === 1 ? 'y' : 'ies'}\n`;
  if (lm.kind === 'data') {
    const v = entries[0]?.value;
    if (v instanceof Uint8Array) out += `  ${fmt(btf, lm.btfValueType, v)}\n`;
    return out;
  }
  const percpu = isPercpuMapType(def.type);
  for (const e of entries.slice(0, maxRows)) {
    const key = e.key.length === 0 ? '' : `${fmt(btf, lm.btfKeyType, e.key)} → `;
    const value = Array.isArray(e.value)
      ? `[${e.value.map((v, cpu) => `cpu${cpu}: ${fmt(btf, lm.btfValueType, v)}`).join(', ')}]`
      : percpu ? toHex(e.value) : valueText(obj, lm, e.value);
    out += `  ${key}${value}\n`;
  }
  if (entries.length > maxRows) out += `  … ${num(entries.length - maxRows)} more\n`;
  return out;
}

function valueText(obj: LoadedObject, lm: LoadedMap, v: Uint8Array): string {
  const type = lm.map.def.type;
  const id = (v[0] ?? 0) | ((v[1] ?? 0) << 8) | ((v[2] ?? 0) << 16) | ((v[3] ?? 0) << 24);
  if (type === 3) return `program ${obj.programs[id - 1]?.name ?? `id ${id}`}`;
  if (type === 12 || type === 13) return `map ${obj.maps[id - 1]?.name ?? `id ${id}`}`;
  return fmt(obj.spec.btf, lm.btfValueType, v);
}

// Test environment for the IR interpreter: an XDP context over a packet, and array/hash maps with
// kernel-like lookup/update semantics (values live in interpreter memory, lookups return addresses).
import { IrMemory, type InterpEnv } from '../../../compiler/ir/index.js';

export interface TestMap {
  kind: 'array' | 'hash';
  keySize: number;
  valueSize: number;
  maxEntries: number;
}

export interface XdpRun {
  env: InterpEnv;
  ctx: bigint;
  packet: () => Uint8Array;
  /** Value bytes of a key (array: u32 index) or undefined. */
  lookup: (map: string, key: Uint8Array) => Uint8Array | undefined;
}

export function xdpEnv(packet: Uint8Array, maps: Record<string, TestMap> = {}): XdpRun {
  const mem = new IrMemory();
  const pkt = mem.alloc(packet.length, 'packet', packet);
  const ctx = mem.alloc(24, 'ctx');
  mem.write(BigInt(ctx), 4, BigInt(pkt));
  mem.write(BigInt(ctx + 4), 4, BigInt(pkt + packet.length));
  mem.write(BigInt(ctx + 8), 4, BigInt(pkt));
  const handles = new Map<string, bigint>();
  const byHandle = new Map<bigint, { def: TestMap; entries: Map<string, number> }>();
  for (const [name, def] of Object.entries(maps)) {
    const h = BigInt(mem.alloc(8, `map ${name}`));
    handles.set(name, h);
    const entries = new Map<string, number>();
    if (def.kind === 'array') {
      for (let i = 0; i < def.maxEntries; i++) entries.set(keyHex(u32(i)), mem.alloc(def.valueSize, `${name}[${i}]`));
    }
    byHandle.set(h, { def, entries });
  }
  const readKey = (addr: bigint, size: number): string => keyHex(Uint8Array.from({ length: size }, (_, i) => Number(mem.read(addr + BigInt(i), 1))));
  const helpers: InterpEnv['helpers'] = new Map();
  helpers.set(1, ([m, k]) => {
    const map = byHandle.get(m as bigint);
    if (!map) throw new Error('lookup on a non-map');
    const a = map.entries.get(readKey(k as bigint, map.def.keySize));
    return a === undefined ? 0n : BigInt(a);
  });
  helpers.set(2, ([m, k, v, flags]) => {
    const map = byHandle.get(m as bigint);
    if (!map) throw new Error('update on a non-map');
    const key = readKey(k as bigint, map.def.keySize);
    let a = map.entries.get(key);
    if (a === undefined) {
      if (map.def.kind === 'array') return -7n & 0xffffffffffffffffn; // -E2BIG
      if (flags === 2n) return -2n & 0xffffffffffffffffn; // BPF_EXIST: -ENOENT
      if (map.entries.size >= map.def.maxEntries) return -7n & 0xffffffffffffffffn;
      a = mem.alloc(map.def.valueSize, 'value');
      map.entries.set(key, a);
    } else if (flags === 1n) return -17n & 0xffffffffffffffffn; // BPF_NOEXIST: -EEXIST
    for (let i = 0; i < map.def.valueSize; i++) mem.write(BigInt(a + i), 1, mem.read((v as bigint) + BigInt(i), 1));
    return 0n;
  });
  const env: InterpEnv = { mem, helpers, maps: handles, globals: new Map() };
  return {
    env,
    ctx: BigInt(ctx),
    packet: () => mem.bytesAt(pkt, packet.length).slice(),
    lookup: (name, key) => {
      const map = byHandle.get(handles.get(name) as bigint);
      const a = map?.entries.get(keyHex(key));
      return a === undefined ? undefined : mem.bytesAt(a, (map as { def: TestMap }).def.valueSize).slice();
    },
  };
}

export function u32(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, (v >>> 24) & 0xff);
}
export function u16(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, (v >> 8) & 0xff);
}
function keyHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

/** An Ethernet + IPv4 + UDP/TCP packet (network byte order). */
export function ipv4Packet(opts: { proto?: number; dport?: number; ethType?: number; ihl?: number; len?: number } = {}): Uint8Array {
  const ihl = opts.ihl ?? 5;
  const l4 = 20;
  const total = opts.len ?? 14 + ihl * 4 + l4;
  const p = new Uint8Array(total);
  for (let i = 0; i < 6; i++) {
    p[i] = 0x10 + i;
    p[6 + i] = 0x20 + i;
  }
  const et = opts.ethType ?? 0x0800;
  p[12] = et >> 8;
  p[13] = et & 0xff;
  if (total > 14) p[14] = 0x40 | ihl;
  if (total > 23) p[23] = opts.proto ?? 17;
  const l4off = 14 + ihl * 4;
  const dport = opts.dport ?? 53;
  if (total > l4off + 3) {
    p[l4off + 2] = dport >> 8;
    p[l4off + 3] = dport & 0xff;
  }
  return p;
}

// BPF_MAP_TYPE_XSKMAP (net/xdp/xskmap.c): index → AF_XDP socket, the target of bpf_redirect_map. User
// space writes socket fds (MapEnv.resolveXskFd; unknown fds are -EBADF) and cannot read them back
// (-EOPNOTSUPP); a program's lookup returns the socket handle or 0.
import { arrayNextKey } from './array.js';
import { BpfMap, err, readU32, u32Bytes } from './base.js';
import { BPF_EXIST, BPF_F, BPF_NOEXIST, ERRNO, type MapDef, type MapEntry, type MapEnv, type SysResult } from './types.js';

export class XskmapMap extends BpfMap {
  static check(def: MapDef): number {
    if (
      def.maxEntries === 0 ||
      def.keySize !== 4 ||
      def.valueSize !== 4 ||
      def.flags & ~(BPF_F.BPF_F_NUMA_NODE | BPF_F.BPF_F_RDONLY | BPF_F.BPF_F_WRONLY)
    )
      return -ERRNO.EINVAL;
    return 0;
  }
  private readonly socks: (number | undefined)[];

  constructor(def: MapDef, env: MapEnv) {
    super(def, env);
    this.socks = new Array<number | undefined>(def.maxEntries).fill(undefined);
  }

  /** The socket handle at `index`. */
  socket(index: number): number | undefined {
    return index < this.socks.length ? this.socks[index] : undefined;
  }

  override lookup(key: Uint8Array): number {
    return this.socket(readU32(key)) ?? 0;
  }

  override update(key: Uint8Array, value: Uint8Array, flags: number): number {
    const i = readU32(key);
    if (flags > BPF_EXIST) return -ERRNO.EINVAL;
    if (i >= this.def.maxEntries) return -ERRNO.E2BIG;
    const sock = this.env.resolveXskFd?.(readU32(value));
    if (!sock) return -ERRNO.EBADF;
    const old = this.socks[i];
    if (old !== undefined && flags === BPF_NOEXIST) return -ERRNO.EEXIST;
    if (old === undefined && flags === BPF_EXIST) return -ERRNO.ENOENT;
    this.socks[i] = sock;
    return 0;
  }

  override delete(key: Uint8Array): number {
    const i = readU32(key);
    if (i >= this.def.maxEntries) return -ERRNO.EINVAL;
    this.socks[i] = undefined;
    return 0;
  }

  override getNextKey(key: Uint8Array | null): SysResult {
    return arrayNextKey(this.def.maxEntries, key);
  }

  protected override sysCopyValue(): SysResult {
    return err(ERRNO.EOPNOTSUPP);
  }

  override entries(): MapEntry[] {
    const out: MapEntry[] = [];
    this.socks.forEach((s, i) => {
      if (s !== undefined) out.push({ key: u32Bytes(i), value: u32Bytes(s) });
    });
    return out;
  }
}

// BPF_MAP_TYPE_ARRAY_OF_MAPS (kernel/bpf/arraymap.c + map_in_map.c): index → inner map. Inner maps must
// match the template (type, key/value size, flags; max_entries unless the template has BPF_F_INNER_MAP),
// else -EINVAL. A program's lookup returns the inner map's handle (0 for an empty slot).
import { readU32 } from './base.js';
import { FdArrayBase, checkFdArrayDef } from './fd-array.js';
import { BPF_F, ERRNO, type InnerMapRef, type MapDef } from './types.js';

/** bpf_map_meta_equal (+ the array types' max_entries rule). */
export function innerMapMatches(template: MapDef, def: Readonly<MapDef>): boolean {
  if (template.type !== def.type || template.keySize !== def.keySize || template.valueSize !== def.valueSize) return false;
  if (template.flags !== def.flags) return false;
  const arrayLike = def.type === 2 || def.type === 6 || def.type === 3 || def.type === 4;
  if (arrayLike && !(template.flags & BPF_F.BPF_F_INNER_MAP) && template.maxEntries !== def.maxEntries) return false;
  return true;
}

/** Map-in-map creation: a template is needed and may not itself be a map-in-map. */
export function checkInnerTemplate(def: MapDef): number {
  const t = def.innerMap;
  if (!t) return -ERRNO.EBADF;
  if (t.type === 12 || t.type === 13) return -ERRNO.EINVAL;
  return 0;
}

export class ArrayOfMapsMap extends FdArrayBase<InnerMapRef> {
  static check(def: MapDef): number {
    return checkFdArrayDef(def) || checkInnerTemplate(def);
  }
  protected resolve(fd: number): InnerMapRef | number {
    const ref = this.env.resolveMapFd?.(fd);
    if (!ref) return -ERRNO.EBADF;
    return innerMapMatches(this.def.innerMap!, ref.map.def) ? ref : -ERRNO.EINVAL;
  }
  override lookup(key: Uint8Array): number {
    return this.get(readU32(key))?.handle ?? 0;
  }
}

// BPF_MAP_TYPE_STACK (kernel/bpf/queue_stack_maps.c __stack_map_get): LIFO; pop/peek take the element
// just below the head.
import { QueueStackBase, checkQueueStackDef } from './queue-stack.js';
import type { MapDef } from './types.js';

export class StackMap extends QueueStackBase {
  static check(def: MapDef): number {
    return checkQueueStackDef(def);
  }
  protected nextIndex(): number {
    let i = this.head - 1;
    if (i < 0) i = this.size - 1;
    return i;
  }
  protected advance(): void {
    this.head = this.nextIndex();
  }
}

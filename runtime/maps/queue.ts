// BPF_MAP_TYPE_QUEUE (kernel/bpf/queue_stack_maps.c __queue_map_get): FIFO; pop/peek take from the tail.
import { QueueStackBase, checkQueueStackDef } from './queue-stack.js';
import type { MapDef } from './types.js';

export class QueueMap extends QueueStackBase {
  static check(def: MapDef): number {
    return checkQueueStackDef(def);
  }
  protected nextIndex(): number {
    return this.tail;
  }
  protected advance(): void {
    if (++this.tail >= this.size) this.tail = 0;
  }
}

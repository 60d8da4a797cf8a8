// The context of a program type: which context a type gets (XDP → xdp_md; sched_cls, sched_act → TC
// __sk_buff; socket_filter → the socket filter's read-only __sk_buff), one factory for them, and the
// common result shape a runner prints. In: a program type name as runtime/loader spells it (the kernel
// enum name without BPF_PROG_TYPE_, lower case). Out: a context, or ContextError for types whose
// context is not modelled.

import type { AddressSpace, Region } from '../vm/index.js';
import { ContextError } from './errors.js';
import { SkbContext, type SkbContextOptions } from './skb.js';
import { SKB_PROG } from './skb-layout.js';
import { XdpContext, type XdpContextOptions } from './xdp.js';

export type ProgramContext = XdpContext | SkbContext;

export interface ContextOptions extends XdpContextOptions, SkbContextOptions {}

/** What a run leaves behind, for any context. */
export interface ContextResult {
  /** the packet as BPF_PROG_TEST_RUN's data_out holds it (what `bpftool prog run` writes) */
  dataOut: Uint8Array;
  /** the packet from data to data_end */
  packet: Uint8Array;
  /** the context as ctx_out holds it */
  ctxOut: Uint8Array;
}

/** 'xdp', 'tc' or 'socket_filter' for a program type name; undefined when no context is modelled. */
export function contextKindOf(progType: string): 'xdp' | 'tc' | 'socket_filter' | undefined {
  switch (progType) {
    case 'xdp':
      return 'xdp';
    case 'sched_cls':
    case 'sched_act':
      return 'tc';
    case 'socket_filter':
      return 'socket_filter';
    default:
      return undefined;
  }
}

/** The context for programs of `progType`, allocated in `mem`. Throws ContextError. */
export function createContext(mem: AddressSpace, progType: string, opts: ContextOptions = {}): ProgramContext {
  const kind = contextKindOf(progType);
  switch (kind) {
    case 'xdp':
      return new XdpContext(mem, opts);
    case 'tc':
      return new SkbContext(mem, SKB_PROG.tc, opts);
    case 'socket_filter':
      return new SkbContext(mem, SKB_PROG.socketFilter, opts);
    case undefined:
      throw new ContextError(progType, `programs of type ${progType} have no modelled context (xdp, sched_cls, sched_act and socket_filter do)`, 'ENOTSUPP');
    default: {
      const never: never = kind;
      return never;
    }
  }
}

/**
 * Keeps a VM run's legacy-load packet (`st.packet`, e.g. `vm.st`) on the context's packet when a helper
 * moves it. Returns the context for chaining.
 */
export function followPacket<C extends ProgramContext>(ctx: C, st: { packet: Region | undefined }): C {
  ctx.buf.onMove = (from, to) => {
    if (st.packet === from) st.packet = to;
  };
  return ctx;
}

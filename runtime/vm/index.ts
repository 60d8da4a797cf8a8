// Public surface of runtime/vm: the address space and its allocator, context access tables, the
// helper interface, the VM (load, run) and its faults. See each file's header for the contracts.

export { AddressSpace, Region, PERM, REGION_KIND, GUARD_SIZE, GAP_SIZE, MAX_MEMORY, fmtAddr } from './memory.js';
export type { Perm, RegionKind, AllocateOptions, MemoryOptions } from './memory.js';
export { buildAccessTable, accessAllowed, ACCESS_READ, ACCESS_WRITE } from './access.js';
export type { AccessTable, CtxField } from './access.js';
export { ARG, RET, createHelperRegistry, conformanceHelpers, BPF_FUNC_tail_call } from './helpers.js';
export type { ArgType, RetType, Helper, HelperProto, HelperCall, HelperRegistry, HelperResult } from './helpers.js';
export { VmFault, RawFault, FAULT } from './fault.js';
export type { FaultKind, SourceLine, VmFaultInfo } from './fault.js';
export { Program, decodeProgram } from './program.js';
export type { CpuVersion, LineInfo, ProgramSource, DecodeOptions, DecodeProblem } from './program.js';
export { Vm, createVm, RunState, isProgArray, AUTO_COMPILE_SLOTS, AUTO_COMPILE_INSNS } from './vm.js';
export type { ProgArray, VmOptions, RunOptions, RunResult, RegValue, Tier, TraceFn } from './vm.js';
export { MAX_CALL_FRAMES, STACK_SIZE, MAX_TAIL_CALL_CNT, DEFAULT_BUDGET, FUNC_TAG } from './constants.js';
export { insnText } from './describe.js';
export { runConformance, conformanceElfProgram, parseHex } from './conformance.js';
export type { ConformanceRun } from './conformance.js';
export { createXdpEnv, xdpMdAccess, XDP_PACKET_HEADROOM, XDP_MD_SIZE } from './xdp.js';
export type { XdpEnv, XdpEnvOptions } from './xdp.js';

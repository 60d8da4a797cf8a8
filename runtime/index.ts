// Public API of the runtime — the machine and its object format, usable without the compiler (and in a
// browser): decode/encode eBPF ELF objects, load them (maps, relocations, subprogram linking, prog
// arrays), run programs on packets as BPF_PROG_TEST_RUN does (contexts and the Linux helpers), inspect
// and update maps, read and write captures. Lower layers (isa, elf, btf, vm internals, maps by type)
// stay reachable through their own index.ts.
//
//   const obj = loadObject(bytes, { cpus: 2 });              // ELF bytes or an ObjectSpec
//   const runner = createRunner(obj, obj.program('xdp_main'));
//   const out = runner.run(packetBytes);                     // {kind: 'ok', retval, packet} | refused | fault
//   dumpMaps(obj);                                           // {NAME: [[KEYHEX, VALUEHEX], …]}
export { EbpfcError, InternalError } from './errors.js';
export {
  decodeObject, encodeObject, entryPrograms, sectionDefOf, BPF_PROG_TYPE, BPF_ATTACH_TYPE, ObjectError,
  type ObjectSpec, type MapDef, type ProgramSection, type DataSection,
} from './object/index.js';
export {
  loadObject, LoadedObject, LoadError, LOAD_STAGE, createRunner, createProgramContext, dumpMaps, dumpMap, updateMapHex,
  parseProgType, progTypeOfSection, linkProgram, toHex, fromHex, isPercpuMapType,
  type LoadOptions, type LoadedProgram, type LoadedMap, type LinkedProgram, type Runner, type RunnerOptions,
  type PacketOutcome, type ProgramContext, type ContextRunOptions, type ProgTypeInfo, type MapDump, type MapRow,
  isGplCompatible,
} from './loader/index.js';
export {
  createVm, Vm, VmFault, AddressSpace, createHelperRegistry, FAULT,
  type VmOptions, type RunOptions, type RunResult, type Helper, type HelperCall, type HelperRegistry, type TraceFn,
} from './vm/index.js';
export {
  HelperEnv, createLinuxHelpers, linuxHelpers, checkHelperCalls, helperName, helperId,
  type HelperEnvOptions, type TraceRecord, type RedirectTarget,
} from './helpers/index.js';
export {
  createContext, contextKindOf, XdpContext, SkbContext, ContextError, type ContextOptions,
} from './context/index.js';
export {
  BpfMap, createMap, BPF_MAP_TYPE, BPF_ANY, BPF_NOEXIST, BPF_EXIST, mapTypeName, type MapEntry, type MapEnv,
} from './maps/index.js';
export {
  decodeCapture, decodePcap, decodePcapng, encodePcap, encodePcapng, PcapError, LINKTYPE,
  type Capture, type CapturedPacket, type PacketToWrite,
} from './pcap/index.js';

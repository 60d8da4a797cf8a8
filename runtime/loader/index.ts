// Public surface of runtime/loader: loadObject() (maps, global data, relocation, BPF-to-BPF linking,
// prog-array and map-in-map initialisers; libbpf semantics), program types, map dumps and updates in the
// command-line contract's hex form, and the loader's typed error.
export { LoadError, LOAD_STAGE, type LoadStage } from './errors.js';
export { linkProgram, type LinkedProgram, type LinkedLine, type LinkFixup, type PlacedFunction } from './link.js';
export { createObjectMaps, kernelName, regionMapMemory, type LoadedMap, type MapCreation } from './maps.js';
export { parseProgType, progTypeOfSection, type ProgTypeInfo } from './prog-type.js';
export { loadObject, LoadedObject, type LoadOptions, type LoadedProgram } from './load.js';
export { dumpMap, dumpMaps, updateMapHex, isPercpuMapType, toHex, fromHex, type MapDump, type MapRow } from './dump.js';
export { createRunner, type Runner, type RunnerOptions, type PacketOutcome } from './run.js';
export { createProgramContext, isGplCompatible, type ProgramContext, type ContextRunOptions } from './contexts.js';

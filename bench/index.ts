// `npm run bench [TOPIC...]`: runs the benchmark modules (all, or those named) one after another and
// prints their figures. Each topic is a module exporting a BenchModule; add yours to BENCHES.
import { cParseBench } from './c-parse.js';
import { codegenBench } from './codegen.js';
import { runBench } from './run.js';
import { vmBench } from './vm.js';
import { vmFuzzBench } from './vm-fuzz.js';
import type { BenchModule } from './types.js';

const BENCHES: readonly BenchModule[] = [vmBench, vmFuzzBench, cParseBench, codegenBench, runBench];

async function main(argv: string[]): Promise<number> {
  const wanted = argv.filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHES.some((b) => b.name === w));
  if (unknown.length > 0) {
    process.stderr.write(`unknown bench topic(s): ${unknown.join(', ')}; available: ${BENCHES.map((b) => b.name).join(', ')}\n`);
    return 1;
  }
  for (const b of BENCHES) {
    if (wanted.length > 0 && !wanted.includes(b.name)) continue;
    process.stdout.write(`== ${b.name}: ${b.description}\n`);
    await b.run({ out: (s) => process.stdout.write(s), args: argv });
  }
  return 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

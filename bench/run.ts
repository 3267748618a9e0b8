import { type Bench, type BenchResult, formatResults } from './harness.js';
import { storeLoadBench } from './store-load.bench.js';

const BENCHES: readonly Bench[] = [storeLoadBench];

async function main(): Promise<void> {
  const only = process.argv[2];
  const results: BenchResult[] = [];
  for (const bench of BENCHES) {
    if (only && !bench.name.includes(only)) continue;
    process.stderr.write(`running ${bench.name}...\n`);
    results.push(...(await bench.run()));
  }
  process.stdout.write(`nmrbot benchmarks (node ${process.version}, ${new Date().toISOString()})\n`);
  process.stdout.write(`${formatResults(results)}\n`);
  process.stdout.write('Inputs are synthetic random walks generated in a temporary folder.\n');
}

await main();

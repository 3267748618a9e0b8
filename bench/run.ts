import { type Bench, type BenchResult, formatResults } from './harness.js';
import { engineBench } from './engine.bench.js';
import { importBench } from './import.bench.js';
import { storeLoadBench } from './store-load.bench.js';
import { orderPathBench } from './order-path.js';
import { apiPushBench } from './api-push.js';
import { optimizeScaleBench } from './optimize-scale.js';
import { optimizeQueueBench } from './optimize-queue.js';

const BENCHES: readonly Bench[] = [
  importBench,
  storeLoadBench,
  engineBench,
  orderPathBench,
  apiPushBench,
  optimizeScaleBench,
  optimizeQueueBench,
];

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
  process.stdout.write(
    'Import and store inputs are SYNTHETIC random walks made in a temporary folder; the engine runs on REAL NMR 1m bars joined end to end.\n',
  );
}

await main();

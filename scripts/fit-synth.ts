/**
 * Measures the synthetic-market parameters from the real NMR files in <repo>/../shared/data and
 * prints every statistic, the parameters they give (compare with NMR_SYNTH_PARAMS), and a generated
 * year set beside the real figures.  Run: npx tsx scripts/fit-synth.ts [--quick]
 * (--quick skips the funding-premium fit, the slow part).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NMR_SYNTH_PARAMS,
  describeSyntheticMarket,
  formatComparison,
  formatMeasurements,
  generateSyntheticMarket,
  measureNmrMarket,
  paramsFromMeasurements,
} from '../src/data/synth/index.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.join(repoRoot, '..', 'shared', 'data');
const quick = process.argv.includes('--quick');

const measured = measureNmrMarket(dataDir, { fitFunding: !quick });
const out = (line = ''): boolean => process.stdout.write(`${line}\n`);
out(`Real NMR data: ${dataDir}`);
formatMeasurements(measured).forEach((l) => out(l));
out();
out('Parameters these measurements give (NMR_SYNTH_PARAMS should match, rounded):');
if (quick) out('(--quick: the funding premium is kept from NMR_SYNTH_PARAMS, not refitted)');
/** 5 significant digits, number arrays on one line. */
const json = JSON.stringify(
  paramsFromMeasurements(measured),
  (_, v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(5)) : v),
  2,
).replace(/\[\s+([-\d.e+,\s]+?)\s+\]/g, (_, inner: string) => `[${inner.split(/,\s*/).join(', ')}]`);
out(json);
out();
const days = 365;
const market = generateSyntheticMarket({ days, seed: 1 });
const stats = describeSyntheticMarket(market);
out(`SYNTHETIC check: NMR_SYNTH_PARAMS, ${days} days, seed 1 (${market.cascades.length} cascades)`);
formatComparison(measured, stats, NMR_SYNTH_PARAMS).forEach((l) => out(l));

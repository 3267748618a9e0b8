import type { Command } from 'commander';
import { type EpochMs, InputError, isoTime } from '../../core/index.js';
import {
  DEFAULT_SYNTH_START,
  FundingSeries,
  type MarketStore,
  NMR_SYNTH_PARAMS,
  SYNTHETIC_EXCHANGE,
  SYNTHETIC_SYMBOL,
  type SeriesKey,
  type UpsertCounts,
  generateSyntheticMarket,
  seriesLabel,
  syntheticSource,
  syntheticTitle,
} from '../../data/index.js';
import { withStore } from '../context.js';

const DEFAULT_START = isoTime(DEFAULT_SYNTH_START).slice(0, 10);

export interface SynthOptions {
  days: string;
  seed: string;
  start: string;
  exchange: string;
  symbol: string;
}

/** `nmrbot data synth`: generate a seeded synthetic NMR perp market into the store, flagged synthetic. */
export function registerDataSynth(data: Command): void {
  data
    .command('synth')
    .description('generate SYNTHETIC NMR-like perp data (1m candles, 1m mark, funding) from a seed')
    .requiredOption('--days <n>', 'whole days of 1m bars to generate')
    .requiredOption('--seed <n>', 'integer seed: the same seed always writes the same data')
    .option('--start <date>', 'first bar, UTC (YYYY-MM-DD or ISO time on a whole minute)', DEFAULT_START)
    .option('--exchange <id>', 'exchange id to store under (never a real venue)', SYNTHETIC_EXCHANGE)
    .option('--symbol <symbol>', 'symbol to store under', SYNTHETIC_SYMBOL)
    .action(async (opts: SynthOptions, cmd: Command) => {
      await withStore(cmd, (store) => runSynth(store, opts));
    });
}

function parseInteger(name: string, text: string): number {
  if (!/^-?\d+$/.test(text.trim())) throw new InputError(`--${name} must be a whole number, got "${text}"`);
  return Number(text);
}

function parseStart(text: string): EpochMs {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text;
  const t = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(iso) ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) throw new InputError(`--start must be a UTC date like 2025-01-01, got "${text}"`);
  return t as EpochMs;
}

/** Generates and stores a synthetic market, printing what it wrote (also used by `backtest --synthetic`). */
export function runSynth(store: MarketStore, opts: SynthOptions): void {
  const days = parseInteger('days', opts.days);
  const seed = parseInteger('seed', opts.seed);
  const start = parseStart(opts.start);
  const source = syntheticSource({ seed, days, start });
  if (opts.exchange !== SYNTHETIC_EXCHANGE && !opts.exchange.startsWith(`${SYNTHETIC_EXCHANGE}-`)) {
    throw new InputError(
      `--exchange must be "${SYNTHETIC_EXCHANGE}" or start with "${SYNTHETIC_EXCHANGE}-", got "${opts.exchange}"`,
    );
  }
  const market = generateSyntheticMarket({ days, seed, start });
  const base = { exchange: opts.exchange, symbol: opts.symbol };
  const keys: SeriesKey[] = [
    { ...base, kind: 'candles', timeframe: '1m' },
    { ...base, kind: 'mark', timeframe: '1m' },
    { ...base, kind: 'funding' },
  ];
  for (const key of keys) {
    const found = store.findSeries(key);
    if (found?.synthetic && found.source !== source) {
      throw new InputError(
        `${seriesLabel(key)} already holds synthetic data from "${found.source ?? 'unknown'}"; ` +
          `refusing to mix in "${source}" (use another --exchange such as ${SYNTHETIC_EXCHANGE}-${seed}, or another --symbol)`,
      );
    }
  }
  const meta = { synthetic: true, source };
  const [candles, mark, funding] = store.transaction(() => [
    store.upsertCandles(keys[0] as SeriesKey, market.candles, meta),
    store.upsertCandles(keys[1] as SeriesKey, market.mark, meta),
    store.upsertFunding(keys[2] as SeriesKey, market.funding, meta),
  ]);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);
  const span = (first: number, last: number): string => `${isoTime(first)} → ${isoTime(last)}`;
  const counts = (c: UpsertCounts | undefined): string =>
    c ? `${c.inserted} new, ${c.updated} updated, ${c.unchanged} unchanged` : '';
  const n = market.candles.length;
  out(syntheticTitle(`data synth: ${source} → ${opts.exchange} ${opts.symbol}`, true));
  out(
    `  candles 1m  ${n} rows (${counts(candles)})  ${span(market.candles.time(0), market.candles.time(n - 1))}`,
  );
  out(`  mark 1m     ${market.mark.length} rows (${counts(mark)})`);
  const segments = new FundingSeries(market.funding)
    .segments()
    .map((s) => `${s.events} x ${s.intervalHours}h`)
    .join(' then ');
  out(`  funding     ${market.funding.length} rows (${counts(funding)})  ${segments}`);
  const names = NMR_SYNTH_PARAMS.regimes.names;
  const share = names.map((name, k) => {
    const bars = market.regimes.reduce((s, r) => s + (r === k ? 1 : 0), 0);
    return `${name} ${((bars / n) * 100).toFixed(1)}%`;
  });
  out(`  regimes     ${share.join(', ')}; cascades ${market.cascades.length}`);
  out(`  seed ${seed}; every series is stored with synthetic = true, source "${source}"`);
}

import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PERP } from '../../../test/real-data/shared-data.js';
import { DEFAULT_FUNDING_FALLBACK } from '../../backtest/index.js';
import { type TempStore, tempStore } from '../../backtest/test-helpers.js';
import { DAY_MS, timeframeMs } from '../../core/index.js';
import { defaultConfig } from '../../config/index.js';
import { DEFAULT_SYNTH_START, generateSyntheticMarket, importFiles } from '../../data/index.js';
import { formatLookaheadReport } from './format-report.js';
import { playbookSignalSet } from './playbook-factory.js';
import { runLookaheadCheck } from './run-check.js';
import { storedEventStream } from './stored-stream.js';
import { syntheticFeedEvents } from './synthetic-feeds.js';

const FILE = path.join(
  PERP,
  'binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const SYMBOL = 'NMR/USDT:USDT';
const config = defaultConfig();
const factory = playbookSignalSet(config.signals, timeframeMs('15m'));

describe('the look-ahead check of PlaybookSignals (default config, 15m)', () => {
  let t: TempStore;
  beforeAll(() => {
    t = tempStore();
  });
  afterAll(() => t.cleanup());

  it('passes on 4,000 bars of the REAL Binance USD-M NMRUSDT 15m file (constant funding fallback, no feeds)', () => {
    const imported = importFiles(t.store, [FILE], { exchange: 'binanceusdm' });
    expect(imported.ok, JSON.stringify(imported.files.flatMap((f) => f.issues))).toBe(true);
    const from = Date.UTC(2025, 1, 1);
    const { stream, synthetic } = storedEventStream(
      t.store,
      {
        exchange: 'binanceusdm',
        symbol: SYMBOL,
        timeframe: '15m',
        from,
        to: from + 4000 * 15 * 60_000,
        fundingFallback: DEFAULT_FUNDING_FALLBACK,
      },
      [],
    );
    expect(synthetic).toBe(false);
    expect(stream.bars).toHaveLength(4000);
    const report = runLookaheadCheck(factory, stream, { cuts: 50, seed: 1 });
    console.log(formatLookaheadReport(report, 'REAL NMRUSDT 15m, 2025-02-01 + 4,000 bars'));
    expect(report.signals.flatMap((s) => s.failures)).toEqual([]);
    expect(report.ok).toBe(true);
    const bySignal = Object.fromEntries(report.signals.map((s) => [s.signal, s]));
    expect(bySignal['momentum']?.cutsCompared).toBe(50);
    expect(bySignal['momentum']?.warmUpBarsNeeded, 'momentum: 72 h of returns + 1 close').toBe(289);
    expect(bySignal['mean_reversion']?.warmUpBarsNeeded, 'mean reversion: a 24 h window').toBe(96);
    expect(bySignal['funding']?.declaredBars).toBe(33);
  });

  it('passes on a SYNTHETIC market (1m resampled to 15m, real-looking funding grid) with generated feed data', () => {
    const market = generateSyntheticMarket({ days: 30, seed: 5, start: DEFAULT_SYNTH_START });
    const base = { exchange: 'synthetic-la-test', symbol: SYMBOL };
    const meta = { synthetic: true, source: 'look-ahead test' };
    t.store.upsertCandles({ ...base, kind: 'candles', timeframe: '1m' }, market.candles, meta);
    t.store.upsertFunding({ ...base, kind: 'funding' }, market.funding, meta);
    const feeds = syntheticFeedEvents(DEFAULT_SYNTH_START - 3 * DAY_MS, DEFAULT_SYNTH_START + 30 * DAY_MS, 5);
    const { stream, synthetic } = storedEventStream(
      t.store,
      { ...base, timeframe: '15m', fundingFallback: DEFAULT_FUNDING_FALLBACK },
      feeds,
    );
    expect(synthetic).toBe(true);
    expect(stream.bars).toHaveLength(30 * 96);
    const report = runLookaheadCheck(factory, stream, { cuts: 50, seed: 2, warmUpOffsets: [0.1, 0.37, 0.5] });
    expect(report.signals.flatMap((s) => s.failures)).toEqual([]);
    const bySignal = Object.fromEntries(report.signals.map((s) => [s.signal, s]));
    for (const name of ['network', 'sentiment'])
      expect(bySignal[name]?.warmUpBarsNeeded, `${name} is exercised by the generated feeds`).toBeGreaterThan(
        1,
      );
  });
});

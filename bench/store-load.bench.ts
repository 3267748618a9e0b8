import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MarketStore, type SeriesKey } from '../src/data/index.js';
import { type Bench, bestOf } from './harness.js';
import { benchCandles } from './synthetic-candles.js';

const ROWS = 1_000_000;
const KEY: SeriesKey = { exchange: 'bench', symbol: 'NMR/USDT:USDT', kind: 'candles', timeframe: '1m' };

/** Loading 1M stored 1m candles into a columnar series: target >= 2M rows/s. */
export const storeLoadBench: Bench = {
  name: 'store load',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-bench-'));
    const store = MarketStore.open(path.join(dir, 'bench.db'));
    try {
      const series = benchCandles(ROWS);
      const writeS = await bestOf(1, () => {
        store.upsertCandles(KEY, series);
      });
      let loaded = 0;
      const loadS = await bestOf(5, () => {
        loaded = store.loadCandles(KEY).length;
      });
      if (loaded !== ROWS) throw new Error(`loaded ${loaded} rows, expected ${ROWS}`);
      return [
        { name: 'store: load 1M 1m candles', value: ROWS / loadS, unit: 'rows/s', target: 2_000_000 },
        {
          name: 'store: upsert 1M 1m candles (no parsing)',
          value: ROWS / writeS,
          unit: 'rows/s',
          target: 500_000,
          note: 'fresh series',
        },
      ];
    } finally {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

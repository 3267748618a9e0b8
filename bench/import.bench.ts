import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MarketStore, importFiles } from '../src/data/index.js';
import { type Bench, bestOf } from './harness.js';
import { benchCandles, toBinanceKlineCsv } from './synthetic-candles.js';

const ROWS = 1_000_000;

/** `nmrbot data import` of a 1M-row Binance kline CSV into a fresh store: target >= 500k rows/s. */
export const importBench: Bench = {
  name: 'import',
  async run() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-import-bench-'));
    try {
      const file = path.join(dir, 'NMRUSDT-1m-2024-01.csv');
      fs.writeFileSync(file, toBinanceKlineCsv(benchCandles(ROWS)));
      let run = 0;
      const seconds = await bestOf(3, () => {
        const store = MarketStore.open(path.join(dir, `fresh-${run++}.db`));
        try {
          const report = importFiles(store, [file], { exchange: 'binanceusdm' });
          if (report.files[0]?.rows.inserted !== ROWS) throw new Error('import did not insert every row');
        } finally {
          store.close();
        }
      });
      return [
        {
          name: 'import: 1M 1m candles (Binance CSV -> store)',
          value: ROWS / seconds,
          unit: 'rows/s',
          target: 500_000,
          note: 'parse + validate + store, best of 3',
        },
      ];
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
};

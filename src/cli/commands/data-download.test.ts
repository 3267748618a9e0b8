import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BinanceUsdmDouble, startBinanceUsdmDouble } from '../../../test/doubles/binance-usdm/index.js';
import { TempStores, key } from '../../../test/doubles/binance-usdm/harness.js';
import { type EpochMs } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import { downloadOptionsFromFlags } from './data-download.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

/**
 * Runs `nmrbot data ...` in-process with the global --store/--config options, capturing output and
 * reporting errors as the CLI entry does (`error: <message>`, exit 1).
 */
function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args]);
}

describe('nmrbot data download', () => {
  let double: BinanceUsdmDouble;
  let stores: TempStores;
  beforeAll(async () => {
    double = await startBinanceUsdmDouble();
  });
  afterAll(() => double.close());
  beforeEach(() => {
    stores?.cleanup();
    stores = new TempStores();
  });

  const day = ['--since', '2025-06-16T21:00:00Z', '--until', '2025-06-17T21:00:00Z'];

  it('downloads through the real ccxt client into --store, with plain progress lines off a terminal', async () => {
    const file = stores.path('cli');
    const args = [
      '--store',
      file,
      'data',
      'download',
      '--base-url',
      double.url,
      '--rate-limit-ms',
      '0',
      ...day,
    ];
    const { code, stdout, stderr } = await run(...args, '--what', 'candles,funding', '--limit', '1000');
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      'binanceusdm NMR/USDT:USDT candles 1m: +1,440 new, 0 updated (2 requests); stored 1,440 rows 2025-06-16T21:00:00.000Z .. 2025-06-17T20:59:00.000Z',
    );
    expect(stdout).toMatch(
      /binanceusdm NMR\/USDT:USDT funding: \+0 new, 0 updated \(1 request\); nothing stored/,
    );
    expect(stderr).toMatch(/^binanceusdm NMR\/USDT:USDT candles 1m {4}0% {2}0\/1,440 rows/m);
    expect(stderr).toMatch(
      /^binanceusdm NMR\/USDT:USDT candles 1m {2}done {2}1,440 rows in \d+s {2}\(2 requests\)$/m,
    );
    expect(stderr).not.toContain('\r');

    const store = MarketStore.open(file);
    expect(store.span(key('candles', '1m')).rows).toBe(1440);
    store.close();

    const again = await run(...args, '--what', 'candles');
    expect(again.stdout).toContain('binanceusdm NMR/USDT:USDT candles 1m: up to date; stored 1,440 rows');
  });

  it('exits 1 with a message naming a bad flag', async () => {
    const bad = await run('--store', stores.path('bad'), 'data', 'download', '--what', 'candles,trades');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('error: --what: unknown series "trades" (any of candles,funding,mark,oi)');
    const tf = await run('--store', stores.path('bad'), 'data', 'download', '--timeframe', '7m');
    expect(tf.stderr).toMatch(/error: --timeframe: unknown timeframe "7m"/);
  });

  it('exits 1 naming the exchange and symbol when the exchange does not list the symbol', async () => {
    const { code, stderr } = await run(
      '--store',
      stores.path('sym'),
      'data',
      'download',
      '--base-url',
      double.url,
      '--symbol',
      'BTC/USDT:USDT',
      ...day,
    );
    expect(code).toBe(1);
    expect(stderr).toContain('error: binanceusdm does not list BTC/USDT:USDT');
  });
});

describe('downloadOptionsFromFlags', () => {
  const now = Date.UTC(2026, 0, 1) as EpochMs;
  const flags = {
    since: '18mo',
    exchange: 'binanceusdm',
    symbol: 'NMR/USDT:USDT',
    what: 'candles, mark',
    timeframe: '1m',
    oiPeriod: '1h',
    retries: '3',
  };

  it('reads look-backs, lists and numbers', () => {
    expect(downloadOptionsFromFlags({ ...flags, markTimeframe: '1h', limit: '1500' }, now)).toMatchObject({
      since: Date.UTC(2024, 6, 1),
      what: ['candles', 'mark'],
      markTimeframe: '1h',
      oiPeriod: '1h',
      limit: 1500,
      retry: { tries: 3 },
    });
  });

  it('refuses an --until that is not an ISO time and a --limit that is not a whole number', () => {
    expect(() => downloadOptionsFromFlags({ ...flags, until: 'tomorrow' }, now)).toThrow(
      /--until "tomorrow"/,
    );
    expect(() => downloadOptionsFromFlags({ ...flags, limit: '1.5' }, now)).toThrow(
      /--limit must be a whole number/,
    );
    expect(() => downloadOptionsFromFlags({ ...flags, since: 'soon' }, now)).toThrow(
      /--since: cannot read "soon"/,
    );
  });
});

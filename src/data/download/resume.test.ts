import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type BinanceUsdmDouble,
  FAILURE_MODES,
  startBinanceUsdmDouble,
} from '../../../test/doubles/binance-usdm/index.js';
import {
  FAST,
  SettableClock,
  TempStores,
  key,
  noSleep,
  snapshot,
} from '../../../test/doubles/binance-usdm/harness.js';
import { type EpochMs, VenueRejectedError, VenueTemporaryError } from '../../core/index.js';
import type { MarketStore } from '../store/index.js';
import { downloadMarketData } from './download.js';
import type { DownloadOptions, RetryNotice } from './download.types.js';

const MIN = 60_000;
/** One clock for both data sets: after the faruk 1m span, so every 1m bar and 2023 settlement is final. */
const NOW = Date.UTC(2025, 5, 22, 21, 1);
const KEYS = [key('candles', '1m'), key('funding'), key('mark', '8h')];

describe('interrupted and resumed downloads', () => {
  const clock = new SettableClock(NOW);
  let double: BinanceUsdmDouble;
  let stores: TempStores;
  let reference: Record<string, unknown>;
  const options: DownloadOptions = {
    ...FAST,
    since: Date.UTC(2023, 6, 1) as EpochMs,
    what: ['candles', 'funding', 'mark'],
    markTimeframe: '8h',
    limit: 1000,
    pageLimits: { funding: 30 },
    clock,
  };
  const run = (store: MarketStore, onRetry?: (n: RetryNotice) => void) =>
    downloadMarketData(store, { ...options, baseUrl: double.url }, { sleep: noSleep, onRetry });

  beforeAll(async () => {
    double = await startBinanceUsdmDouble({ now: () => clock.t });
    const once = new TempStores();
    await run(once.open('reference'));
    reference = snapshot(once.open('reference'), KEYS);
    once.cleanup();
  });
  afterAll(() => double.close());
  beforeEach(() => {
    stores = new TempStores();
    double.clearRequests();
    double.setFailures(undefined);
  });
  afterEach(() => stores.cleanup());

  it('has a reference download holding every series', () => {
    expect(Object.keys(reference)).toEqual(['candles 1m', 'funding', 'mark 8h']);
    expect((reference['funding'] as unknown[]).length).toBe(89);
  });

  it('keeps the kline pages fetched before a hard failure; a resumed run ends identical to one uninterrupted run', async () => {
    const store = stores.open('klines-fail');
    double.setFailures({ afterRequests: 3, mode: 'http-503', paths: ['/fapi/v1/klines'] });
    const error = await run(store).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VenueTemporaryError);
    expect((error as Error).message).toMatch(
      /^binanceusdm NMR\/USDT:USDT candles 1m: fetchOHLCV from 2025-06-18T23:00:00.000Z kept failing \(ExchangeNotAvailable: .*503.*\); 3000 rows fetched before it are stored; run the same command again to resume$/,
    );
    const klines = double.requestsTo('/fapi/v1/klines');
    expect(
      klines.map((r) => r.status),
      '3 pages, then 3 tries of the 4th',
    ).toEqual([200, 200, 200, 503, 503, 503]);
    expect(store.span(key('candles', '1m'))).toEqual({
      rows: 3000,
      first: Date.UTC(2025, 5, 16, 21),
      last: Date.UTC(2025, 5, 16, 21) + 2999 * MIN,
    });
    expect(store.span(key('funding')).rows, 'the run stopped before funding').toBe(0);

    double.setFailures(undefined);
    double.clearRequests();
    await run(store);
    const starts = double.requestsTo('/fapi/v1/klines').map((r) => Number(r.params['startTime']));
    expect(starts[0], 'one probe for history before the stored head, as --since is earlier').toBe(
      options.since,
    );
    expect(starts[1], 'then the tail continues at the store end + 1m').toBe(
      Date.UTC(2025, 5, 16, 21) + 3000 * MIN,
    );
    expect(starts, 'the probe and 6 pages for the remaining 5641 bars').toHaveLength(7);
    expect(snapshot(store, KEYS)).toEqual(reference);
  });

  it('keeps the funding pages fetched before the socket dies; the resumed run matches the reference', async () => {
    const store = stores.open('funding-fail');
    double.setFailures({ afterRequests: 1, mode: 'socket-destroy', paths: ['/fapi/v1/fundingRate'] });
    const error = await run(store).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(
      /^binanceusdm NMR\/USDT:USDT funding: fetchFundingRateHistory from 2023-07-14T08:00:00.001Z kept failing \(NetworkError: .*fetch failed.*\); 30 rows fetched before it are stored/,
    );
    expect(store.loadFundingEvents(key('funding'))).toEqual((reference['funding'] as unknown[]).slice(0, 30));

    double.setFailures(undefined);
    await run(store);
    expect(snapshot(store, KEYS)).toEqual(reference);
  });

  it.each(FAILURE_MODES)('recovers from two transient %s failures by retrying with backoff', async (mode) => {
    const store = stores.open(`transient-${mode}`);
    double.setFailures({ afterRequests: 4, mode, times: 2, paths: ['/fapi/v1/klines'] });
    const retries: RetryNotice[] = [];
    await run(store, (n) => retries.push(n));
    expect(retries.map((r) => [r.label, r.attempt, r.delayMs])).toEqual([
      ['binanceusdm NMR/USDT:USDT candles', 1, 1],
      ['binanceusdm NMR/USDT:USDT candles', 2, 2],
    ]);
    const fifth = double.requestsTo('/fapi/v1/klines').slice(4, 7);
    expect(new Set(fifth.map((r) => r.params['startTime'])).size, 'the same page asked three times').toBe(1);
    const status = { 'http-503': 503, 'rate-limit-429': 429, 'ban-418': 418, 'socket-destroy': 0 }[mode];
    expect(fifth.map((r) => r.status)).toEqual([status, status, 200]);
    expect(snapshot(store, KEYS)).toEqual(reference);
  });

  it('fails at once, without retrying, on an error that would repeat (a refused parameter)', async () => {
    const store = stores.open('rejected');
    const error = await downloadMarketData(
      store,
      { ...options, baseUrl: double.url, what: ['funding'], pageLimits: { funding: 5000 } },
      { sleep: noSleep },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VenueRejectedError);
    expect((error as Error).message).toMatch(
      /^binanceusdm NMR\/USDT:USDT funding: fetchFundingRateHistory from 2023-07-01T00:00:00.000Z failed \(BadRequest: .*-1130.*limit.*\)/,
    );
    expect(double.requestsTo('/fapi/v1/fundingRate')).toHaveLength(1);
  });
});

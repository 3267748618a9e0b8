import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BinanceUsdmDouble, startBinanceUsdmDouble } from '../../../test/doubles/binance-usdm/index.js';
import {
  FAST,
  NMR,
  SettableClock,
  TempStores,
  key,
  noSleep,
} from '../../../test/doubles/binance-usdm/harness.js';
import type { EpochMs } from '../../core/index.js';
import { FundingSeries } from '../series/index.js';
import { downloadMarketData } from './download.js';

const MIN = 60_000;
/** Faruk 1m file (SOURCES.md A4): first bar (line 2) and last bar (line 8642) open times. */
const FARUK_FIRST = Date.UTC(2025, 5, 16, 21, 0);
const FARUK_LAST = Date.UTC(2025, 5, 22, 21, 0);
const iso = (t: number): string => new Date(t).toISOString();

describe('downloadMarketData with the real ccxt client against the Binance USD-M double', () => {
  const clock = new SettableClock(FARUK_LAST + MIN);
  let double: BinanceUsdmDouble;
  let stores: TempStores;
  beforeAll(async () => {
    double = await startBinanceUsdmDouble({ now: () => clock.t });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    stores = new TempStores();
    double.clearRequests();
  });
  afterEach(() => stores.cleanup());

  const download = (store: ReturnType<TempStores['open']>, extra: object = {}) =>
    downloadMarketData(
      store,
      { ...FAST, baseUrl: double.url, since: FARUK_FIRST as EpochMs, what: ['candles'], clock, ...extra },
      { sleep: noSleep },
    );

  it('downloads the whole faruk 1m span in 9 pages of 1000 with the exact prices of the file', async () => {
    clock.t = FARUK_LAST + MIN; // the last bar has just closed
    const store = stores.open('full');
    const report = await download(store, { limit: 1000 });

    const klines = double.requestsTo('/fapi/v1/klines');
    expect(
      klines.map((r) => Number(r.params['startTime'])),
      'one request per 1000 bars',
    ).toEqual(Array.from({ length: 9 }, (_, i) => FARUK_FIRST + i * 1000 * MIN));
    expect(klines.every((r) => r.params['limit'] === '1000' && r.params['interval'] === '1m')).toBe(true);
    expect(double.requests[0]?.path, 'loadMarkets reads exchangeInfo and nothing else').toBe(
      '/fapi/v1/exchangeInfo',
    );
    expect(report.series[0]).toMatchObject({
      outcome: 'downloaded',
      requests: 9,
      rows: 8641,
      inserted: 8641,
    });

    const candles = store.loadCandles(key('candles', '1m'));
    expect(candles.length).toBe(8641);
    expect(iso(candles.time(0))).toBe('2025-06-16T21:00:00.000Z');
    expect(iso(candles.time(candles.length - 1))).toBe('2025-06-22T21:00:00.000Z');
    // NMRUSDT_1m_UTC_derived.csv line 2: 2025-06-16T21:00:00Z 7.947000,7.952000,7.947000,7.951000
    expect(candles.at(0)).toMatchObject({ open: 7.947, high: 7.952, low: 7.947, close: 7.951 });
    // line 1622: 2025-06-18T00:00:00Z 7.493000,7.497000,7.492000,7.497000
    expect(candles.at(candles.indexOf(Date.UTC(2025, 5, 18)))).toMatchObject({
      open: 7.493,
      high: 7.497,
      low: 7.492,
      close: 7.497,
    });
    // line 5439: 2025-06-20T15:37:00Z 7.658000,7.671000,7.655000,7.671000
    expect(candles.at(candles.indexOf(Date.UTC(2025, 5, 20, 15, 37)))).toMatchObject({
      open: 7.658,
      high: 7.671,
      low: 7.655,
      close: 7.671,
    });
    // line 8642: 2025-06-22T21:00:00Z 6.629000,6.639000,6.627000,6.629000, quote volume 3247.3291
    expect(candles.at(8640)).toMatchObject({ open: 6.629, high: 6.639, low: 6.627, close: 6.629 });
    expect(candles.at(8640).volume, 'base volume the double derives as quote / close').toBeCloseTo(
      3247.3291 / 6.629,
      0,
    );
  });

  it('drops the bar still forming at now, and the next run continues from where the store ends', async () => {
    const store = stores.open('forming');
    clock.t = Date.UTC(2025, 5, 19, 12, 0, 30); // inside the 12:00 bar
    await download(store, { limit: 1000 });
    const before = store.span(key('candles', '1m'));
    expect(iso(before.last ?? NaN), 'the 12:00 bar is not complete').toBe('2025-06-19T11:59:00.000Z');

    double.clearRequests();
    clock.t = FARUK_LAST + MIN;
    const report = await download(store, { limit: 1000, since: Date.UTC(2025, 5, 17) as EpochMs });
    const first = double.requestsTo('/fapi/v1/klines')[0];
    expect(first?.params['startTime'], 'resumes at the store end + 1m, not at --since').toBe(
      String(Date.UTC(2025, 5, 19, 12, 0)),
    );
    expect(report.series[0]?.inserted).toBe(8641 - before.rows);
    expect(store.span(key('candles', '1m'))).toEqual({ rows: 8641, first: FARUK_FIRST, last: FARUK_LAST });
  });

  it('fills the head when --since is earlier than what the store holds', async () => {
    const store = stores.open('head');
    clock.t = FARUK_LAST + MIN;
    await download(store, { since: Date.UTC(2025, 5, 20) as EpochMs });
    expect(store.span(key('candles', '1m')).first).toBe(Date.UTC(2025, 5, 20));
    const report = await download(store);
    expect(store.span(key('candles', '1m'))).toEqual({ rows: 8641, first: FARUK_FIRST, last: FARUK_LAST });
    expect(report.series[0]?.inserted).toBe(8641 - (FARUK_LAST - Date.UTC(2025, 5, 20)) / MIN - 1);
  });

  it('downloads 89 real funding settlements (7 at :00.001) with the stated 8h interval, and 89 8h mark bars', async () => {
    const store = stores.open('funding');
    clock.t = Date.UTC(2023, 7, 4);
    const report = await download(store, {
      since: Date.UTC(2023, 6, 1) as EpochMs,
      what: ['funding', 'mark'],
      markTimeframe: '8h',
      pageLimits: { funding: 30 },
    });

    const events = store.loadFundingEvents(key('funding'));
    expect(events).toHaveLength(89);
    expect(iso(events[0]?.time ?? NaN)).toBe('2023-07-04T16:00:00.000Z');
    expect(iso(events[88]?.time ?? NaN)).toBe('2023-08-03T00:00:00.000Z');
    expect(events.filter((e) => e.time % 1000 === 1).map((e) => iso(e.time))).toEqual([
      '2023-07-16T00:00:00.001Z',
      '2023-07-19T16:00:00.001Z',
      '2023-07-21T00:00:00.001Z',
      '2023-07-26T08:00:00.001Z',
      '2023-07-27T16:00:00.001Z',
      '2023-07-29T16:00:00.001Z',
      '2023-07-31T16:00:00.001Z',
    ]);
    // NMR_USDT_USDT-8h-funding_rate.csv line 61: the -0.345% squeeze; mark from -8h-mark.csv line 61 open
    const squeeze = events.find((e) => e.time === Date.UTC(2023, 6, 24, 8));
    expect(squeeze).toEqual({
      time: Date.UTC(2023, 6, 24, 8),
      rate: -0.00345342,
      markPrice: 13.6,
      intervalHours: 8,
    });
    expect(
      events.every((e) => e.intervalHours === 8),
      'fundingInfo states 8h and every spacing agrees',
    ).toBe(true);
    expect(new FundingSeries(events).gaps()).toEqual([]);

    const funding = double.requestsTo('/fapi/v1/fundingRate');
    expect(funding.map((r) => r.params['limit'])).toEqual(['30', '30', '30', '30']);
    expect(report.series.map((s) => s.requests)).toEqual([4, 2]);

    const mark = store.loadCandles(key('mark', '8h'));
    expect(mark.length).toBe(89);
    // NMR_USDT_USDT-8h-mark.csv line 2: 2023-07-04T16:00Z 13.98566879,14.14080958,13.63248098,13.97417585
    expect(mark.at(0)).toEqual({
      openTime: Date.UTC(2023, 6, 4, 16),
      open: 13.98566879,
      high: 14.14080958,
      low: 13.63248098,
      close: 13.97417585,
      volume: 0,
    });
    expect(double.requestsTo('/fapi/v1/markPriceKlines')[0]?.params).toMatchObject({
      interval: '8h',
      symbol: 'NMRUSDT',
    });
  });

  it('leaves intervals to inference, and says so, when the venue states no funding interval', async () => {
    const silent = await startBinanceUsdmDouble({ fundingIntervalHours: null, now: () => clock.t });
    try {
      const store = stores.open('no-interval');
      clock.t = Date.UTC(2023, 7, 4);
      const notices: string[] = [];
      await downloadMarketData(
        store,
        { ...FAST, baseUrl: silent.url, since: Date.UTC(2023, 6, 1) as EpochMs, what: ['funding'], clock },
        { sleep: noSleep, onNotice: (m) => notices.push(m) },
      );
      expect(notices).toEqual([
        'binanceusdm states no funding interval for NMR/USDT:USDT: intervals are inferred from settlement spacing',
      ]);
      const events = store.loadFundingEvents(key('funding'));
      expect(events.every((e) => e.intervalHours === undefined)).toBe(true);
      expect(new FundingSeries(events).segments()).toEqual([
        { from: events[0]?.time, to: events[88]?.time, intervalHours: 8, events: 89 },
      ]);
    } finally {
      await silent.close();
    }
  });

  it('fetches open interest only inside the 30 days Binance serves and says so', async () => {
    const store = stores.open('oi');
    clock.t = Date.UTC(2026, 0, 17, 8);
    const notices: string[] = [];
    const report = await downloadMarketData(
      store,
      { ...FAST, baseUrl: double.url, since: Date.UTC(2024, 6, 17) as EpochMs, what: ['oi'], clock },
      { sleep: noSleep, onNotice: (m) => notices.push(m) },
    );
    expect(notices.join('\n')).toMatch(
      /binanceusdm serves open interest for only the last 30 days: fetching from 2025-12-18T09:00:00.000Z/,
    );
    expect(report.series[0]?.note).toMatch(/only the last 30 days/);

    const requests = double.requestsTo('/futures/data/openInterestHist');
    expect(requests.every((r) => r.status === 200)).toBe(true);
    expect(
      requests.every((r) => Number(r.params['endTime']) - Number(r.params['startTime']) < 500 * 5 * MIN),
      'each window holds at most one page of 5m rows',
    ).toBe(true);
    // The 4 real snapshots of NMRUSDT_derivatives_snapshot.csv (SOURCES.md A5), value = oi x mark.
    const points = store.loadOpenInterest(key('oi', '5m'));
    expect(points.map((p) => [iso(p.time), p.amount])).toEqual([
      ['2026-01-17T06:59:27.304Z', 533683.4],
      ['2026-01-17T07:07:09.530Z', 533866.2],
      ['2026-01-17T07:14:14.933Z', 533893],
      ['2026-01-17T07:21:17.004Z', 533807.1],
    ]);
    expect(points[0]?.value).toBeCloseTo(533683.4 * 10.36358899, 4);
  });

  it('skips a capability switched off in `has` with a clear notice and no requests', async () => {
    const store = stores.open('skip');
    clock.t = Date.UTC(2026, 0, 17, 8);
    const notices: string[] = [];
    const report = await downloadMarketData(
      store,
      {
        ...FAST,
        baseUrl: double.url,
        since: Date.UTC(2026, 0, 1) as EpochMs,
        what: ['oi', 'funding'],
        has: { fetchOpenInterestHistory: false, fetchFundingInterval: false },
        clock,
      },
      { sleep: noSleep, onNotice: (m) => notices.push(m) },
    );
    expect(report.series[0]).toMatchObject({ kind: 'oi', outcome: 'skipped', requests: 0 });
    expect(report.series[0]?.note).toMatch(/binanceusdm does not offer fetchOpenInterestHistory/);
    expect(notices.join('\n')).toMatch(/does not offer fetchOpenInterestHistory/);
    expect(double.requestsTo('/futures/data/openInterestHist')).toEqual([]);
    expect(double.requestsTo('/fapi/v1/fundingInfo'), 'no interval asked when the capability is off').toEqual(
      [],
    );
    expect(report.series[1]).toMatchObject({ kind: 'funding', outcome: 'downloaded', rows: 0 });
    expect(report.symbol).toBe(NMR);
  });
});

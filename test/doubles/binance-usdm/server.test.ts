import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type BinanceUsdmDouble, loadRealNmrData, startBinanceUsdmDouble } from './index.js';

const JUNE_16_21H = Date.UTC(2025, 5, 16, 21);
const MIN = 60_000;

describe('the real NMR data the double serves', () => {
  it('loads every series from ../shared/data with the documented row counts', () => {
    const data = loadRealNmrData();
    expect(data.symbol).toBe('NMRUSDT');
    expect(data.klines['1m']).toHaveLength(8641);
    expect(data.klines['5m']).toHaveLength(8639);
    expect(data.klines['1h']).toHaveLength(719);
    expect(data.markPriceKlines['8h']).toHaveLength(89);
    expect(data.fundingRates).toHaveLength(89);
    expect(data.openInterest).toHaveLength(4);
    expect(data.provenance.join('\n')).toMatch(/derived/);
  });

  it('serves the faruk quote volume as quoteVolume and derives base volume as quote / close', () => {
    // NMRUSDT_1m_UTC_derived.csv line 2: 7.947000,7.952000,7.947000,7.951000,632.8427000
    expect(loadRealNmrData().klines['1m']?.[0]).toEqual([
      JUNE_16_21H,
      '7.947',
      '7.952',
      '7.947',
      '7.951',
      '79.6',
      JUNE_16_21H + MIN - 1,
      '632.8427',
      0,
      '0',
      '0',
      '0',
    ]);
  });
});

describe('startBinanceUsdmDouble', () => {
  let double: BinanceUsdmDouble;
  let now: number | undefined;
  const logged: string[] = [];
  beforeAll(async () => {
    double = await startBinanceUsdmDouble({ now: () => now ?? Infinity, log: (l) => logged.push(l) });
  });
  afterAll(() => double.close());
  beforeEach(() => {
    now = undefined;
    double.setFailures(undefined);
    double.clearRequests();
  });

  const get = async (path: string): Promise<{ status: number; body: unknown }> => {
    const res = await fetch(`${double.url}${path}`);
    const text = await res.text();
    return {
      status: res.status,
      body: res.headers.get('content-type') === 'application/json' ? JSON.parse(text) : text,
    };
  };
  const openTimes = (body: unknown): number[] => (body as [number][]).map((k) => k[0]);

  it('returns the first `limit` klines at or after startTime', async () => {
    const { status, body } = await get(
      `/fapi/v1/klines?symbol=NMRUSDT&interval=1m&startTime=${JUNE_16_21H + 1}&limit=3`,
    );
    expect(status).toBe(200);
    expect(openTimes(body)).toEqual([1, 2, 3].map((i) => JUNE_16_21H + i * MIN));
  });

  it('returns the last `limit` klines at or before endTime, and the newest without either', async () => {
    const end = JUNE_16_21H + 10 * MIN;
    expect(
      openTimes((await get(`/fapi/v1/klines?symbol=NMRUSDT&interval=1m&endTime=${end}&limit=2`)).body),
    ).toEqual([end - MIN, end]);
    expect(openTimes((await get('/fapi/v1/klines?symbol=NMRUSDT&interval=1m&limit=1')).body)).toEqual([
      Date.UTC(2025, 5, 22, 21),
    ]);
    const both = await get(
      `/fapi/v1/klines?symbol=NMRUSDT&interval=1m&startTime=${JUNE_16_21H}&endTime=${end}`,
    );
    expect((both.body as unknown[]).length).toBe(11);
  });

  it('defaults to 500 klines and refuses more than 1500', async () => {
    expect(
      ((await get(`/fapi/v1/klines?symbol=NMRUSDT&interval=1m&startTime=0`)).body as unknown[]).length,
    ).toBe(500);
    expect(await get('/fapi/v1/klines?symbol=NMRUSDT&interval=1m&limit=1501')).toEqual({
      status: 400,
      body: { code: -1130, msg: "Data sent for parameter 'limit' is not valid." },
    });
  });

  it('answers bad parameters with the Binance error codes ccxt maps', async () => {
    expect(await get('/fapi/v1/klines?symbol=FOOUSDT&interval=1m')).toEqual({
      status: 400,
      body: { code: -1121, msg: 'Invalid symbol.' },
    });
    expect((await get('/fapi/v1/klines?symbol=NMRUSDT&interval=7m')).body).toEqual({
      code: -1120,
      msg: 'Invalid interval.',
    });
    expect((await get('/fapi/v1/klines?symbol=NMRUSDT')).body).toMatchObject({ code: -1102 });
    expect((await get('/fapi/v1/klines?symbol=NMRUSDT&interval=1m&startTime=abc')).body).toMatchObject({
      code: -1100,
    });
  });

  it('serves nothing later than its now: the bar containing now is the last one', async () => {
    now = JUNE_16_21H + 2 * MIN + 30_000;
    expect(
      openTimes((await get(`/fapi/v1/klines?symbol=NMRUSDT&interval=1m&startTime=0&limit=10`)).body),
    ).toEqual([JUNE_16_21H, JUNE_16_21H + MIN, JUNE_16_21H + 2 * MIN]);
  });

  it('serves funding settlements with Binance field names and keeps the odd +1 ms', async () => {
    const { body } = await get(
      `/fapi/v1/fundingRate?symbol=NMRUSDT&startTime=${Date.UTC(2023, 6, 16)}&limit=1`,
    );
    expect(body).toEqual([
      {
        symbol: 'NMRUSDT',
        fundingTime: Date.UTC(2023, 6, 16) + 1,
        fundingRate: '-0.00043086',
        markPrice: '13.36000000',
      },
    ]);
    expect(
      ((await get('/fapi/v1/fundingRate')).body as unknown[]).length,
      'default limit 100 > 89 rows',
    ).toBe(89);
  });

  it('lists the funding interval in fundingInfo', async () => {
    expect((await get('/fapi/v1/fundingInfo')).body).toEqual([
      expect.objectContaining({ symbol: 'NMRUSDT', fundingIntervalHours: 8 }),
    ]);
  });

  it('refuses open-interest history older than 30 days before its now, as Binance does', async () => {
    now = Date.UTC(2026, 0, 17, 8);
    const old = await get(
      `/futures/data/openInterestHist?symbol=NMRUSDT&period=5m&startTime=${Date.UTC(2025, 11, 1)}`,
    );
    expect(old).toEqual({ status: 400, body: { code: -1130, msg: "parameter 'startTime' is invalid." } });
    const recent = await get(
      `/futures/data/openInterestHist?symbol=NMRUSDT&period=5m&startTime=${Date.UTC(2026, 0, 17)}`,
    );
    expect((recent.body as { sumOpenInterest: string }[]).map((r) => r.sumOpenInterest)).toEqual([
      '533683.40000000',
      '533866.20000000',
      '533893.00000000',
      '533807.10000000',
    ]);
  });

  it('answers unknown paths with a Binance 404 and reports them', async () => {
    expect(await get('/fapi/v1/nothing?x=1')).toEqual({
      status: 404,
      body: { code: -5000, msg: 'Path /fapi/v1/nothing, Method GET is invalid' },
    });
    expect(logged.at(-1)).toBe('binance-usdm double: unknown GET /fapi/v1/nothing?x=1');
  });

  it('logs every request with its path, parameters and status', async () => {
    await get('/fapi/v1/time');
    await get('/fapi/v1/klines?symbol=NMRUSDT&interval=1m&limit=2');
    expect(double.requests).toEqual([
      { method: 'GET', path: '/fapi/v1/time', params: {}, status: 200 },
      {
        method: 'GET',
        path: '/fapi/v1/klines',
        params: { symbol: 'NMRUSDT', interval: '1m', limit: '2' },
        status: 200,
      },
    ]);
  });

  it('fails as planned: only the counted paths, after N requests, for M times', async () => {
    double.setFailures({ afterRequests: 1, mode: 'rate-limit-429', times: 2, paths: ['/fapi/v1/klines'] });
    const k = '/fapi/v1/klines?symbol=NMRUSDT&interval=1m&limit=1';
    const statuses = [];
    for (const path of [k, '/fapi/v1/time', k, k, k]) statuses.push((await get(path)).status);
    expect(statuses).toEqual([200, 200, 429, 429, 200]);
    expect(double.requests[2]?.status).toBe(429);
  });

  it('answers 503 with a gateway page, and can drop the connection', async () => {
    double.setFailures({ afterRequests: 0, mode: 'http-503', times: 1 });
    expect(await get('/fapi/v1/time')).toEqual({ status: 503, body: 'Service Unavailable' });
    double.setFailures({ afterRequests: 0, mode: 'socket-destroy', times: 1 });
    await expect(fetch(`${double.url}/fapi/v1/time`)).rejects.toThrow(/fetch failed/);
    expect(double.requests.at(-1)?.status).toBe(0);
  });
});

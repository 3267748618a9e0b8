import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BinanceUsdmDouble, startBinanceUsdmDouble } from '../../../test/doubles/binance-usdm/index.js';
import { FAST, TempStores, noSleep } from '../../../test/doubles/binance-usdm/harness.js';
import { type EpochMs, InputError } from '../../core/index.js';
import { downloadMarketData } from './download.js';
import { createExchange, rewriteApiUrls } from './exchange.js';

describe('createExchange', () => {
  it('refuses an exchange id ccxt does not know, suggesting similar ids', () => {
    expect(() => createExchange('binanceusdmx')).toThrow(InputError);
    expect(() => createExchange('binanceusdmx')).toThrow(
      /^unknown exchange "binanceusdmx": ccxt 4\.\d+\.\d+ has no such exchange id \(similar: .*binanceusdm/,
    );
    expect(() => createExchange('constructor'), 'object keys are not exchange ids').toThrow(
      /unknown exchange/,
    );
  });

  it('builds a public client that loads markets without the private currency endpoints', () => {
    const ex = createExchange('binanceusdm', { enableRateLimit: false, rateLimitMs: 0, timeoutMs: 1234 });
    expect(ex.id).toBe('binanceusdm');
    expect(ex.options['fetchCurrencies']).toBe(false);
    expect(ex.enableRateLimit).toBe(false);
    expect(ex.timeout).toBe(1234);
  });
});

describe('rewriteApiUrls', () => {
  it('replaces scheme and host of every nested REST and websocket URL and keeps the paths', () => {
    const ex = {
      urls: {
        api: {
          fapiPublic: 'https://fapi.binance.com/fapi/v1',
          nested: { ws: { future: 'wss://fstream.binance.com/ws' }, other: 'https://api.{hostname}/v5' },
        },
      },
    };
    rewriteApiUrls(ex, 'http://127.0.0.1:9999/');
    expect(ex.urls.api).toEqual({
      fapiPublic: 'http://127.0.0.1:9999/fapi/v1',
      nested: { ws: { future: 'ws://127.0.0.1:9999/ws' }, other: 'http://127.0.0.1:9999/v5' },
    });
  });

  it('rewrites every URL of a real ccxt client, leaving none pointing at the venue', () => {
    const ex = createExchange('binanceusdm', { baseUrl: 'https://proxy.example/binance' });
    const urls = JSON.stringify(ex.urls.api);
    expect(urls).not.toMatch(/binance\.com/);
    expect((ex.urls.api as Record<string, unknown>)['fapiData']).toBe(
      'https://proxy.example/binance/futures/data',
    );
  });

  it('rejects a base URL that is not http(s)', () => {
    expect(() => rewriteApiUrls({ urls: { api: {} } }, '127.0.0.1:80')).toThrow(/--base-url "127.0.0.1:80"/);
    expect(() => rewriteApiUrls({ urls: { api: {} } }, 'ftp://x')).toThrow(/must start with http/);
  });
});

describe('downloadMarketData input errors', () => {
  let double: BinanceUsdmDouble;
  const stores = new TempStores();
  beforeAll(async () => {
    double = await startBinanceUsdmDouble();
  });
  afterAll(async () => {
    stores.cleanup();
    await double.close();
  });

  it('names the exchange and the symbol when the exchange does not list it', async () => {
    const run = downloadMarketData(
      stores.open('symbol'),
      { ...FAST, baseUrl: double.url, symbol: 'FOO/USDT:USDT', since: 0 as EpochMs },
      { sleep: noSleep },
    );
    await expect(run).rejects.toThrow(InputError);
    await expect(run).rejects.toThrow(
      'binanceusdm does not list FOO/USDT:USDT (1 markets loaded; none with base FOO)',
    );
  });

  it('suggests the listed markets of the same base', async () => {
    const run = downloadMarketData(
      stores.open('spot'),
      { ...FAST, baseUrl: double.url, symbol: 'NMR/USDT', since: 0 as EpochMs },
      { sleep: noSleep },
    );
    await expect(run).rejects.toThrow(
      'binanceusdm does not list NMR/USDT (1 markets loaded; with base NMR: NMR/USDT:USDT)',
    );
  });

  it('refuses an unknown exchange id before any request', async () => {
    double.clearRequests();
    await expect(
      downloadMarketData(stores.open('id'), { exchange: 'nosuchexchange', since: 0 as EpochMs }),
    ).rejects.toThrow(/unknown exchange "nosuchexchange"/);
    expect(double.requests).toEqual([]);
  });

  it('reports a period the venue refuses, and refuses an empty range', async () => {
    await expect(
      downloadMarketData(
        stores.open('tf'),
        { ...FAST, baseUrl: double.url, since: 0 as EpochMs, what: ['oi'], oiPeriod: '3m' },
        { sleep: noSleep },
      ),
    ).rejects.toThrow(
      /^binanceusdm NMR\/USDT:USDT oi 3m: fetchOpenInterestHistory from .* failed \(BadRequest: .*parameter 'period' is invalid/,
    );
    await expect(
      downloadMarketData(stores.open('range'), { since: 10 as EpochMs, until: 10 as EpochMs }),
    ).rejects.toThrow(/--until .* is not after --since/);
  });
});

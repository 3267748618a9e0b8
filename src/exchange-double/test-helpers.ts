import ccxt from 'ccxt';
import { type Timeframe, timeframeMs } from '../core/index.js';
import { CandleSeries, CandleSeriesBuilder } from '../data/index.js';
import { rewriteApiUrls } from '../data/download/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import { loadSharedNmr1m } from './replay-source.js';
import { type ExchangeDouble, type ExchangeDoubleOptions, startExchangeDouble } from './server.js';

/** Test helpers for the double's tests (not exported from the layer). */

export const NMR = 'NMR/USDT:USDT';
/** Monday 2025-01-06 12:00 UTC, outside the 02:00-06:00 thin hours. */
export const T0 = Date.UTC(2025, 0, 6, 12);
export const MINUTE = 60_000;

/**
 * A SYNTHETIC 1m series from [open, high, low, close] rows, 1,000 NMR volume each, starting at T0.
 * Hand-written prices keep expected fills exact.
 */
export function syntheticBars(
  rows: readonly (readonly [number, number, number, number])[],
  tf: Timeframe = '1m',
): CandleSeries {
  const b = new CandleSeriesBuilder(tf, rows.length);
  rows.forEach(([o, h, l, c], i) => b.push(T0 + i * timeframeMs(tf), o, h, l, c, 1_000));
  return b.build();
}

/** `n` flat SYNTHETIC bars at `price`. */
export function flatBars(n: number, price: number): CandleSeries {
  return syntheticBars(Array.from({ length: n }, () => [price, price, price, price] as const));
}

export type ProBinance = InstanceType<typeof ccxt.pro.binanceusdm>;

/** The real ccxt.pro client pointed at the double (NOTES-integrations §3). */
export async function connectCcxt(
  double: ExchangeDouble,
  overrides: { apiKey?: string; secret?: string } = {},
): Promise<ProBinance> {
  const ex = new ccxt.pro.binanceusdm({
    apiKey: overrides.apiKey ?? double.credentials.apiKey,
    secret: overrides.secret ?? double.credentials.secret,
    enableRateLimit: false,
    timeout: 2_000,
  });
  ex.options.fetchCurrencies = false;
  rewriteApiUrls(ex, double.url);
  await ex.loadHttpProxyAgent();
  return ex;
}

/** The first `bars` REAL NMRUSDT 1m candles of ../shared/data (base volume derived as quote / close). */
export const realNmr1m = (bars: number): CandleSeries => loadSharedNmr1m(bars);

/** Polls `condition` (no fixed sleeps in assertions): resolves once it holds, fails after `tries` x 10 ms. */
export async function until(condition: () => boolean, what: string, tries = 300): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export { CandleSeries };

/** Things a test opened (doubles, ccxt clients, sockets), closed in reverse order by `closeAll`. */
export class Opened {
  readonly #items: { close(): Promise<unknown> }[] = [];

  add<T extends { close(): Promise<unknown> }>(item: T): T {
    this.#items.push(item);
    return item;
  }

  async closeAll(): Promise<void> {
    for (const item of this.#items.splice(0).reverse()) await item.close();
  }
}

/** A double on port 0 (no slippage unless given, quiet log) and a ccxt.pro client on it. */
export async function startWithCcxt(
  opened: Opened,
  options: Partial<ExchangeDoubleOptions> & Pick<ExchangeDoubleOptions, 'series'>,
): Promise<{ double: ExchangeDouble; ex: ProBinance }> {
  const double = opened.add(
    await startExchangeDouble({
      slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
      log: () => {},
      ...options,
    }),
  );
  const ex = opened.add(await connectCcxt(double));
  await ex.loadMarkets();
  return { double, ex };
}

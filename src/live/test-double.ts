import { Secret } from '../config/index.js';
import { type EpochMs, WallClock } from '../core/index.js';
import { CandleSeriesBuilder, type CandleSeries } from '../data/index.js';
import { DEFAULT_SLIPPAGE } from '../execution/index.js';
import {
  type ExchangeDouble,
  type ExchangeDoubleOptions,
  type FaultOptions,
  startExchangeDouble,
} from '../exchange-double/index.js';
import { connectCcxt } from './ccxt-connect.js';
import { CcxtVenue, type CcxtVenueOptions } from './ccxt-venue.js';
import { OrderManager, type OrderManagerOptions } from './order-manager.js';

/** Test wiring: the exchange double, the real ccxt.pro binanceusdm client on it, CcxtVenue, OrderManager. */

export const NMR = 'NMR/USDT:USDT';
/** Monday 2025-01-06 12:00 UTC (outside thin hours). */
export const T0 = Date.UTC(2025, 0, 6, 12);
export const MINUTE = 60_000;
/** Distinctive credentials, so a test can prove they never reach a message. */
export const API_KEY = 'KEYabcdefghijklmnop0123';
export const API_SECRET = 'SECRETzyxwvutsrqpo9876';
/** Binance drops signed requests older than this; the manager's settle window follows it. */
export const RECV_WINDOW_MS = 1000;

/** SYNTHETIC 1m bars [open, high, low, close], 1,000 NMR volume each, from T0. */
export function syntheticBars(rows: readonly (readonly [number, number, number, number])[]): CandleSeries {
  const b = new CandleSeriesBuilder('1m', rows.length);
  rows.forEach(([o, h, l, c], i) => b.push(T0 + i * MINUTE, o, h, l, c, 1_000));
  return b.build();
}

export interface Wired {
  readonly double: ExchangeDouble;
  readonly venue: CcxtVenue;
  readonly manager: OrderManager;
  readonly logs: string[];
  close(): Promise<void>;
}

export async function wire(
  series: CandleSeries,
  options: {
    faults?: FaultOptions;
    timeoutMs?: number;
    manager?: Partial<OrderManagerOptions>;
    venue?: Partial<CcxtVenueOptions>;
    double?: Partial<ExchangeDoubleOptions>;
  } = {},
): Promise<Wired> {
  const logs: string[] = [];
  const log = (m: string): void => {
    logs.push(m);
  };
  const double = await startExchangeDouble({
    series,
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    credentials: { apiKey: API_KEY, secret: API_SECRET },
    log,
    ...(options.faults ? { faults: options.faults } : {}),
    ...options.double,
  });
  const clock = new WallClock();
  const connection = await connectCcxt({
    exchangeId: 'binanceusdm',
    clock,
    credentials: { apiKey: new Secret(API_KEY), apiSecret: new Secret(API_SECRET) },
    baseUrl: double.url,
    recvWindowMs: RECV_WINDOW_MS,
    timeoutMs: options.timeoutMs ?? 2000,
  });
  connection.exchange.enableRateLimit = false;
  const venue = new CcxtVenue({ connection, symbol: NMR, clock, log, ...options.venue });
  const instrument = await venue.loadInstrument();
  const manager = new OrderManager({
    gateway: venue,
    clock,
    runId: 'live-test',
    stepSize: instrument.stepSize,
    retry: { baseDelayMs: 20, maxDelayMs: 500, settleWindowMs: RECV_WINDOW_MS + 100, maxAttempts: 8 },
    random: () => 0.5,
    recoverUntil: 0 as EpochMs,
    log,
    ...options.manager,
  });
  return {
    double,
    venue,
    manager,
    logs,
    close: async () => {
      await manager.settled();
      await venue.close();
      await double.close();
    },
  };
}

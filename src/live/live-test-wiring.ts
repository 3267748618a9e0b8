import path from 'node:path';
import { Secret } from '../config/index.js';
import { type EpochMs, type InstrumentSpec, WallClock } from '../core/index.js';
import type { ExchangeDouble } from '../exchange-double/index.js';
import type { KernelObserver } from '../kernel/index.js';
import type { Strategy } from '../strategy/index.js';
import type { RiskConfig } from '../config/index.js';
import { connectCcxt } from './ccxt-connect.js';
import { CcxtVenue } from './ccxt-venue.js';
import { readWalletBalance } from './exchange-snapshot.js';
import { LiveSession, type LiveSessionOptions } from './live-session.js';
import type { ReconciliationDifference } from './reconcile.js';

/** Test wiring of a live session on an exchange double (real ccxt binanceusdm client over HTTP and WS). */

export const NMR = 'NMR/USDT:USDT';
export const DOUBLE_KEY = 'live-test-key';
export const DOUBLE_SECRET = 'live-test-secret';
export const NMR_15M_FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);

export interface WiredSession {
  readonly session: LiveSession;
  readonly venue: CcxtVenue;
  readonly instrument: InstrumentSpec;
  readonly recorded: { time: EpochMs; difference: ReconciliationDifference }[];
  readonly recovered: string[];
  close(): Promise<void>;
}

export async function liveSessionOnDouble(
  double: ExchangeDouble,
  s: {
    readonly strategy: Strategy;
    readonly start: EpochMs;
    readonly tradeFrom: EpochMs;
    readonly leverage: number;
    readonly risk?: RiskConfig | undefined;
    readonly observer?: KernelObserver;
    readonly stopLossPct: number;
    readonly orphanPolicy?: 'adopt' | 'close';
    readonly knownFills?: Set<string>;
    readonly watchAccount?: boolean;
    readonly extra?: Partial<LiveSessionOptions>;
  },
): Promise<WiredSession> {
  const clock = new WallClock();
  const connection = await connectCcxt({
    exchangeId: 'binanceusdm',
    clock,
    credentials: { apiKey: new Secret(DOUBLE_KEY), apiSecret: new Secret(DOUBLE_SECRET) },
    baseUrl: double.url,
    recvWindowMs: 5000,
  });
  connection.exchange.enableRateLimit = false;
  const logs: string[] = [];
  const venue = new CcxtVenue({
    connection,
    symbol: NMR,
    clock,
    log: (m) => logs.push(m),
    pollIntervalMs: 200,
  });
  const instrument = await venue.loadInstrument();
  await venue.setLeverage(5);
  await venue.setIsolatedMargin();
  const wallet = await readWalletBalance(venue.exchange, 'USDT');
  const recorded: WiredSession['recorded'] = [];
  const recovered: string[] = [];
  const session = new LiveSession({
    venue,
    instrument,
    timeframe: '15m',
    start: s.start,
    tradeFrom: s.tradeFrom,
    strategy: s.strategy,
    initialBalance: wallet,
    leverage: s.leverage,
    orderRunId: 'live:binanceusdm:NMR/USDT:USDT',
    manager: {
      retry: { baseDelayMs: 20, maxDelayMs: 500, settleWindowMs: 5100, maxAttempts: 8 },
      log: (m) => logs.push(m),
    },
    risk: s.risk,
    observer: s.observer,
    watchAccount: s.watchAccount ?? true,
    reconcile: {
      stopLossPct: s.stopLossPct,
      orphanPolicy: s.orphanPolicy ?? 'adopt',
      intervalMs: Infinity,
      knownFills: s.knownFills ?? new Set(),
      tradesSince: 0,
      record: (time, difference) => recorded.push({ time, difference }),
      recoverFill: (fill) => recovered.push(fill.tradeId),
    },
    log: (m) => logs.push(m),
    ...s.extra,
  });
  return {
    session,
    venue,
    instrument,
    recorded,
    recovered,
    close: async () => {
      await session.stop();
      await venue.close();
    },
  };
}

import { pathToFileURL } from 'node:url';
import { Secret } from '../src/config/index.js';
import { type ClientOrderId, type EpochMs, WallClock } from '../src/core/index.js';
import { CandleSeriesBuilder } from '../src/data/index.js';
import { DEFAULT_SLIPPAGE } from '../src/execution/index.js';
import { startExchangeDouble } from '../src/exchange-double/index.js';
import { CcxtVenue, connectCcxt, type LatencyReport, OrderManager, RateLimiter } from '../src/live/index.js';
import { type Bench, type BenchResult, formatResults } from './harness.js';

const WARM_UP = 50;
const ORDERS = 500;
const T0 = Date.UTC(2025, 0, 6, 12);

/**
 * The live order path on the local exchange double: decision → request sent → acknowledgement, per
 * order, through OrderManager, CcxtVenue and the real ccxt.pro binanceusdm client over HTTP on
 * 127.0.0.1. Orders go one at a time (1 NMR market orders, alternately buy and sell, on SYNTHETIC flat
 * bars at 10); the first 50 warm up and are not counted. Targets (issue 7): decision → send p99 < 1 ms,
 * acknowledgement from the local double p99 < 20 ms.
 */
export async function measureOrderPath(orders = ORDERS): Promise<LatencyReport> {
  const b = new CandleSeriesBuilder('1m', 10);
  for (let i = 0; i < 10; i++) b.push(T0 + i * 60_000, 10, 10, 10, 10, 1_000_000);
  const credentials = { apiKey: 'bench-key-0123456789', secret: 'bench-secret-0123456789' };
  const double = await startExchangeDouble({
    series: b.build(),
    slippage: { ...DEFAULT_SLIPPAGE, model: 'none' },
    credentials,
    initialBalance: 1_000_000,
    log: () => undefined,
  });
  const clock = new WallClock();
  const connection = await connectCcxt({
    exchangeId: 'binanceusdm',
    clock,
    credentials: { apiKey: new Secret(credentials.apiKey), apiSecret: new Secret(credentials.secret) },
    baseUrl: double.url,
  });
  connection.exchange.enableRateLimit = false; // ccxt's own throttle would dominate the figure
  const venue = new CcxtVenue({ connection, symbol: 'NMR/USDT:USDT', clock });
  try {
    const instrument = await venue.loadInstrument();
    const run = async (n: number, runId: string): Promise<LatencyReport> => {
      const manager = new OrderManager({
        gateway: venue,
        clock,
        runId,
        stepSize: instrument.stepSize,
        recoverUntil: 0 as EpochMs,
        // Binance's 300 orders per 10 s would pause this burst; the bench measures the path, not the limits.
        rateLimiter: new RateLimiter([{ limit: 1_000_000, intervalMs: 1000 }], clock),
        readRateLimiter: new RateLimiter([{ limit: 1_000_000, intervalMs: 1000 }], clock),
        retry: { settleWindowMs: 0 },
      });
      for (let i = 0; i < n; i++) {
        manager.submit(
          {
            clientOrderId: `bench-${i}` as ClientOrderId,
            symbol: instrument.symbol,
            side: i % 2 === 0 ? 'buy' : 'sell',
            type: 'market',
            quantity: 1,
            tag: 'bench',
          },
          (T0 + i) as EpochMs,
          10,
        );
        await manager.settled();
      }
      const rejected = manager.orders().filter((o) => o.lifecycle === 'rejected');
      if (rejected.length > 0)
        throw new Error(`order-path bench: ${rejected.length} orders rejected: ${rejected[0]?.rejectReason}`);
      return manager.latencyReport();
    };
    await run(WARM_UP, 'bench-warm-up');
    return await run(orders, 'bench-measured');
  } finally {
    await venue.close();
    await double.close();
  }
}

export const orderPathBench: Bench = {
  name: 'order-path',
  async run(): Promise<BenchResult[]> {
    const r = await measureOrderPath();
    const us = (ms: number | undefined): number => (ms ?? NaN) * 1000;
    const note = (p: LatencyReport['sendToAck']): string =>
      p
        ? `p50 ${us(p.p50).toFixed(0)} µs, max ${us(p.max).toFixed(0)} µs over ${p.count} orders`
        : 'no samples';
    return [
      {
        name: 'order path: decision → send p99',
        value: us(r.decisionToSend?.p99),
        unit: 'µs',
        target: 1000,
        lowerIsBetter: true,
        note: note(r.decisionToSend),
      },
      {
        name: 'order path: send → ack (local double) p99',
        value: us(r.sendToAck?.p99),
        unit: 'µs',
        target: 20_000,
        lowerIsBetter: true,
        note: `${note(r.sendToAck)}; real ccxt client over HTTP on 127.0.0.1, SYNTHETIC flat bars`,
      },
    ];
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${formatResults(await orderPathBench.run())}\n`);
}

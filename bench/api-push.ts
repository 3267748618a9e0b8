import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { InMemoryControls, SessionStateTracker, createApiServer } from '../src/api/index.js';
import type { EpochMs } from '../src/core/index.js';
import { type Bench, type BenchResult, formatResults } from './harness.js';

const CLIENTS = 50;
const UPDATES_PER_SECOND = 10;
const SECONDS = 10;
const WARM_UP_UPDATES = 5;
const T0 = Date.UTC(2025, 0, 6, 12);

export interface PushLatency {
  readonly samples: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** Pushes a client should have seen but did not (coalesced or lost). */
  readonly missed: number;
}

/**
 * Dashboard push load: CLIENTS real `ws` clients on the API's `/api/stream` (127.0.0.1, same process,
 * so the clients' parsing competes with the server for the event loop: a pessimistic figure) while a
 * SYNTHETIC session changes the tracker UPDATES_PER_SECOND times a second with the default 100 ms
 * throttle. Latency = tracker change → snapshot of that version parsed by a client, in ms.
 * Target (issue 8): p99 < 50 ms.
 */
export async function measureApiPush(
  clients = CLIENTS,
  rate = UPDATES_PER_SECOND,
  seconds = SECONDS,
  throttleMs = 100,
): Promise<PushLatency> {
  const state = new SessionStateTracker({
    startingEquity: 10_000,
    leverage: 2,
    leverageCap: 3,
    marginCapFraction: 0.4,
  });
  const controls = new InMemoryControls({ now: () => T0 as EpochMs, checkManual: () => ({ ok: true }) });
  const server = await createApiServer({
    state,
    controls,
    tokenEnv: 'NMRBOT_BENCH_UNSET_TOKEN',
    env: {},
    stream: { throttleMs },
  });
  const changedAt = new Map<number, number>();
  const latencies: number[] = [];
  let received = 0;
  const sockets = await Promise.all(
    Array.from({ length: clients }, async () => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/api/stream`);
      socket.on('message', (data: Buffer) => {
        const at = performance.now();
        const { state: pushed } = JSON.parse(data.toString('utf8')) as { state: { version: number } };
        const sent = changedAt.get(pushed.version);
        if (sent !== undefined && pushed.version > WARM_UP_UPDATES) {
          latencies.push(at - sent);
          received += 1;
        }
      });
      await new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('error', reject);
      });
      return socket;
    }),
  );
  const total = WARM_UP_UPDATES + rate * seconds;
  await new Promise<void>((resolve) => {
    let n = 0;
    const timer = setInterval(() => {
      n += 1;
      changedAt.set(n, performance.now());
      state.setMarkPrice(10 + Math.sin(n / 10), (T0 + n * 100) as EpochMs); // SYNTHETIC price path
      if (n >= total) {
        clearInterval(timer);
        setTimeout(resolve, 500); // let the last pushes arrive
      }
    }, 1000 / rate);
  });
  await Promise.all(
    sockets.map((s) => new Promise<void>((resolve) => (s.once('close', () => resolve()), s.close()))),
  );
  await server.close();
  latencies.sort((a, b) => a - b);
  const pick = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    samples: latencies.length,
    p50: pick(0.5),
    p99: pick(0.99),
    max: latencies.at(-1) ?? NaN,
    missed: clients * (total - WARM_UP_UPDATES) - received,
  };
}

export const apiPushBench: Bench = {
  name: 'api push',
  async run(): Promise<BenchResult[]> {
    const r = await measureApiPush();
    return [
      {
        name: `api push: change → ${CLIENTS} WS clients p99`,
        value: r.p99,
        unit: 'ms',
        target: 50,
        lowerIsBetter: true,
        note:
          `p99 ${r.p99.toFixed(2)} ms, p50 ${r.p50.toFixed(2)} ms, max ${r.max.toFixed(2)} ms, ${r.samples} pushes, ${r.missed} coalesced; ` +
          `${UPDATES_PER_SECOND} updates/s for ${SECONDS} s, SYNTHETIC session, clients in-process on 127.0.0.1`,
      },
    ];
  },
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.stdout.write(`${formatResults(await apiPushBench.run())}\n`);
}

import type { LatencyView } from '../../api/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { InputError } from '../../core/index.js';
import type { LatencyReport } from '../../live/index.js';
import {
  type AccountSample,
  type LatencySample,
  type MetricsSources,
  type Operations,
  startOperations,
} from '../../ops/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import type { FeedHealth } from './feed-health.js';

/** `--metrics-port <n>`: a port number (0: any free one). */
export function metricsPort(flag: string | undefined): number | undefined {
  if (flag === undefined) return undefined;
  const port = Number(flag);
  if (flag.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535)
    throw new InputError(`--metrics-port: expected a port number 0-65535, got "${flag}"`);
  return port;
}

/** The account as the metrics and the digest read it, from the session's portfolio. */
export function accountSample(portfolio: Portfolio): AccountSample {
  const positions: Record<string, number> = {};
  let notional = 0;
  for (const p of portfolio.positions()) {
    positions[p.symbol] = p.quantity;
    // quantity × mark = quantity × entry + unrealised PnL, on the portfolio's last mark.
    notional += Math.abs(p.quantity * p.entryPrice + portfolio.unrealisedPnl(p.symbol));
  }
  const equity = portfolio.equity();
  return {
    equity,
    unrealisedPnl: portfolio.unrealisedPnl(),
    positions,
    marginUsed: portfolio.marginUsed(),
    leverage: equity > 0 ? notional / equity : 0,
  };
}

const STAGES = [
  ['decisionToSend', 'decision->send'],
  ['sendToAck', 'send->ack'],
  ['decisionToAck', 'decision->ack'],
] as const;

/** The live order path's percentiles as the dashboard lists them (stages with no order yet left out). */
export function latencyViews(report: LatencyReport): LatencyView[] {
  const views: LatencyView[] = [];
  for (const [key, stage] of STAGES) {
    const p = report[key];
    if (p) views.push({ stage, count: p.count, p50: p.p50, p99: p.p99, max: p.max });
  }
  return views;
}

/** The same percentiles by stage name for `nmrbot_order_latency_ms{stage}`. */
export function latencySample(report: LatencyReport): LatencySample {
  return Object.fromEntries(STAGES.map(([key, stage]) => [stage, report[key]]));
}

export interface SessionOpsOptions {
  readonly config: NmrbotConfig;
  readonly metricsPort: number | undefined;
  readonly warn: (message: string) => void;
  /** The session's portfolio once it exists (the observers are built before the session). */
  readonly portfolio: () => Portfolio | undefined;
  readonly feeds?: FeedHealth | undefined;
  /** The order path's latency (live); undefined: none measured (paper). */
  readonly latency?: (() => LatencyReport | undefined) | undefined;
}

/**
 * Metrics and alerts for a paper or live session (`startOperations` with the session's sources):
 * add `observers` to the session's fan-out, call `stop()` after the session stopped (it flushes the
 * queued alerts, then closes the `/metrics` server).
 */
export async function startSessionOps(o: SessionOpsOptions): Promise<Operations> {
  const { feeds, latency } = o;
  const sources: MetricsSources = {
    account: () => {
      const p = o.portfolio();
      return p && accountSample(p);
    },
    ...(feeds ? { feedAges: () => feeds.ages() } : {}),
    ...(latency
      ? {
          latency: () => {
            const report = latency();
            return report && latencySample(report);
          },
        }
      : {}),
  };
  const ops = await startOperations({
    config: o.config,
    ...(o.metricsPort === undefined ? {} : { metricsPort: o.metricsPort }),
    warn: o.warn,
    sources,
  });
  if (ops.metricsServer) o.warn(`metrics: ${ops.metricsServer.url}`);
  return ops;
}

import type { NmrbotConfig } from '../config/index.js';
import type { KernelObserver } from '../kernel/index.js';
import { AlertObserver } from './alerts/alert-observer.js';
import { AlertSender } from './alerts/alert-sender.js';
import { alertTargets } from './alerts/alert-targets.js';
import { type ScheduleAt, startDigestTimer, wallClockSchedule } from './alerts/digest-timer.js';
import { type MetricsServer, startMetricsServer } from './metrics-http.js';
import { MetricsObserver, type MetricsSources } from './metrics-observer.js';

export interface OperationsOptions {
  readonly config: NmrbotConfig;
  readonly env?: NodeJS.ProcessEnv;
  /** Account, feed ages and latency, read when Prometheus scrapes and for the digest's equity. */
  readonly sources?: MetricsSources;
  /** Serve GET /metrics on this port (0: any free one) at `metricsHost` (default 127.0.0.1); unset: no server. */
  readonly metricsPort?: number;
  readonly metricsHost?: string;
  readonly warn: (message: string) => void;
  /** Wall clock and timer for the digest (tests pass a controllable pair). */
  readonly now?: () => number;
  readonly schedule?: ScheduleAt;
}

/** Metrics and alerts for one paper or live session; pass `observers` to the session's observer fan-out. */
export interface Operations {
  readonly metrics: MetricsObserver;
  readonly alerts: AlertObserver;
  readonly sender: AlertSender;
  readonly observers: readonly KernelObserver[];
  readonly metricsServer: MetricsServer | undefined;
  /** Stops the digest, waits for queued alerts (at most `flushMs`, default 5 s), closes the metrics server. */
  stop(flushMs?: number): Promise<void>;
}

/** Builds the metrics and alert observers from the config, starts the digest timer and the metrics server. */
export async function startOperations(options: OperationsOptions): Promise<Operations> {
  const { config, warn } = options;
  const alertsConfig = config.alerts;
  const { targets, missing } = alertTargets(alertsConfig, options.env ?? process.env);
  for (const m of missing) warn(`alerts: ${m}`);
  const sender = new AlertSender({
    targets,
    queueSize: alertsConfig.queueSize,
    maxAttempts: alertsConfig.maxAttempts,
    warn,
  });
  const metrics = new MetricsObserver({ sources: options.sources });
  const account = options.sources?.account;
  const alerts = new AlertObserver({
    send: (a) => sender.send(a),
    events: alertsConfig.events,
    equity: account ? () => account()?.equity : undefined,
  });
  const digest = alertsConfig.digest.enabled
    ? startDigestTimer({
        times: alertsConfig.digest.times,
        now: options.now ?? Date.now,
        schedule: options.schedule ?? wallClockSchedule,
        fire: (at) => sender.send(alerts.digest(at)),
      })
    : undefined;
  const metricsServer =
    options.metricsPort === undefined
      ? undefined
      : await startMetricsServer(metrics.registry, { host: options.metricsHost, port: options.metricsPort });
  return {
    metrics,
    alerts,
    sender,
    observers: [metrics, alerts],
    metricsServer,
    async stop(flushMs = 5_000) {
      digest?.stop();
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), flushMs)));
      const done = await Promise.race([sender.flush().then(() => 'done' as const), late]);
      clearTimeout(timer);
      if (done === 'late') warn(`alerts: ${sender.pending} alerts still queued at shutdown, not sent`);
      await metricsServer?.close();
    },
  };
}

import type { Registry } from 'prom-client';
import { type ApiServer, SessionStateTracker, createApiServer } from '../../api/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { InputError } from '../../core/index.js';
import type { KernelObserver } from '../../kernel/index.js';
import type { Portfolio } from '../../portfolio/index.js';
import type { RiskEngine } from '../../risk/index.js';
import type { BarEvent } from '../../strategy/index.js';
import { PaperDashboardControls } from './dashboard-controls.js';

/** What a session looks like to the dashboard after a bar (paper: `session.loop`; live: the session). */
export interface DashboardSessionView {
  readonly portfolio: Portfolio;
  readonly kernel: { readonly symbol: string };
  readonly risk: RiskEngine | undefined;
}

/** What `nmrbot paper --dashboard` and `nmrbot live --dashboard` add to a session. */
export interface SessionDashboard {
  readonly tracker: SessionStateTracker;
  readonly controls: PaperDashboardControls;
  readonly server: ApiServer;
  /**
   * The observer to add to the session's fan-out: the tracker, and after each fill the position's
   * leverage from the portfolio (fills do not carry it; live fills arrive between bars).
   */
  observer(portfolio: () => Portfolio | undefined): KernelObserver;
  /** Call after each bar: updates leverage, the mark price and the circuit breaker from the session. */
  afterBar(session: DashboardSessionView, bar: BarEvent): void;
  close(): Promise<void>;
}

/** `--dashboard [port]`: true (no port given) means any free port; a string must be a port number. */
export function dashboardPort(flag: string | true): number {
  if (flag === true) return 0;
  const port = Number(flag);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InputError(`--dashboard: expected a port number 0-65535, got "${flag}"`);
  }
  return port;
}

/**
 * Starts the API and dashboard on 127.0.0.1 for a paper or live session and prints its URL to stderr.
 * With `metrics` (the session's Prometheus registry) the server also answers `GET /metrics`.
 */
export async function startSessionDashboard(
  config: NmrbotConfig,
  options: {
    readonly port: number;
    readonly startingEquity: number;
    readonly leverage: number;
    readonly metrics?: Registry | undefined;
  },
): Promise<SessionDashboard> {
  const tracker = new SessionStateTracker({
    startingEquity: options.startingEquity,
    leverage: options.leverage,
    leverageCap: config.risk.maxLeverage,
    marginCapFraction: config.risk.maxMarginFraction,
  });
  const controls = new PaperDashboardControls(tracker);
  const server = await createApiServer({
    state: tracker,
    controls,
    tokenEnv: config.server.tokenEnv,
    host: '127.0.0.1',
    port: options.port,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  const tokenSet = (process.env[config.server.tokenEnv] ?? '') !== '';
  process.stderr.write(
    `dashboard: ${server.url}/` +
      (tokenSet ? '' : ` (controls disabled: set ${config.server.tokenEnv} to enable them)`) +
      '\n',
  );
  let shownLeverage: number | undefined;
  const showLeverage = (portfolio: Portfolio | undefined, symbol: string): void => {
    const position = portfolio?.position(symbol);
    if (position !== undefined && position.leverage !== shownLeverage) {
      shownLeverage = position.leverage;
      tracker.setLeverage(position.symbol, position.leverage);
    }
  };
  return {
    tracker,
    controls,
    server,
    observer: (portfolio) => ({
      ...bound(tracker),
      // The portfolio applied the fill before the observers hear of it.
      onFill: (fill) => {
        tracker.onFill(fill);
        showLeverage(portfolio(), fill.symbol);
      },
    }),
    afterBar: (session, bar) => {
      showLeverage(session.portfolio, session.kernel.symbol);
      tracker.setMarkPrice(bar.candle.close, bar.closeTime);
      const view = session.risk?.view(bar.closeTime);
      const until = view?.haltedUntil;
      const rule = view?.haltRule;
      tracker.setBreaker(until !== undefined && rule !== undefined ? { rule, until } : undefined);
    },
    close: () => server.close(),
  };
}

/** The tracker's observer hooks bound to it (so they can be spread into another observer). */
function bound(tracker: SessionStateTracker): KernelObserver {
  return {
    onDecision: (d) => tracker.onDecision(d),
    onFunding: (e, c) => tracker.onFunding(e, c),
    onLiquidation: (symbol, time) => tracker.onLiquidation(symbol, time),
    onTrade: (t) => tracker.onTrade(t),
    onRiskDecision: (d) => tracker.onRiskDecision(d),
  };
}

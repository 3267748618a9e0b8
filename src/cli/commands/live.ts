import type { Command } from 'commander';
import { type BacktestResult, fanOutObserver, venueFundingCoverage } from '../../backtest/index.js';
import { type NmrbotConfig, requireExchangeCredentials, Secret } from '../../config/index.js';
import { type EpochMs, InputError, timeframeMs, WallClock } from '../../core/index.js';
import type { MarketStore } from '../../data/index.js';
import { DEFAULT_WEIGHTS_SCOPE, type Journal, JournalWriter, openJournal } from '../../journal/index.js';
import { connectCcxt, type ExchangeCredentials, type OrderLatency } from '../../live/index.js';
import { readWalletBalance } from '../../live/exchange-snapshot.js';
import { LiveSession } from '../../live/live-session.js';
import { ccxtMarketEvents } from '../../paper/index.js';
import { formatSummary } from '../../report/index.js';
import { SqliteRiskStateStore } from '../../risk/index.js';
import { loadStrategy } from '../../strategy/index.js';
import { COMBINER_MODEL_PARAM } from '../../strategy/playbook/nmr-playbook.js';
import { WEIGHTS_PARAM } from '../backtest/adapt-weights.js';
import { type BacktestFlags, parseWhen, specFromConfig } from '../backtest/backtest-spec.js';
import { loadCombinerModel } from '../../research/model/index.js';
import { eventBlackouts } from '../backtest/event-calendar.js';
import { wholeNumber } from '../backtest/market.js';
import { collect, parseStrategyParams } from '../backtest/strategy-params.js';
import { stopOnSignal } from '../stop-on-signal.js';
import { configForCommand, withStore } from '../context.js';
import { journaledFills } from '../live/journaled-fills.js';
import { LIVE_FEEDS, WatchedVenue } from '../live/watched-venue.js';
import { FeedHealth, watchFeedHealth } from '../ops/feed-health.js';
import { latencyViews, metricsPort, startSessionOps } from '../ops/session-ops.js';
import type { Operations } from '../../ops/index.js';
import { type SessionDashboard, dashboardPort, startSessionDashboard } from '../paper/dashboard-server.js';
import { NewAltData } from '../paper/paper-feeds.js';
import { PaperWeights } from '../paper/paper-weights.js';

interface LiveFlags {
  confirmLive?: boolean;
  strategy?: string;
  timeframe?: string;
  exchange?: string;
  baseUrl?: string;
  warmUp: string;
  bars?: string;
  leverage?: string;
  pollMs: string;
  risk: boolean;
  param?: string[];
  dashboard?: string | true;
  metricsPort?: string;
}

/** The exchange double's default keys: accepted only with --base-url when the environment has none. */
const DOUBLE_CREDENTIALS = { apiKey: 'double-key', secret: 'double-secret' };
/** The mark price streams every 1-3 s (REST every 2 s while the socket is down): a minute without is dead. */
const MARK_MAX_AGE_MS = 60_000;
/** Exchange trades looked at on the first start of an account (none journaled yet). */
const FIRST_START_LOOKBACK_MS = 7 * 24 * 3_600_000;

/** `nmrbot live`: the strategy trading real money on the exchange, with keys from the environment. */
export function registerLiveCommand(program: Command): void {
  program
    .command('live')
    .description(
      'live trading: the strategy places real orders on the exchange (keys from the environment, see exchange.apiKeyEnv / exchange.secretEnv); protective stops live on the exchange; reconciles with the exchange at start and every live.reconcileMinutes; needs --confirm-live',
    )
    .option('--confirm-live', 'required: confirms that real orders with real money may be placed')
    .option('--strategy <name|file>', 'built-in name or a .ts/.js file (default: backtest.strategy)')
    .option('--timeframe <tf>', 'bar timeframe the strategy sees (default: backtest.timeframe, 15m)')
    .option('--exchange <id>', 'ccxt exchange id (default: exchange.id, binanceusdm)')
    .option(
      '--base-url <url>',
      'talk to this base URL instead of the exchange (a local exchange double; its default keys are used when none are set)',
    )
    .option('--warm-up <duration>', 'history before the start that only warms the signals up', '30d')
    .option('--bars <n>', 'stop after this many traded bars (default: run until Ctrl-C or SIGTERM)')
    .option('--leverage <x>', 'leverage for positions the strategy opens (default: backtest.leverage)')
    .option('--poll-ms <ms>', 'time between market data polls once caught up', '5000')
    .option('--no-risk', 'run without the risk engine')
    .option('--param <name=value>', 'a strategy parameter, repeatable', collect)
    .option('--dashboard [port]', 'serve the live dashboard and API on 127.0.0.1 (no port: any free one)')
    .option(
      '--metrics-port <n>',
      'serve Prometheus metrics at GET /metrics on 127.0.0.1:<n> (0: any free port)',
    )
    .action(async (flags: LiveFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      if (config.live.confirm && flags.confirmLive !== true)
        throw new InputError(
          `nmrbot live places real orders with real money on ${flags.exchange ?? config.exchange.id} ${config.exchange.symbol}; ` +
            'it starts only with --confirm-live (paper trading without keys or orders: nmrbot paper)',
        );
      await withStore(cmd, (store) => runLive(store, config, flags));
    });
}

function credentialsFor(config: NmrbotConfig, baseUrl: string | undefined): ExchangeCredentials {
  try {
    return requireExchangeCredentials(config);
  } catch (err) {
    if (baseUrl === undefined) throw err;
    return {
      apiKey: new Secret(DOUBLE_CREDENTIALS.apiKey),
      apiSecret: new Secret(DOUBLE_CREDENTIALS.secret),
    };
  }
}

/** The session, stopped by SIGINT or SIGTERM from its first step on. */
function runLive(store: MarketStore, config: NmrbotConfig, flags: LiveFlags): Promise<void> {
  return stopOnSignal((stop) => tradeLive(store, config, flags, stop));
}

async function tradeLive(
  store: MarketStore,
  config: NmrbotConfig,
  flags: LiveFlags,
  stop: AbortController,
): Promise<void> {
  const exchangeId = flags.exchange ?? config.exchange.id;
  const symbol = config.exchange.symbol;
  const btFlags: BacktestFlags = { ...flags, days: '0', seed: '0', download: false };
  const spec = specFromConfig(config, btFlags, { exchange: exchangeId, symbol });
  const tfMs = timeframeMs(spec.timeframe);
  const maxBars = flags.bars === undefined ? Infinity : wholeNumber('--bars', flags.bars, 1);
  const pollMs = wholeNumber('--poll-ms', flags.pollMs, 1);
  const metricsAt = metricsPort(flags.metricsPort);
  const dashboardAt = flags.dashboard === undefined ? undefined : dashboardPort(flags.dashboard);
  let ops: Operations | undefined;
  const log = (line: string): void => {
    process.stderr.write(`${line}\n`);
    if (line.startsWith('reconciliation failed')) ops?.alerts.error(Date.now(), line);
  };

  const clock = new WallClock();
  const connection = await connectCcxt({
    exchangeId,
    clock,
    credentials: credentialsFor(config, flags.baseUrl),
    baseUrl: flags.baseUrl,
  });
  if (connection.local) connection.exchange.enableRateLimit = false;
  // A closed bar is due every timeframe; two missed (and two polls) is a dead feed.
  const feeds: FeedHealth = new FeedHealth([
    { name: LIVE_FEEDS.bars, maxAgeMs: 2 * tfMs + 2 * pollMs },
    { name: LIVE_FEEDS.mark, maxAgeMs: MARK_MAX_AGE_MS },
    { name: LIVE_FEEDS.user, connected: (): boolean => venue.userStreamConnected() },
  ]);
  const venue: WatchedVenue = new WatchedVenue({ connection, symbol, clock, log }, feeds);
  let session: LiveSession | undefined;
  let journal: JournalWriter | undefined;
  let journalStores: Journal | undefined;
  let dashboard: SessionDashboard | undefined;
  let stopFeedWatch: (() => void) | undefined;
  try {
    const instrument = await venue.loadInstrument();
    // The exchange's leverage is the most any position may use: the kernel posts each position's own.
    await venue.setLeverage(config.risk.maxLeverage);
    await venue.setIsolatedMargin(config.risk.maxLeverage);
    const forming = await venue.exchange.fetchOHLCV(symbol, spec.timeframe, undefined, 2);
    const tradeFrom = Number(forming[forming.length - 1]?.[0]);
    if (!Number.isFinite(tradeFrom))
      throw new InputError(`${exchangeId} served no ${spec.timeframe} ${symbol} candles`);
    const warmUpMs = tradeFrom - parseWhen('--warm-up', flags.warmUp, tradeFrom);
    const since = tradeFrom - Math.ceil(warmUpMs / tfMs) * tfMs;
    const wallet = await readWalletBalance(venue.exchange, instrument.symbol.split(':')[1] ?? 'USDT');

    journalStores = await openJournal(config.journal.url, () => store.db);
    const known = await journaledFills(journalStores.trades, exchangeId, symbol);
    journal = new JournalWriter(journalStores.trades);
    const runId = await journal.startRun({
      kind: 'live',
      strategy: flags.strategy ?? config.backtest.strategy,
      exchange: exchangeId,
      symbol,
      timeframe: spec.timeframe,
      config: { ...spec, tradeFrom, baseUrl: flags.baseUrl ?? null },
      synthetic: false,
    });
    const weights = await PaperWeights.open(
      store,
      config,
      runId,
      DEFAULT_WEIGHTS_SCOPE,
      journalStores.changes,
    );
    const strategy = await loadStrategy(flags.strategy ?? config.backtest.strategy, {
      ...parseStrategyParams(flags.param ?? []),
      config,
      [WEIGHTS_PARAM]: weights.weights.read,
      [COMBINER_MODEL_PARAM]: await loadCombinerModel(config.signals.combiner),
    });
    const o = (ops = await startSessionOps({
      config,
      metricsPort: metricsAt,
      warn: log,
      portfolio: () => session?.portfolio,
      feeds,
      latency: () => session?.manager.latencyReport(),
    }));
    if (dashboardAt !== undefined)
      dashboard = await startSessionDashboard(config, {
        port: dashboardAt,
        startingEquity: wallet,
        leverage: spec.leverage,
        metrics: o.metrics.registry,
      });
    const board = dashboard;
    stopFeedWatch = watchFeedHealth(feeds, {
      everyMs: 1_000,
      show: board && ((views) => board.tracker.setFeeds(views)),
      onUnhealthy: (f) =>
        o.alerts.error(
          Date.now(),
          f.name === LIVE_FEEDS.user
            ? `feed ${f.name}: order or trade websocket down (polling REST)`
            : `feed ${f.name}: nothing new for ${f.ageSeconds ?? '?'} s`,
        ),
    });
    // The order path's percentiles, refreshed when an order was acknowledged (fills come between bars).
    let shownAcks = -1;
    const showLatency = (): void => {
      if (!board) return;
      const report = session?.manager.latencyReport();
      const acks = report?.sendToAck?.count ?? 0;
      if (!report || acks === shownAcks) return;
      shownAcks = acks;
      board.tracker.setLatency(latencyViews(report));
    };
    venue.watchMarkPrice((price, time) => board?.tracker.setMarkPrice(price, time as EpochMs));
    const riskStore = new SqliteRiskStateStore(store.db);
    const account = `live:${exchangeId}:${symbol}`;
    const alt = new NewAltData(store);
    let traded = 0;
    const j = journal;
    session = new LiveSession({
      venue,
      instrument,
      timeframe: spec.timeframe,
      start: since as EpochMs,
      tradeFrom: tradeFrom as EpochMs,
      strategy: board ? board.controls.wrap(strategy) : strategy,
      initialBalance: wallet,
      leverage: spec.leverage,
      orderRunId: account,
      manager: {
        retry: { settleWindowMs: connection.recvWindowMs + 1000 },
        latency: {
          ...(venue.latencyBudgetMs === undefined ? {} : { warnAckAboveMs: venue.latencyBudgetMs }),
          // Every order's path is journaled in the run log; the report prints its percentiles.
          onMeasured: (r) => j.onLog(clock.now(), orderLatencyLine(r)),
        },
        log,
      },
      risk: spec.risk,
      blackouts: spec.risk ? eventBlackouts(store, config) : undefined,
      riskState: spec.risk ? riskStore.load(account) : undefined,
      observer: fanOutObserver(
        j,
        board?.observer(() => session?.portfolio),
        ...o.observers,
      ),
      reviewer: weights.replay,
      reconcile: {
        stopLossPct: config.risk.stopLossPct,
        orphanPolicy: config.live.orphanPolicy,
        intervalMs: config.live.reconcileMinutes * 60_000,
        knownFills: known.tradeIds,
        tradesSince: known.lastTime ?? tradeFrom - FIRST_START_LOOKBACK_MS,
        record: (time, d) => {
          j.onLog(time, `reconciliation ${d.kind}: ${d.message}`);
          j.flush();
          log(`reconciliation ${d.kind}: ${d.message}`);
          o.alerts.error(Date.now(), `reconciliation ${d.kind}: ${d.message}`);
        },
        recoverFill: (fill) => j.onFill(fill),
      },
      afterEvents: () => {
        j.flush();
        showLatency();
        // The user stream just delivered (or a bar): its age restarts now, not at the next tick.
        board?.tracker.setFeeds(feeds.views());
      },
      afterBar: async (bar, s) => {
        feeds.seen(LIVE_FEEDS.bars);
        if (board) {
          board.afterBar(s, bar);
          board.tracker.setFeeds(feeds.views());
        }
        const fresh = alt.take(since, bar.closeTime);
        if (fresh.length > 0) s.addData(fresh);
        if (s.risk) riskStore.save(account, s.risk.snapshot());
        j.flush();
        await weights.journalNew();
        if (bar.closeTime > tradeFrom) traded++;
        if (traded > 0 && (traded % 96 === 0 || traded === maxBars)) printStatus(s, bar.closeTime);
        if (traded >= maxBars) stop.abort();
      },
      log,
    });
    board?.controls.attachKernel(session.manualDesk);
    log(
      `live on ${exchangeId} ${symbol} ${spec.timeframe}${flags.baseUrl ? ` via ${flags.baseUrl}` : ''}: wallet ${wallet.toFixed(2)}, trading from ${new Date(tradeFrom).toISOString()}, journal run ${runId}`,
    );
    await session.run(
      ccxtMarketEvents(venue.exchange, {
        symbol,
        timeframe: spec.timeframe,
        since: since as EpochMs,
        pollMs,
        signal: stop.signal,
        onError: (e) => log(`market data: ${connection.redact((e as Error).message)} (retrying)`),
      }),
      stop.signal,
    );
    // Protective stops stay on the exchange: the position is protected while the bot is away.
    await session.stop();
    const result = liveResult(session, spec, since);
    await journal.finishRun(result);
    journal = undefined;
    await weights.journalNew();
    const ack = session.manager.latencyReport().decisionToAck;
    process.stdout.write(
      `${formatSummary({ ...result, mode: 'live' })}\n` +
        (ack
          ? `order latency (decision -> acknowledgement): p50 ${ack.p50.toFixed(1)} ms, p99 ${ack.p99.toFixed(1)} ms over ${ack.count} orders\n`
          : '') +
        `${exitState(session)}\njournal: live run ${runId} in the store\n`,
    );
  } finally {
    stopFeedWatch?.();
    try {
      if (journal) await journal.finishRun().catch(() => undefined);
      await venue.close();
      await journalStores?.close();
      await dashboard?.close();
    } finally {
      // Last: queued alerts go out (and /metrics stays up for a last scrape) while they are delivered.
      await ops?.stop();
    }
  }
}

/** The position and the working orders left on the exchange when the bot stops (stops keep protecting). */
function exitState(session: LiveSession): string {
  const quantity = session.portfolio.position(session.kernel.symbol)?.quantity ?? 0;
  const working = session.manager
    .orders()
    .filter((o) => o.status === 'open' || o.status === 'partially_filled')
    .map((o) => o.venueClientId);
  return `position at exit: ${+quantity.toFixed(8)}\nworking orders left on the exchange: ${working.length === 0 ? 'none' : working.join(' ')}`;
}

function printStatus(session: LiveSession, time: number): void {
  const k = session.kernel;
  const position = session.portfolio.position(k.symbol);
  process.stderr.write(
    `${new Date(time).toISOString()}  equity ${session.portfolio.equity().toFixed(2)}  trades ${k.trades.closed.length}` +
      `  position ${position ? position.quantity.toFixed(1) : 'flat'}\n`,
  );
}

function liveResult(
  session: LiveSession,
  spec: ReturnType<typeof specFromConfig>,
  since: number,
): BacktestResult {
  const settlements = session.fundingSettlements;
  return session.result({ ...spec, from: since, to: undefined }, venueFundingCoverage(settlements));
}

/** The run-log line of one order's latency: `latency <client id> decision->send <ms> send->ack <ms>`. */
export function orderLatencyLine(r: Readonly<OrderLatency>): string {
  const ms = (a: number | undefined, b: number | undefined) =>
    a === undefined || b === undefined ? '-' : (b - a).toFixed(3);
  return `latency ${r.clientOrderId} decision->send ${ms(r.decidedAt, r.sentAt)} ms send->ack ${ms(r.sentAt, r.ackAt)} ms`;
}

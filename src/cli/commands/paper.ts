import type { Command } from 'commander';
import { type BacktestResult, fanOutObserver, venueFundingCoverage } from '../../backtest/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { type EpochMs, InputError, WallClock, timeframeMs } from '../../core/index.js';
import type { MarketStore } from '../../data/index.js';
import type { ExchangeDouble } from '../../exchange-double/index.js';
import { JournalWriter, openJournal } from '../../journal/index.js';
import { connectCcxt } from '../../live/index.js';
import { PaperSession, ccxtMarketEvents } from '../../paper/index.js';
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
import { FeedHealth, watchFeedHealth } from '../ops/feed-health.js';
import { metricsPort, startSessionOps } from '../ops/session-ops.js';
import { type SessionDashboard, dashboardPort, startSessionDashboard } from '../paper/dashboard-server.js';
import { NewAltData } from '../paper/paper-feeds.js';
import { PaperWeights } from '../paper/paper-weights.js';
import { startReplayDouble } from '../paper/replay-double.js';

interface PaperFlags {
  strategy?: string;
  timeframe?: string;
  exchange?: string;
  baseUrl?: string;
  replay?: boolean;
  from?: string;
  speed: string;
  warmUp: string;
  bars?: string;
  balance?: string;
  leverage?: string;
  risk: boolean;
  param?: string[];
  dashboard?: string | true;
  metricsPort?: string;
}

/** `nmrbot paper`: the strategy on live market data with simulated fills (no keys, no real orders). */
export function registerPaperCommand(program: Command): void {
  program
    .command('paper')
    .description(
      'paper trading: live market data from the exchange (public endpoints, no keys), fills simulated by the backtest fill model, journaled as a paper run; --replay replays stored history through a local exchange double',
    )
    .option('--strategy <name|file>', 'built-in name or a .ts/.js file (default: backtest.strategy)')
    .option('--timeframe <tf>', 'bar timeframe the strategy sees (default: backtest.timeframe, 15m)')
    .option('--exchange <id>', 'ccxt exchange id (default: exchange.id, binanceusdm)')
    .option('--base-url <url>', 'talk to this base URL instead of the exchange (a local exchange double)')
    .option('--replay', 'replay stored candles through a local exchange double (no network needed)')
    .option('--from <when>', 'with --replay: where trading starts, a date or a look-back (default: 30d)')
    .option('--speed <x>', 'with --replay: replayed time per wall time (600 = 10 minutes a second)', '600')
    .option('--warm-up <duration>', 'history before the start that only warms the signals up', '30d')
    .option('--bars <n>', 'stop after this many traded bars (default: run until Ctrl-C or the replay ends)')
    .option('--balance <usdt>', 'starting paper wallet in USDT (default: backtest.initialBalance)')
    .option('--leverage <x>', 'leverage for positions the strategy opens (default: backtest.leverage)')
    .option('--no-risk', 'run without the risk engine')
    .option('--param <name=value>', 'a strategy parameter, repeatable', collect)
    .option('--dashboard [port]', 'serve the live dashboard and API on 127.0.0.1 (no port: any free one)')
    .option(
      '--metrics-port <n>',
      'serve Prometheus metrics at GET /metrics on 127.0.0.1:<n> (0: any free port)',
    )
    .action(async (flags: PaperFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, (store) => runPaper(store, config, flags));
    });
}

/** The session, stopped by SIGINT or SIGTERM from its first step on. */
function runPaper(store: MarketStore, config: NmrbotConfig, flags: PaperFlags): Promise<void> {
  return stopOnSignal((stop) => paperSession(store, config, flags, stop));
}

async function paperSession(
  store: MarketStore,
  config: NmrbotConfig,
  flags: PaperFlags,
  stop: AbortController,
): Promise<void> {
  const now = Date.now();
  const exchangeId = flags.exchange ?? config.exchange.id;
  const symbol = config.exchange.symbol;
  const btFlags: BacktestFlags = { ...flags, days: '0', seed: '0', download: false };
  const spec = specFromConfig(config, btFlags, { exchange: exchangeId, symbol });
  const tfMs = timeframeMs(spec.timeframe);
  const speed = Number(flags.speed);
  if (!(speed > 0)) throw new InputError(`--speed must be a number above 0, got "${flags.speed}"`);
  const maxBars = flags.bars === undefined ? Infinity : wholeNumber('--bars', flags.bars, 1);
  const metricsAt = metricsPort(flags.metricsPort);
  const tradeFromRaw = flags.replay ? parseWhen('--from', flags.from ?? '30d', now) : now;
  const tradeFrom = Math.floor(tradeFromRaw / tfMs) * tfMs;
  const warmUpMs = tradeFrom - parseWhen('--warm-up', flags.warmUp, tradeFrom);
  const since = tradeFrom - Math.ceil(warmUpMs / tfMs) * tfMs;

  let double: ExchangeDouble | undefined;
  if (flags.replay) {
    const fb = config.perp.fundingFallback;
    double = await startReplayDouble(store, {
      exchange: exchangeId,
      symbol,
      timeframe: spec.timeframe,
      tradeFrom,
      since,
      speed,
      initialBalance: spec.initialBalance,
      fallbackFunding: { rate: (fb.ratePer8h * fb.intervalHours) / 8, intervalHours: fb.intervalHours },
    });
    process.stderr.write(`replaying stored ${spec.timeframe} candles at ${speed}x through ${double.url}\n`);
  }
  const baseUrl = double?.url ?? flags.baseUrl;
  const { exchange } = await connectCcxt({ exchangeId, clock: new WallClock(), baseUrl });
  if (double) exchange.enableRateLimit = false;

  const journalStores = await openJournal(config.journal.url, () => store.db);
  const journal = new JournalWriter(journalStores.trades);
  const runId = await journal.startRun({
    kind: 'paper',
    strategy: flags.strategy ?? config.backtest.strategy,
    exchange: exchangeId,
    symbol,
    timeframe: spec.timeframe,
    config: { ...spec, replay: flags.replay === true, tradeFrom },
    synthetic: false,
  });
  const weights = await PaperWeights.open(store, config, runId, undefined, journalStores.changes);
  const strategy = await loadStrategy(flags.strategy ?? config.backtest.strategy, {
    ...parseStrategyParams(flags.param ?? []),
    config,
    [WEIGHTS_PARAM]: weights.weights.read,
    [COMBINER_MODEL_PARAM]: await loadCombinerModel(config.signals.combiner),
  });
  const pollMs = double ? Math.max(20, tfMs / speed / 4) : 5_000;
  // A closed bar is due every timeframe (of replayed time); two missed in a row is a dead feed (at
  // least 10 s of wall time, so a fast replay's pauses, a GC or a journal flush, do not count).
  const barsMaxAgeMs = Math.max(10_000, (2 * tfMs) / (double ? speed : 1) + 2 * pollMs);
  const feeds = new FeedHealth([{ name: 'bars', maxAgeMs: barsMaxAgeMs }]);
  // The metrics read the portfolio at scrape time, which may come before the session exists.
  const started: { session?: PaperSession } = {};
  const warn = (m: string): void => void process.stderr.write(`${m}\n`);
  const ops = await startSessionOps({
    config,
    metricsPort: metricsAt,
    warn,
    portfolio: () => started.session?.loop.portfolio,
    feeds,
  });
  let dashboard: SessionDashboard | undefined;
  try {
    if (flags.dashboard !== undefined)
      dashboard = await startSessionDashboard(config, {
        port: dashboardPort(flags.dashboard),
        startingEquity: spec.initialBalance,
        leverage: spec.leverage,
        metrics: ops.metrics.registry,
      });
  } catch (err) {
    await Promise.all([ops.stop(), exchange.close(), double?.close(), journalStores.close()]);
    throw err;
  }
  const stopFeedWatch = watchFeedHealth(feeds, {
    everyMs: 1_000,
    show: dashboard && ((views) => dashboard?.tracker.setFeeds(views)),
    onUnhealthy: (f) =>
      ops.alerts.error(Date.now(), `feed ${f.name}: nothing new for ${f.ageSeconds ?? '?'} s`),
  });
  const riskStore = new SqliteRiskStateStore(store.db);
  const account = `paper:${exchangeId}:${symbol}`;
  const alt = new NewAltData(store);
  const session = (started.session = new PaperSession({
    ...spec,
    start: since as EpochMs,
    strategy: dashboard ? dashboard.controls.wrap(strategy) : strategy,
    tradeFrom: tradeFrom as EpochMs,
    blackouts: spec.risk ? eventBlackouts(store, config) : undefined,
    riskState: spec.risk ? riskStore.load(account) : undefined,
    observer: fanOutObserver(
      journal,
      dashboard?.observer(() => started.session?.loop.portfolio),
      ...ops.observers,
    ),
    reviewer: weights.replay,
    afterBar: async (bar, s) => {
      feeds.seen('bars');
      const fresh = alt.take(since, bar.closeTime);
      if (fresh.length > 0) s.loop.addData(fresh);
      if (s.loop.risk) riskStore.save(account, s.loop.risk.snapshot());
      if (dashboard) {
        dashboard.afterBar(s.loop, bar);
        dashboard.tracker.setFeeds(feeds.views());
      }
      journal.flush();
      await weights.journalNew();
      if (bar.closeTime > tradeFrom) traded++;
      if (traded > 0 && (traded % 96 === 0 || traded === maxBars)) printStatus(s, bar.closeTime);
      if (traded >= maxBars || double?.state().ended) stop.abort();
    },
  }));
  dashboard?.controls.attachKernel(session.loop.kernel);
  let traded = 0;
  try {
    await session.run(
      ccxtMarketEvents(exchange, {
        symbol,
        timeframe: spec.timeframe,
        since: since as EpochMs,
        pollMs,
        signal: stop.signal,
        onError: (e) => process.stderr.write(`market data: ${(e as Error).message} (retrying)\n`),
      }),
      stop.signal,
    );
  } finally {
    stopFeedWatch();
    try {
      session.stop();
      const result = paperResult(session, spec, since, tradeFrom);
      await journal.finishRun(result);
      await weights.journalNew();
      await exchange.close();
      await double?.close();
      await dashboard?.close();
      await journalStores.close();
      process.stdout.write(`${formatSummary(result)}\njournal: paper run ${runId} in the store\n`);
    } finally {
      // Last: queued alerts go out (and /metrics stays up for a last scrape) while they are delivered.
      await ops.stop();
    }
  }
}

function printStatus(session: PaperSession, time: number): void {
  const k = session.loop.kernel;
  const equity = session.loop.portfolio.equity();
  const position = session.loop.portfolio.position(k.symbol);
  process.stderr.write(
    `${new Date(time).toISOString()}  equity ${equity.toFixed(2)}  trades ${k.trades.closed.length}` +
      `  position ${position ? position.quantity.toFixed(1) : 'flat'}\n`,
  );
}

function paperResult(
  session: PaperSession,
  spec: ReturnType<typeof specFromConfig>,
  since: number,
  tradeFrom: number,
): BacktestResult {
  // Every settlement the session was handed came from the venue.
  const settlements = session.fundingSettlements;
  const result = session.loop.result({
    spec: { ...spec, from: since, to: undefined },
    synthetic: false,
    firstBarOpen: tradeFrom,
    fundingCoverage: venueFundingCoverage(settlements),
  });
  return { ...result, mode: 'paper' };
}

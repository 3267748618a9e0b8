import type { Command } from 'commander';
import {
  type EpochMs,
  InputError,
  type Timeframe,
  WallClock,
  isoTime,
  parseSince,
  parseTimeframe,
} from '../../core/index.js';
import {
  DOWNLOAD_KINDS,
  type DownloadHooks,
  type DownloadKind,
  type DownloadOptions,
  type SeriesReport,
  downloadMarketData,
  isDownloadKind,
} from '../../data/download/index.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';

interface DownloadFlags {
  since: string;
  until?: string;
  exchange: string;
  symbol: string;
  what: string;
  timeframe: string;
  markTimeframe?: string;
  oiPeriod: string;
  limit?: string;
  baseUrl?: string;
  rateLimitMs?: string;
  retries: string;
}

function timeframe(flag: string, value: string): Timeframe {
  try {
    return parseTimeframe(value);
  } catch (err) {
    throw new InputError(`${flag}: ${(err as Error).message}`);
  }
}

function wholeNumber(flag: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`${flag} must be a whole number >= ${min}, not "${value}"`);
  return n;
}

function kinds(list: string): DownloadKind[] {
  const parts = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !isDownloadKind(p));
  if (bad.length || parts.length === 0)
    throw new InputError(
      `--what: unknown series "${bad.join(',') || list}" (any of ${DOWNLOAD_KINDS.join(',')})`,
    );
  return parts as DownloadKind[];
}

/** Turns the command-line flags into download options; every bad flag is an InputError naming it. */
export function downloadOptionsFromFlags(flags: DownloadFlags, now: EpochMs): DownloadOptions {
  let since: EpochMs;
  try {
    since = parseSince(flags.since, now);
  } catch (err) {
    throw new InputError(`--since: ${(err as Error).message}`);
  }
  let until: EpochMs | undefined;
  if (flags.until !== undefined) {
    const t = Date.parse(flags.until);
    if (!/^\d{4}-\d{2}-\d{2}/.test(flags.until) || !Number.isFinite(t))
      throw new InputError(
        `--until "${flags.until}" is not an ISO date or time (example: 2025-06-01T00:00:00Z)`,
      );
    until = t as EpochMs;
  }
  const retries = wholeNumber('--retries', flags.retries, 1) ?? 5;
  return {
    exchange: flags.exchange,
    symbol: flags.symbol,
    what: kinds(flags.what),
    since,
    until,
    timeframe: timeframe('--timeframe', flags.timeframe),
    markTimeframe:
      flags.markTimeframe === undefined ? undefined : timeframe('--mark-timeframe', flags.markTimeframe),
    oiPeriod: timeframe('--oi-period', flags.oiPeriod),
    limit: wholeNumber('--limit', flags.limit, 1),
    baseUrl: flags.baseUrl,
    rateLimitMs: wholeNumber('--rate-limit-ms', flags.rateLimitMs, 0),
    retry: { tries: retries },
  };
}

const requests = (n: number): string => `${n} request${n === 1 ? '' : 's'}`;

/** One stdout line per series: what changed and what the store now holds. */
export function summaryLine(r: SeriesReport): string {
  if (r.outcome === 'skipped') return `${r.label}: skipped: ${r.note ?? ''}`;
  const stored =
    r.span && r.span.first !== null && r.span.last !== null
      ? `stored ${r.span.rows.toLocaleString('en-US')} rows ${isoTime(r.span.first)} .. ${isoTime(r.span.last)}`
      : 'nothing stored';
  const change =
    r.outcome === 'up-to-date'
      ? 'up to date'
      : `+${r.inserted.toLocaleString('en-US')} new, ${r.updated} updated (${requests(r.requests)})`;
  return `${r.label}: ${change}; ${stored}${r.note ? ` [${r.note}]` : ''}`;
}

/** Progress bars and notices for a download, on stderr. */
export function progressHooks(stderr: NodeJS.WriteStream): DownloadHooks {
  const bars = new Map<string, ProgressBar>();
  return {
    onSeriesStart: ({ label }) => bars.set(label, new ProgressBar({ label, stream: stderr })),
    onProgress: (p) =>
      bars.get(p.label)?.update({ fraction: p.fraction, done: p.rows, total: p.expectedRows }),
    onSeriesEnd: (r) => bars.get(r.label)?.finish(`(${requests(r.requests)})`),
    onNotice: (message) => stderr.write(`note: ${message}\n`),
    onRetry: (n) =>
      stderr.write(
        `retry: ${n.label}: attempt ${n.attempt} failed (${n.error.constructor.name}); waiting ${Math.round(n.delayMs / 100) / 10}s\n`,
      ),
  };
}

/** `nmrbot data download`: market history from a ccxt exchange into the store, resumable. */
export function registerDataDownload(data: Command): void {
  data
    .command('download')
    .description(
      'download candles, funding, mark-price candles and open interest through ccxt into the store; ' +
        'a second run continues where the store ends',
    )
    .option('--since <when>', 'start: a look-back (18mo, 30d, 12h) or a date (default: data.history, 18mo)')
    .option('--until <iso>', 'end (exclusive) as an ISO date/time; default now')
    .option('--exchange <id>', 'ccxt exchange id (default: exchange.id, binanceusdm)')
    .option('--symbol <symbol>', 'ccxt unified symbol (default: exchange.symbol, NMR/USDT:USDT)')
    .option(
      '--what <list>',
      `series to fetch, comma-separated (${DOWNLOAD_KINDS.join(',')})`,
      DOWNLOAD_KINDS.join(','),
    )
    .option('--timeframe <tf>', 'candle timeframe', '1m')
    .option('--mark-timeframe <tf>', 'mark-price candle timeframe (default: --timeframe)')
    .option('--oi-period <tf>', 'open-interest period (Binance: 5m .. 1d)', '5m')
    .option('--limit <n>', "candles per request (default: ccxt's per-call maximum for the exchange)")
    .option('--base-url <url>', 'send every request to this base URL (a proxy or a local exchange double)')
    .option('--rate-limit-ms <ms>', "override ccxt's minimum spacing between requests (ms)")
    .option('--retries <n>', 'attempts per request on network errors and rate limits', '5')
    .action(async (flags: Partial<DownloadFlags>, cmd: Command) => {
      const { config } = configForCommand(cmd);
      const clock = new WallClock();
      const options = downloadOptionsFromFlags(
        {
          ...flags,
          since: flags.since ?? config.data.history,
          exchange: flags.exchange ?? config.exchange.id,
          symbol: flags.symbol ?? config.exchange.symbol,
          what: flags.what ?? DOWNLOAD_KINDS.join(','),
          timeframe: flags.timeframe ?? '1m',
          oiPeriod: flags.oiPeriod ?? '5m',
          retries: flags.retries ?? '5',
        },
        clock.now(),
      );
      const abort = new AbortController();
      const onSigint = (): void => {
        process.stderr.write('\nstopping after the current page (Ctrl-C again to quit at once)\n');
        abort.abort();
      };
      process.once('SIGINT', onSigint);
      try {
        await withStore(cmd, async (store) => {
          const report = await downloadMarketData(
            store,
            { ...options, clock, signal: abort.signal },
            progressHooks(process.stderr),
          );
          for (const r of report.series) process.stdout.write(`${summaryLine(r)}\n`);
        });
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
    });
}

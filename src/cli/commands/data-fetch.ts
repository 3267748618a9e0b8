import type { Command } from 'commander';
import { ConfigError, FeedUnavailableError, InputError } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import type { MarketStore } from '../../data/index.js';
import type { FeedCommand, FeedFetchSummary } from '../../feeds/feed.types.js';
import { configForCommand, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';
import { parseWhen } from '../backtest/backtest-spec.js';

/** The feeds, loaded on demand so a fetch of one never loads another's dependencies (viem, VADER). */
const FEEDS: Readonly<Record<FeedCommand['name'], () => Promise<FeedCommand>>> = {
  numerai: async () => (await import('../../feeds/numerai/index.js')).numeraiFeed,
  onchain: async () => (await import('../../feeds/onchain/index.js')).onchainFeed,
  sentiment: async () => (await import('../../feeds/sentiment/index.js')).sentimentFeed,
  calendar: async () => (await import('../../feeds/calendar/index.js')).calendarFeed,
};
const FEED_NAMES = Object.keys(FEEDS) as FeedCommand['name'][];

interface FetchFlags {
  since?: string;
  baseUrl?: string;
}

/** `nmrbot data fetch <feed...>`: Numerai, on-chain, sentiment and calendar data into the store. */
export function registerDataFetch(data: Command): void {
  data
    .command('fetch')
    .description(
      'fetch alternative data into the store: numerai (network health, rounds), onchain (NMR flows), sentiment (Reddit, forum, news), calendar (your event file), or all',
    )
    .argument('<feeds...>', `one or more of ${FEED_NAMES.join(', ')}, or all`)
    .option('--since <when>', 'backfill from this date or look-back (default: resume after what is stored)')
    .option('--base-url <url>', 'fetch from this base URL instead (a proxy or a local double); one feed only')
    .action(async (names: string[], flags: FetchFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      const feeds = parseFeedNames(names);
      if (flags.baseUrl !== undefined && feeds.length > 1) {
        throw new InputError('--base-url applies to one feed at a time; name a single feed');
      }
      await withStore(cmd, async (store) => {
        const failed = await fetchFeeds(store, config, feeds, flags);
        if (failed.length > 0) {
          throw new FeedUnavailableError(
            `${failed.length} of ${feeds.length} feed(s) failed (${failed.join(', ')}); what the others fetched is stored`,
          );
        }
      });
    });
}

function parseFeedNames(names: readonly string[]): FeedCommand['name'][] {
  if (names.includes('all')) return FEED_NAMES;
  for (const n of names) {
    if (!(FEED_NAMES as readonly string[]).includes(n)) {
      throw new InputError(`unknown feed "${n}": use ${FEED_NAMES.join(', ')} or all`);
    }
  }
  return [...new Set(names)] as FeedCommand['name'][];
}

/**
 * Runs each feed in turn. A feed that fails is reported as a health warning and the others still
 * run: a dead feed leaves its signal family neutral and never stops trading on price.
 * @returns the feeds that failed
 */
async function fetchFeeds(
  store: MarketStore,
  config: NmrbotConfig,
  feeds: readonly FeedCommand['name'][],
  flags: FetchFlags,
): Promise<string[]> {
  const now = Date.now();
  const since = flags.since === undefined ? undefined : parseWhen('--since', flags.since, now);
  const failed: string[] = [];
  for (const name of feeds) {
    if (name !== 'calendar' && !config.feeds[name].enabled) {
      process.stderr.write(`note: feed ${name} is disabled in config (feeds.${name}.enabled); skipped\n`);
      continue;
    }
    const feed = await FEEDS[name]();
    let bar: ProgressBar | undefined;
    try {
      const summary = await feed.fetch(store, config, {
        since,
        baseUrl: flags.baseUrl,
        now,
        onProgress: (done, total, unit) => {
          bar ??= new ProgressBar({ label: name, unit });
          bar.update({ fraction: total ? done / total : 0, done, total });
        },
      });
      bar?.finish();
      printSummary(summary);
    } catch (err) {
      bar?.finish('failed');
      failed.push(name);
      process.stderr.write(
        `warning: feed ${name} failed: ${(err as Error).message}\n` +
          (err instanceof ConfigError ? err.issues.map((i) => `warning:   ${i}\n`).join('') : '') +
          `warning: its signal family stays neutral until a fetch succeeds; trading on price is not affected\n`,
      );
    }
  }
  return failed;
}

function printSummary(s: FeedFetchSummary): void {
  for (const line of s.lines) process.stdout.write(`${line}\n`);
  process.stdout.write(
    `${s.feed}: ${s.inserted} new, ${s.updated} updated, ${s.unchanged} unchanged rows in the store\n`,
  );
  for (const w of s.warnings) process.stderr.write(`warning: ${s.feed}: ${w}\n`);
}

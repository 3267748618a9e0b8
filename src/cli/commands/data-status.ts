import type { Command } from 'commander';
import { isoTime } from '../../core/index.js';
import { AltDataStore, type AltDataSpan } from '../../data/index.js';
import { collectSeriesStatus, formatStatusTable } from '../../data/status/index.js';
import { type FeedHealth, feedHealth } from '../../feeds/feed-health.js';
import { configForCommand, withStore } from '../context.js';

/** `nmrbot data status`: every stored series with its span, gaps and funding coverage, and the feeds. */
export function registerDataStatus(data: Command): void {
  data
    .command('status')
    .description(
      'list every stored series (rows, span, gaps, funding intervals and coverage) and the health of each feed',
    )
    .option('--json', 'print JSON: { series, altData, feeds }')
    .action((flags: { json?: boolean }, cmd: Command) => {
      const { config } = configForCommand(cmd);
      return withStore(cmd, (store) => {
        const statuses = collectSeriesStatus(store);
        const spans = new AltDataStore(store.db).spans();
        const enabled = {
          numerai: config.feeds.numerai.enabled,
          onchain: config.feeds.onchain.enabled,
          sentiment: config.feeds.sentiment.enabled,
        };
        const feeds = feedHealth(spans, enabled, Date.now());
        if (flags.json) {
          process.stdout.write(`${JSON.stringify({ series: statuses, altData: spans, feeds }, null, 2)}\n`);
          return;
        }
        if (statuses.length === 0) {
          process.stdout.write(
            `The store ${store.path} holds no market series yet. Add data with: nmrbot data import <files...>\n`,
          );
        } else process.stdout.write(formatStatusTable(statuses));
        process.stdout.write(`\n${formatFeeds(spans, feeds)}`);
      });
    });
}

function formatFeeds(spans: readonly AltDataSpan[], feeds: readonly FeedHealth[]): string {
  const lines = ['Feeds'];
  for (const f of feeds)
    lines.push(`  ${f.feed.padEnd(10)} ${f.state.padEnd(8)} ${f.rows} rows  ${f.message}`);
  if (spans.length > 0) {
    lines.push(
      '',
      'Alternative data',
      '  source     key                              rows  events                          newest known',
    );
    for (const s of spans) {
      const events = `${isoTime(s.firstEvent).slice(0, 16)}..${isoTime(s.lastEvent).slice(0, 16)}`;
      lines.push(
        `  ${s.source.padEnd(10)} ${s.key.padEnd(32)} ${String(s.rows).padStart(5)}  ${events}  ${isoTime(s.lastAvailable).slice(0, 16)}${s.synthetic ? '  [SYNTHETIC]' : ''}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

import type { Transport } from 'viem';
import { isoTime, parseSince } from '../../core/index.js';
import type { FeedCommand, FeedFetchSummary } from '../feed.types.js';
import { defaultLabelsFile, loadWalletLabels, type WalletLabels } from './labels.js';
import { createOnchainRpc } from './rpc-client.js';
import { resolveRpcUrl } from './rpc-url.js';
import { type OnchainSyncResult, syncOnchain } from './sync.js';

export interface OnchainFeedDeps {
  /** A viem transport to use instead of `http(<RPC URL>)` (tests: `custom(provider)`); `--base-url` still wins. */
  readonly transport?: Transport;
  /** Where `feeds.onchain.rpcUrlEnv` is looked up; default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** The onchain feed with its RPC access injectable. */
export function createOnchainFeed(deps: OnchainFeedDeps = {}): FeedCommand {
  return {
    name: 'onchain',
    description:
      'NMR Transfer logs on Ethereum: hourly exchange inflow/outflow/netflow (and its z-score), whales, burns, Numerai flows',
    async fetch(store, config, options) {
      const cfg = config.feeds.onchain;
      if (!cfg.enabled) {
        return summary(undefined, undefined, [
          'the onchain feed is disabled (feeds.onchain.enabled: false); nothing fetched',
        ]);
      }
      const labels = loadWalletLabels(cfg.labelsFile ?? defaultLabelsFile());
      const rpc =
        deps.transport !== undefined && options.baseUrl === undefined
          ? createOnchainRpc({ transport: deps.transport })
          : createOnchainRpc({ url: resolveRpcUrl(cfg.rpcUrlEnv, deps.env ?? process.env, options.baseUrl) });
      const result = await syncOnchain({
        rpc,
        db: store.db,
        config: cfg,
        labels,
        since: options.since,
        defaultSince: parseSince(config.data.history, options.now ?? Date.now()),
        onProgress: options.onProgress,
      });
      return summary(result, { labels, where: rpc.where, confirmations: cfg.confirmations }, result.warnings);
    },
  };
}

/** `nmrbot data fetch onchain`. */
export const onchainFeed: FeedCommand = createOnchainFeed();

interface RunContext {
  readonly labels: WalletLabels;
  readonly where: string;
  readonly confirmations: number;
}

function summary(
  result: OnchainSyncResult | undefined,
  ctx: RunContext | undefined,
  warnings: readonly string[],
): FeedFetchSummary {
  const counts = result?.counts ?? { inserted: 0, updated: 0, unchanged: 0 };
  const lines: string[] = [];
  if (result !== undefined && ctx !== undefined) {
    const exchanges = new Set([...ctx.labels.exchanges.values()].map((l) => l.group)).size;
    lines.push(
      `labels: ${ctx.labels.exchanges.size} exchange wallets (${exchanges} exchanges) and ` +
        `${ctx.labels.numerai.size} Numerai wallets, version ${ctx.labels.version} as of ${ctx.labels.asOf}`,
    );
    if (result.fromBlock === undefined || result.toBlock === undefined) {
      lines.push(
        `head block ${result.head} via ${ctx.where}: no complete hour with ${ctx.confirmations} confirmations ` +
          'is due yet; nothing read',
      );
    } else {
      lines.push(
        `read Transfer logs of blocks ${result.fromBlock}-${result.toBlock} via ${ctx.where} ` +
          `(head ${result.head}, ${ctx.confirmations} confirmations)`,
        `hours ${isoTime(result.firstHour ?? 0)} to ${isoTime(result.lastHour ?? 0)} UTC: ${result.hours} ` +
          `aggregated, ${result.zRows} with an exchange_netflow_z`,
        `eth_getLogs: ${result.reader.calls} calls, ${result.reader.failures} failed, range halved ` +
          `${result.reader.halvings} times, now ${result.chunkBlocks} blocks per call`,
      );
      if (result.removedLogs > 0)
        lines.push(`dropped ${result.removedLogs} log(s) flagged removed (reorged away)`);
    }
    lines.push(`rows: ${counts.inserted} inserted, ${counts.updated} updated, ${counts.unchanged} unchanged`);
  }
  return { feed: 'onchain', ...counts, lines, warnings };
}

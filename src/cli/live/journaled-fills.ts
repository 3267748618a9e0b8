import type { JournalReader } from '../../journal/index.js';

/**
 * The exchange trade ids already journaled by earlier live runs of one account, and the time of the
 * newest: reconciliation journals only the exchange's trades missing from here.
 */
export async function journaledFills(
  journal: JournalReader,
  exchange: string,
  symbol: string,
): Promise<{ tradeIds: Set<string>; lastTime: number | undefined }> {
  const tradeIds = new Set<string>();
  let lastTime: number | undefined;
  const runs = (await journal.listRuns({ kind: 'live' })).filter(
    (r) => r.exchange === exchange && r.symbol === symbol,
  );
  for (const run of runs) {
    for (const fill of await journal.fills(run.id)) {
      tradeIds.add(fill.tradeId);
      // Synthetic fills (an adopted position) are the bot's bookkeeping, not exchange trades.
      if (!fill.tradeId.startsWith('reconcile-')) lastTime = Math.max(lastTime ?? -Infinity, fill.time);
    }
  }
  return { tradeIds, lastTime };
}

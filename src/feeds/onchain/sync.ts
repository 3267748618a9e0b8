import type Database from 'better-sqlite3';
import { parseUnits } from 'viem';
import type { NmrbotConfig } from '../../config/index.js';
import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { AltDataStore, type AltDatum, type UpsertCounts } from '../../data/index.js';
import { BlockClock } from './block-clock.js';
import { ChunkSize } from './chunk-size.js';
import { HourLedger, type HourMark } from './hour-ledger.js';
import { type HourSummary, ONCHAIN_KEYS, ONCHAIN_SOURCE, hourRows, netflowZRow } from './hour-rows.js';
import type { WalletLabels } from './labels.js';
import { type LogReaderStats, TransferLogReader } from './log-reader.js';
import { NetflowWindow } from './netflow-z.js';
import type { OnchainRpc, TransferLog } from './rpc-client.js';
import { type StartPoint, floorHour, resumeFromLedger, startAtTime } from './start-point.js';
import { TransferClassifier, emptyTotals } from './transfer-totals.js';

export type OnchainFeedConfig = NmrbotConfig['feeds']['onchain'];

/** NMR's decimals (fixed in the token contract). */
export const NMR_DECIMALS = 18;

export interface OnchainSyncInput {
  readonly rpc: OnchainRpc;
  readonly db: Database.Database;
  readonly config: OnchainFeedConfig;
  readonly labels: WalletLabels;
  /** Backfill from this time (epoch ms); without it, resume from the stored cursor, else `defaultSince`. */
  readonly since?: number | undefined;
  readonly defaultSince: number;
  readonly onProgress?: ((done: number, total: number | undefined, unit: string) => void) | undefined;
}

export interface OnchainSyncResult {
  readonly head: number;
  /** Blocks whose logs were read; undefined when no complete hour was due. */
  readonly fromBlock?: number | undefined;
  readonly toBlock?: number | undefined;
  readonly hours: number;
  readonly firstHour?: EpochMs | undefined;
  readonly lastHour?: EpochMs | undefined;
  readonly zRows: number;
  readonly counts: UpsertCounts;
  readonly removedLogs: number;
  readonly reader: Readonly<LogReaderStats>;
  readonly chunkBlocks: number;
  readonly warnings: readonly string[];
}

/**
 * One run of the onchain feed: reads NMR Transfer logs from the start hour up to the last complete
 * UTC hour whose last block has `confirmations` blocks on top, and stores that hour's rows. Rows and
 * the cursor are written after every chunk, so an interrupted run resumes where it stopped.
 */
export async function syncOnchain(input: OnchainSyncInput): Promise<OnchainSyncResult> {
  const { rpc, db, config } = input;
  const lag = Math.max(config.confirmations, 1);
  const clock = new BlockClock(rpc);
  const ledger = new HourLedger(db, config.tokenAddress);
  const alt = new AltDataStore(db);
  const reader = new TransferLogReader(
    rpc,
    config.tokenAddress,
    new ChunkSize(config.startChunkBlocks, config.minChunkBlocks),
  );
  const counts: UpsertCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const head = await rpc.headBlock();
  const idle = (warnings: readonly string[] = []): OnchainSyncResult => ({
    head,
    hours: 0,
    zRows: 0,
    counts,
    removedLogs: 0,
    reader: reader.stats,
    chunkBlocks: reader.chunkBlocks,
    warnings,
  });

  const tipConfirmed = head - lag;
  if (tipConfirmed < 0) return idle();
  // Hour H is complete and confirmed once its last block has `lag` blocks on top, i.e. once block
  // tipConfirmed + 1 is at or after H's end.
  const endLimit = floorHour(await clock.timestamp(tipConfirmed + 1));
  const start = await findStart(input, clock, ledger, head, lag);
  if (start === undefined || start.hourStart + HOUR_MS > endLimit) return idle(start?.warnings);

  const startBlock = await clock.firstAtOrAfter(start.hourStart, 0, tipConfirmed + 1);
  const endBlock = (await clock.firstAtOrAfter(endLimit, startBlock, tipConfirmed + 1)) - 1;
  const window = preloadWindow(alt, config.zWindowHours, start.hourStart);
  const classifier = new TransferClassifier(
    input.labels,
    parseUnits(String(config.whaleThresholdNmr), NMR_DECIMALS),
  );

  let hour = { start: start.hourStart, first: startBlock };
  let pending: TransferLog[] = [];
  let hours = 0;
  let zRows = 0;
  let removedLogs = 0;
  let undecodable = 0;
  let duplicates = 0;
  for (let readFrom = startBlock; readFrom <= endBlock;) {
    const chunk = await reader.next(readFrom, endBlock);
    removedLogs += chunk.removed;
    undecodable += chunk.undecodable;
    duplicates += chunk.duplicates;
    pending.push(...chunk.logs);
    const done: HourSummary[] = [];
    while (hour.start + HOUR_MS <= endLimit) {
      const nextFirst = await clock.firstAtOrAfter(hour.start + HOUR_MS, hour.first, endBlock + 1);
      const lastBlock = nextFirst - 1;
      if (lastBlock > chunk.toBlock) break;
      const totals = emptyTotals();
      for (const log of pending) if (log.blockNumber <= lastBlock) classifier.add(totals, log);
      pending = pending.filter((log) => log.blockNumber > lastBlock);
      done.push({
        hourStart: hour.start as EpochMs,
        availableAt: (await clock.timestamp(lastBlock + lag)) as EpochMs,
        firstBlock: hour.first,
        lastBlock,
        totals,
      });
      hour = { start: hour.start + HOUR_MS, first: nextFirst };
    }
    zRows += await persist(done, { db, alt, ledger, clock, window, config, counts });
    hours += done.length;
    clock.forgetBelow(hour.first - 1);
    readFrom = chunk.toBlock + 1;
    input.onProgress?.(chunk.toBlock - startBlock + 1, endBlock - startBlock + 1, 'blocks');
  }

  const warnings = [...start.warnings];
  if (undecodable > 0) {
    warnings.push(
      `${undecodable} log(s) of ${config.tokenAddress} did not decode as Transfer(from, to, value); skipped`,
    );
  }
  if (duplicates > 0) {
    warnings.push(`the RPC returned ${duplicates} log(s) twice in one answer; each was counted once`);
  }
  return {
    head,
    fromBlock: startBlock,
    toBlock: endBlock,
    hours,
    firstHour: start.hourStart as EpochMs,
    lastHour: (hour.start - HOUR_MS) as EpochMs,
    zRows,
    counts,
    removedLogs,
    reader: reader.stats,
    chunkBlocks: reader.chunkBlocks,
    warnings,
  };
}

async function findStart(
  input: OnchainSyncInput,
  clock: BlockClock,
  ledger: HourLedger,
  head: number,
  lag: number,
): Promise<StartPoint | undefined> {
  if (input.since !== undefined) return startAtTime(clock, input.since, head);
  return (await resumeFromLedger(clock, ledger, head, lag)) ?? startAtTime(clock, input.defaultSince, head);
}

/** Netflows of the `hours` hours before `startHour` already stored, for the first z-scores of this run. */
function preloadWindow(alt: AltDataStore, hours: number, startHour: number): NetflowWindow {
  const window = new NetflowWindow(hours);
  const from = startHour - hours * HOUR_MS;
  // availableAt >= eventTime, so every stored hour in the window has availableAt >= from.
  for (const row of alt.load(ONCHAIN_SOURCE, { from }, ONCHAIN_KEYS.exchangeNetflow)) {
    if (row.eventTime >= from && row.eventTime < startHour && row.value !== undefined) {
      window.set(row.eventTime, row.value);
    }
  }
  return window;
}

interface PersistContext {
  readonly db: Database.Database;
  readonly alt: AltDataStore;
  readonly ledger: HourLedger;
  readonly clock: BlockClock;
  readonly window: NetflowWindow;
  readonly config: OnchainFeedConfig;
  readonly counts: UpsertCounts;
}

/** Writes the hours' rows and ledger marks in one transaction; returns how many z rows it wrote. */
async function persist(done: readonly HourSummary[], ctx: PersistContext): Promise<number> {
  if (done.length === 0) return 0;
  const marks: HourMark[] = [];
  for (const h of done) {
    marks.push({
      hourStart: h.hourStart,
      firstBlock: h.firstBlock,
      lastBlock: h.lastBlock,
      lastHash: (await ctx.clock.block(h.lastBlock)).hash,
    });
  }
  const rows: AltDatum[] = [];
  let zRows = 0;
  for (const h of done) {
    const hourly = hourRows(h, NMR_DECIMALS, ctx.config.whaleThresholdNmr);
    rows.push(...hourly);
    const netflow = hourly.find((r) => r.key === ONCHAIN_KEYS.exchangeNetflow)?.value ?? 0;
    ctx.window.set(h.hourStart, netflow);
    const score = ctx.window.zAt(h.hourStart);
    if (score !== undefined) {
      rows.push(netflowZRow(h, score, ctx.config.zWindowHours));
      zRows++;
    }
  }
  ctx.db.transaction(() => {
    const c = ctx.alt.upsert(rows);
    ctx.counts.inserted += c.inserted;
    ctx.counts.updated += c.updated;
    ctx.counts.unchanged += c.unchanged;
    ctx.ledger.record(marks);
  })();
  return zRows;
}

import { type EpochMs, VenueRejectedError, WallClock } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import { AltDataStore, type AltDatum, type MarketStore, type UpsertCounts } from '../../data/index.js';
import type { FeedCommand, FeedFetchOptions, FeedFetchSummary } from '../feed.types.js';
import { fetchRoundDetails, listRounds } from './api.js';
import { DEFAULT_BACKFILL, describeScope, fetchScope, inScope } from './fetch-scope.js';
import { NumeraiClient, type NumeraiClientOptions } from './graphql-client.js';
import { networkHealthRows } from './health-rows.js';
import { NUMERAI_KEYS, NUMERAI_SOURCE } from './keys.js';
import { modelsToRead, readModelScores } from './model-scores.js';
import { calendarPoints, roundDetailPoints } from './round-points.js';
import { indexStored, stampRevisions } from './revisions.js';

export type NumeraiFeedConfig = NmrbotConfig['feeds']['numerai'];

/** What the feed takes besides its config section: test seams of the HTTP client, the default history. */
export interface NumeraiFetchDeps extends Pick<NumeraiClientOptions, 'sleep' | 'random' | 'onRetry'> {
  /** Look-back of a first backfill without --since (config `data.history`); default 18mo. */
  readonly history?: string;
}

const add = (a: UpsertCounts, b: UpsertCounts): UpsertCounts => ({
  inserted: a.inserted + b.inserted,
  updated: a.updated + b.updated,
  unchanged: a.unchanged + b.unchanged,
});

/** Every stored numerai row except network health (its inputs and the model scores). */
const storedRaw = (alt: AltDataStore): AltDatum[] =>
  alt.load(NUMERAI_SOURCE).filter((d) => d.key !== NUMERAI_KEYS.networkHealth);

/**
 * One `nmrbot data fetch numerai`: the round calendar, round details of resolved rounds, meta-model
 * and benchmark scores, then network health recomputed over everything stored. Items the API refuses
 * (a model not found, a round without details) become warnings; an unreachable API or schema drift
 * throws.
 */
export async function fetchNumerai(
  store: MarketStore,
  cfg: NumeraiFeedConfig,
  options: FeedFetchOptions,
  deps: NumeraiFetchDeps = {},
): Promise<FeedFetchSummary> {
  const now = (options.now ?? new WallClock().now()) as EpochMs;
  const tournament = cfg.tournament;
  const { history = DEFAULT_BACKFILL, ...seams } = deps;
  const client = new NumeraiClient({
    url: options.baseUrl ?? cfg.url,
    timeoutMs: cfg.timeoutMs,
    retries: cfg.retries,
    backoffMs: cfg.backoffMs,
    ...seams,
  });
  const alt = new AltDataStore(store.db);
  const stored = storedRaw(alt);
  const scope = fetchScope(stored, options.since, now, cfg.rereadRounds, history);
  const lines = [`numerai: tournament ${tournament}, ${describeScope(scope)}`];
  const warnings: string[] = [];

  const rounds = (await listRounds(client, tournament)).filter((r) => inScope(scope, r.number, r.openTime));
  const calendar = rounds.flatMap((r) => calendarPoints(r, tournament));
  const resolved = rounds.filter((r) => r.resolvedGeneral);
  const models = modelsToRead(cfg.metaModel, cfg.benchmarkModels);
  const total = resolved.length + models.length;
  let done = 0;
  const progress = (): void => options.onProgress?.(++done, total, 'queries');

  const details: AltDatum[] = [];
  for (const r of resolved) {
    try {
      details.push(...roundDetailPoints(await fetchRoundDetails(client, r.number, tournament), tournament));
    } catch (err) {
      if (!(err instanceof VenueRejectedError)) throw err;
      warnings.push(`numerai: details of round ${r.number} skipped: ${err.message}`);
    }
    progress();
  }
  const scores = await readModelScores(client, models, tournament, scope, progress);
  warnings.push(...scores.warnings);
  for (const field of client.droppedFields('roundDetails')) {
    warnings.push(
      `numerai: the API has no roundDetails.${field}; burn ratios are net burns from totalPayout`,
    );
  }

  const raw = stampRevisions([...details, ...scores.rows], indexStored(stored), now);
  const { counts, health } = store.transaction(() => {
    const written = alt.upsert([...calendar, ...raw]);
    const healthRows = networkHealthRows(alt, cfg.healthWindowRounds);
    return { counts: add(written, alt.upsert(healthRows)), health: healthRows };
  });

  const detailRounds = details.map((d) => (d.payload as { round: number }).round);
  lines.push(
    `rounds listed in range: ${rounds.length} (${resolved.length} resolved); calendar rows: ${calendar.length}`,
    detailRounds.length > 0
      ? `round details: ${new Set(detailRounds).size} resolved rounds (${Math.min(...detailRounds)}-${Math.max(...detailRounds)})`
      : 'round details: none in range',
    ...scores.lines,
    describeHealth(health),
  );
  return { feed: 'numerai', ...counts, lines, warnings };
}

function describeHealth(rows: readonly AltDatum[]): string {
  const last = rows.at(-1);
  if (!last) return 'network_health: no points yet (not enough resolved rounds)';
  const round = (last.payload as { round: number }).round;
  return `network_health: ${rows.length} points; latest round ${round} = ${(last.value ?? 0).toFixed(4)}`;
}

/** `nmrbot data fetch numerai`. */
export const numeraiFeed: FeedCommand = {
  name: 'numerai',
  description:
    'Numerai tournament: round calendar, stakes, payouts, burns and meta-model CORR, combined into network_health',
  fetch: (store, config, options) => {
    if (!config.feeds.numerai.enabled) {
      const warning = 'the numerai feed is disabled (feeds.numerai.enabled: false); nothing fetched';
      return Promise.resolve({
        feed: 'numerai',
        inserted: 0,
        updated: 0,
        unchanged: 0,
        lines: [],
        warnings: [warning],
      });
    }
    return fetchNumerai(store, config.feeds.numerai, options, { history: config.data.history });
  },
};

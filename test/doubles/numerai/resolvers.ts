import type { DoubleModelRound, DoubleRound, NumeraiDoubleData } from './double.types.js';

/**
 * The root fields of the double: each returns full wire objects (every field of its type); the
 * server then projects them onto the query's selection. A `GraphqlFieldError` becomes an entry of
 * `errors` with `data.<field>: null`, as Numerai answers a lookup that finds nothing.
 */

export class GraphqlFieldError extends Error {
  override readonly name = 'GraphqlFieldError';
}

export interface ResolveContext {
  readonly data: NumeraiDoubleData;
  /** The double's now (Infinity when no cut-off). */
  readonly now: number;
}

type Args = Readonly<Record<string, unknown>>;
type Wire = Record<string, unknown>;

export interface RootField {
  readonly args: readonly string[];
  readonly required: readonly string[];
  resolve(args: Args, ctx: ResolveContext): unknown;
}

const iso = (t: number | null): string | null =>
  t === null ? null : new Date(t).toISOString().replace('.000Z', 'Z');
const isResolved = (r: DoubleRound, now: number): boolean => r.roundResolved && r.resolveTime <= now;
const isClosed = (r: DoubleRound, now: number): boolean => r.closeTime <= now;

function listedRounds(ctx: ResolveContext, tournament: unknown): DoubleRound[] {
  if (tournament !== undefined && tournament !== null && tournament !== ctx.data.tournament) return [];
  return ctx.data.rounds.filter((r) => r.openTime <= ctx.now);
}

function roundWire(r: DoubleRound, ctx: ResolveContext): Wire {
  const closed = isClosed(r, ctx.now);
  const resolved = isResolved(r, ctx.now);
  return {
    id: r.id,
    tournament: ctx.data.tournament,
    number: r.number,
    target: r.target,
    closeTime: iso(r.closeTime),
    closeStakingTime: iso(r.closeStakingTime),
    openTime: iso(r.openTime),
    scoreTime: iso(r.scoreTime),
    resolveTime: iso(r.resolveTime),
    resolvedGeneral: r.resolvedGeneral && resolved,
    resolvedStaking: r.resolvedStaking && resolved,
    payoutFactor: closed ? r.payoutFactor : null,
    stakeThreshold: r.stakeThreshold,
    minCorrMultiplier: null,
    maxCorrMultiplier: null,
    defaultCorrMultiplier: null,
    minMmcMultiplier: null,
    maxMmcMultiplier: null,
    defaultMmcMultiplier: null,
    dataDatestamp: null,
  };
}

function roundDetailsWire(r: DoubleRound, ctx: ResolveContext): Wire {
  const closed = isClosed(r, ctx.now);
  const resolved = isResolved(r, ctx.now);
  return {
    roundNumber: r.number,
    roundResolved: resolved,
    roundTarget: r.target,
    openTime: iso(r.openTime),
    closeTime: iso(r.closeTime),
    scoreTime: iso(r.scoreTime),
    roundResolveTime: iso(r.resolveTime),
    payoutFactor: closed ? r.payoutFactor : '0',
    totalAtStake: closed ? r.totalAtStake : '0',
    totalPayout: resolved ? r.totalPayout : null,
    totalBurned: resolved ? r.totalBurned : null,
    totalEarned: null,
    totalStakes: closed ? r.totalStakes : 0,
    totalSubmitted: r.totalSubmitted,
    // The per-model breakdown is not served (no file holds it for these rounds).
    models: [],
  };
}

function performanceWire(p: DoubleModelRound, ctx: ResolveContext): Wire {
  const resolved = p.roundResolveTime <= ctx.now;
  const date = iso(p.roundResolveTime);
  return {
    atRisk: null,
    corrMultiplier: null,
    mmcMultiplier: null,
    roundPayoutFactor: null,
    roundNumber: p.roundNumber,
    roundOpenTime: iso(p.roundOpenTime),
    roundResolveTime: iso(p.roundResolveTime),
    roundResolved: resolved,
    roundTarget: null,
    submissionScores: resolved
      ? p.scores.map((s) => ({
          date,
          day: s.day,
          displayName: s.displayName,
          payoutPending: null,
          payoutSettled: null,
          percentile: s.percentile,
          value: s.value,
        }))
      : [],
  };
}

const ROUND_STATUSES = ['UPCOMING', 'OPEN', 'RESOLVING', 'RESOLVED'] as const;

function hasStatus(r: DoubleRound, status: unknown, ctx: ResolveContext): boolean {
  if (status === undefined || status === null) return true;
  if (!ROUND_STATUSES.includes(status as (typeof ROUND_STATUSES)[number])) {
    throw new GraphqlFieldError(`Argument "status" has invalid value ${JSON.stringify(status)}.`);
  }
  if (status === 'UPCOMING') return false;
  if (status === 'OPEN') return !isClosed(r, ctx.now);
  if (status === 'RESOLVED') return isResolved(r, ctx.now);
  return isClosed(r, ctx.now) && !isResolved(r, ctx.now);
}

export const ROOT_FIELDS: Readonly<Record<string, RootField>> = {
  rounds: {
    args: ['tournament', 'number', 'target', 'status', 'limit'],
    required: [],
    resolve(args, ctx) {
      let rows = listedRounds(ctx, args['tournament']).filter((r) => hasStatus(r, args['status'], ctx));
      const number = args['number'];
      if (number === 0) rows = rows.slice(-1);
      else if (typeof number === 'number') rows = rows.filter((r) => r.number === number);
      if (typeof args['target'] === 'string') rows = rows.filter((r) => r.target === args['target']);
      rows = rows.slice().reverse(); // newest first
      if (typeof args['limit'] === 'number') rows = rows.slice(0, args['limit']);
      return rows.map((r) => roundWire(r, ctx));
    },
  },
  roundDetails: {
    args: ['roundNumber', 'tournament'],
    required: ['roundNumber'],
    resolve(args, ctx) {
      const r = listedRounds(ctx, args['tournament']).find((x) => x.number === args['roundNumber']);
      if (!r) throw new GraphqlFieldError(`Round ${String(args['roundNumber'])} not found`);
      return roundDetailsWire(r, ctx);
    },
  },
  v3UserProfile: {
    args: ['modelName'],
    required: ['modelName'],
    resolve(args, ctx) {
      const name = String(args['modelName']).toLowerCase();
      const model = ctx.data.models.find((m) => m.name === name);
      if (!model) throw new GraphqlFieldError(`Model ${String(args['modelName'])} not found`);
      return { id: model.id, username: model.name };
    },
  },
  v2RoundModelPerformances: {
    args: ['modelId', 'tournament'],
    required: ['modelId'],
    resolve(args, ctx) {
      const model = ctx.data.models.find((m) => m.id === args['modelId']);
      if (!model) throw new GraphqlFieldError(`Model ${String(args['modelId'])} not found`);
      const tournament = args['tournament'];
      if (tournament !== undefined && tournament !== null && tournament !== ctx.data.tournament) return [];
      return model.rounds
        .filter((p) => p.roundOpenTime <= ctx.now)
        .map((p) => performanceWire(p, ctx))
        .reverse();
    },
  },
};

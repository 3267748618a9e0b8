import type { EpochMs } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';
import { CALENDAR_KEYS, CALENDAR_SOURCE, NUMERAI_KEYS, NUMERAI_SOURCE, benchmarkKey } from './keys.js';
import type { NumeraiRound, NumeraiRoundDetails, NumeraiRoundPerformance } from './queries.js';
import { pickScore } from './scores.js';

/**
 * API rows to store rows. The availableAt rule: a round's results (stakes, payouts, burns, scores)
 * are public when the round resolves, so they become available at its resolve time, or at the
 * score's date when that is later; never earlier. Calendar rows are known once the round is listed,
 * at its open time.
 */

export interface RoundPayload {
  readonly round: number;
  readonly tournament: number;
}

/** The round's close and resolve times as calendar events, available from its open time. */
export function calendarPoints(r: NumeraiRound, tournament: number): AltDatum[] {
  const payload: RoundPayload = { round: r.number, tournament };
  const at = (key: string, eventTime: EpochMs): AltDatum => ({
    source: CALENDAR_SOURCE,
    key,
    eventTime,
    availableAt: r.openTime,
    value: r.number,
    payload,
  });
  return [at(CALENDAR_KEYS.close, r.closeTime), at(CALENDAR_KEYS.resolve, r.resolveTime)];
}

/** Burned NMR over staked NMR: gross burns when the API reports them, else the net burn. */
export function burnRatio(d: NumeraiRoundDetails): { value: number; basis: 'gross' | 'net' } | undefined {
  const staked = d.totalAtStake;
  if (staked === null || !(staked > 0)) return undefined;
  if (d.totalBurned !== null && d.totalBurned !== undefined)
    return { value: d.totalBurned / staked, basis: 'gross' };
  if (d.totalPayout !== null) return { value: Math.max(0, -d.totalPayout) / staked, basis: 'net' };
  return undefined;
}

/** Stake, payout factor, payout and burn ratio of a resolved round (nothing for an unresolved one). */
export function roundDetailPoints(d: NumeraiRoundDetails, tournament: number): AltDatum[] {
  if (!d.roundResolved) return [];
  const payload: RoundPayload = { round: d.roundNumber, tournament };
  const point = (key: string, value: number, extra: object = {}): AltDatum => ({
    source: NUMERAI_SOURCE,
    key,
    eventTime: d.roundResolveTime,
    availableAt: d.roundResolveTime,
    value,
    payload: { ...payload, ...extra },
  });
  const rows: AltDatum[] = [];
  if (d.payoutFactor !== null) rows.push(point(NUMERAI_KEYS.payoutFactor, d.payoutFactor));
  if (d.totalAtStake !== null) rows.push(point(NUMERAI_KEYS.totalAtStake, d.totalAtStake));
  if (d.totalPayout !== null) rows.push(point(NUMERAI_KEYS.totalPayout, d.totalPayout));
  const burn = burnRatio(d);
  if (burn) rows.push(point(NUMERAI_KEYS.burnRatio, burn.value, { basis: burn.basis }));
  return rows;
}

/** Whose scores these are: the meta model (CORR only) or a benchmark (CORR and MMC). */
export type ModelRole = 'meta' | 'benchmark';

/** The final CORR (and MMC for benchmarks) of a model in a resolved round. */
export function scorePoints(
  p: NumeraiRoundPerformance,
  model: string,
  role: ModelRole,
  tournament: number,
): AltDatum[] {
  if (!p.roundResolved) return [];
  const kinds = role === 'meta' ? (['corr'] as const) : (['corr', 'mmc'] as const);
  const rows: AltDatum[] = [];
  for (const kind of kinds) {
    const score = pickScore(p.submissionScores ?? [], kind);
    if (!score) continue;
    rows.push({
      source: NUMERAI_SOURCE,
      key: role === 'meta' ? NUMERAI_KEYS.swmmCorr : benchmarkKey(kind, model),
      eventTime: p.roundResolveTime,
      availableAt: Math.max(p.roundResolveTime, score.date ?? p.roundResolveTime) as EpochMs,
      value: score.value,
      payload: { round: p.roundNumber, tournament, model, displayName: score.displayName, day: score.day },
    });
  }
  return rows;
}

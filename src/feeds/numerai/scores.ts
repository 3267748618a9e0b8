import type { NumeraiSubmissionScore } from './queries.js';

/**
 * Which `submissionScores` entry is a round's CORR or MMC. Numerai renames its scores with each scoring
 * version (`corr` in 2019-2022, `corr20`, `v2_corr20` / `corr20V2`, `canon_corr` today), so names
 * are compared without case or punctuation, newest scheme first, then by a loose pattern.
 */
export const SCORE_NAMES = {
  corr: ['canon_corr', 'corr20v2', 'v2_corr20', 'corr20', 'corr'],
  mmc: ['canon_mmc', 'mmc20v2', 'v2_mmc20', 'mmc20', 'mmc'],
} as const;
export type ScoreKind = keyof typeof SCORE_NAMES;

const LOOSE: Readonly<Record<ScoreKind, RegExp>> = {
  corr: /^(v\d+)?(canon)?corr(20|60)?(v\d+)?$/,
  mmc: /^(v\d+)?(canon)?mmc(20|60)?(v\d+)?$/,
};

const normal = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

export interface PickedScore {
  readonly displayName: string;
  readonly value: number;
  readonly day: number | null;
  readonly date: number | null;
}

function rank(kind: ScoreKind, displayName: string): number {
  const n = normal(displayName);
  const exact = SCORE_NAMES[kind].findIndex((name) => normal(name) === n);
  if (exact >= 0) return exact;
  return LOOSE[kind].test(n) ? SCORE_NAMES[kind].length : -1;
}

/**
 * The round's `kind` score: the best-ranked name present, and of its daily values the latest
 * scoring day (then the latest date). Undefined when no entry matches or has a value.
 */
export function pickScore(
  scores: readonly NumeraiSubmissionScore[],
  kind: ScoreKind,
): PickedScore | undefined {
  let best: { rank: number; score: PickedScore } | undefined;
  for (const s of scores) {
    const r = rank(kind, s.displayName);
    if (r < 0 || s.value === null || !Number.isFinite(s.value)) continue;
    const score: PickedScore = {
      displayName: s.displayName,
      value: s.value,
      day: s.day ?? null,
      date: s.date,
    };
    const later =
      best !== undefined &&
      r === best.rank &&
      ((score.day ?? -1) > (best.score.day ?? -1) ||
        ((score.day ?? -1) === (best.score.day ?? -1) && (score.date ?? -1) > (best.score.date ?? -1)));
    if (best === undefined || r < best.rank || later) best = { rank: r, score };
  }
  return best?.score;
}

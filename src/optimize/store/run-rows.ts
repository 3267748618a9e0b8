import type { OptimizeRunDescription, OptimizeRunRecord, OptimizeRunStatus } from './optimize-store.types.js';

/** An `optimize_runs` row with its trial count and best score, as both backends return it. */
export interface RunRow {
  id: string;
  key: string;
  seq: number;
  created_at: number;
  finished_at: number | null;
  status: OptimizeRunStatus;
  description: string;
  trials: number;
  best_score: number | null;
}

export function runOf(row: RunRow): OptimizeRunRecord {
  const best = row.best_score;
  return {
    id: row.id,
    key: row.key,
    seq: Number(row.seq),
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? undefined : Number(row.finished_at),
    status: row.status,
    description: JSON.parse(row.description) as OptimizeRunDescription,
    trials: Number(row.trials),
    bestScore: best === null || best === -Infinity || Number.isNaN(best) ? undefined : best,
  };
}

import type pg from 'pg';
import { openJournalPool } from '../../journal/pg-connection.js';
import type { TrialResult } from '../job.js';
import { TRIAL_COLUMNS, type TrialRow, trialOf, trialValues } from './codec.js';
import {
  type OpenedRun,
  type OptimizeRunDescription,
  type OptimizeRunRecord,
  type OptimizeStore,
  optimizeRunId,
} from './optimize-store.types.js';
import { type RunRow, runOf } from './run-rows.js';

const UNIQUE_VIOLATION = '23505';

const RUN_SELECT = `SELECT r.*,
    (SELECT count(*) FROM optimize_trials t WHERE t.run_id = r.id) AS trials,
    (SELECT max(t.score) FILTER (WHERE t.score <> 'NaN') FROM optimize_trials t WHERE t.run_id = r.id) AS best_score
  FROM optimize_runs r`;

const INSERT_TRIAL = `INSERT INTO optimize_trials (${TRIAL_COLUMNS.join(', ')})
  VALUES (${TRIAL_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})
  ON CONFLICT (run_id, job_id) DO NOTHING`;

/** Optimize runs in PostgreSQL (`journal.url: postgres://...`), next to the journal's tables. */
export class PostgresOptimizeStore implements OptimizeStore {
  readonly pool: pg.Pool;
  readonly #owned: boolean;

  /** `owned`: `close()` ends the pool. */
  constructor(pool: pg.Pool, options: { owned?: boolean } = {}) {
    this.pool = pool;
    this.#owned = options.owned ?? false;
  }

  /** Connects and migrates like the journal; errors name `journal.url`, never the password. */
  static async connect(url: string): Promise<PostgresOptimizeStore> {
    return new PostgresOptimizeStore(await openJournalPool(url), { owned: true });
  }

  async openRun(
    key: string,
    description: OptimizeRunDescription,
    options: { resume?: boolean } = {},
  ): Promise<OpenedRun> {
    if (options.resume ?? true) {
      const { rows } = await this.pool.query<{ id: string }>(
        'SELECT id FROM optimize_runs WHERE key = $1 ORDER BY seq DESC LIMIT 1',
        [key],
      );
      const id = rows[0]?.id;
      if (id !== undefined) {
        const stored = new Map((await this.trials(id)).map((t) => [t.jobId, t]));
        return { runId: id, resumed: true, stored };
      }
    }
    // Another process may take the same seq at the same moment: the unique (key, seq) refuses one, which retries.
    for (let attempt = 0; ; attempt++) {
      const { rows } = await this.pool.query<{ seq: number | null }>(
        'SELECT max(seq) AS seq FROM optimize_runs WHERE key = $1',
        [key],
      );
      const seq = (rows[0]?.seq ?? 0) + 1;
      const runId = optimizeRunId(key, seq);
      try {
        await this.pool.query(
          `INSERT INTO optimize_runs (id, key, seq, created_at, status, description)
           VALUES ($1, $2, $3, $4, 'running', $5)`,
          [runId, key, seq, Date.now(), JSON.stringify(description)],
        );
        return { runId, resumed: false, stored: new Map() };
      } catch (err) {
        if ((err as { code?: string }).code !== UNIQUE_VIOLATION || attempt >= 4) throw err;
      }
    }
  }

  async saveTrial(runId: string, result: TrialResult): Promise<void> {
    await this.pool.query(INSERT_TRIAL, trialValues(runId, result, Date.now()));
  }

  async finishRun(runId: string, finishedAt = Date.now()): Promise<void> {
    await this.pool.query("UPDATE optimize_runs SET status = 'finished', finished_at = $1 WHERE id = $2", [
      finishedAt,
      runId,
    ]);
  }

  async listRuns(): Promise<OptimizeRunRecord[]> {
    const { rows } = await this.pool.query<RunRow>(
      `${RUN_SELECT} ORDER BY r.created_at DESC, r.id COLLATE "C" DESC`,
    );
    return rows.map(runOf);
  }

  async run(runId: string): Promise<OptimizeRunRecord | undefined> {
    const { rows } = await this.pool.query<RunRow>(`${RUN_SELECT} WHERE r.id = $1`, [runId]);
    const row = rows[0];
    return row && runOf(row);
  }

  async trials(runId: string): Promise<TrialResult[]> {
    const { rows } = await this.pool.query<TrialRow>(
      'SELECT * FROM optimize_trials WHERE run_id = $1 ORDER BY job_id',
      [runId],
    );
    return rows.map(trialOf);
  }

  async close(): Promise<void> {
    if (this.#owned) await this.pool.end();
  }
}

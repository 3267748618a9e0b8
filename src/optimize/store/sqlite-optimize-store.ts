import type Database from 'better-sqlite3';
import { migrate } from '../../data/store/migrations.js';
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

const RUN_SELECT = `SELECT r.*,
    (SELECT count(*) FROM optimize_trials t WHERE t.run_id = r.id) AS trials,
    (SELECT max(t.score) FROM optimize_trials t WHERE t.run_id = r.id) AS best_score
  FROM optimize_runs r`;

/** Optimize runs in a SQLite database: the market store's file or `journal.url: sqlite:<path>`. */
export class SqliteOptimizeStore implements OptimizeStore {
  readonly db: Database.Database;
  readonly #owned: boolean;
  readonly #insertTrial: Database.Statement;

  /** `owned`: `close()` closes the database too (a file opened for this store alone). */
  constructor(db: Database.Database, options: { owned?: boolean } = {}) {
    this.db = db;
    this.#owned = options.owned ?? false;
    migrate(db);
    this.#insertTrial = db.prepare(
      `INSERT OR IGNORE INTO optimize_trials (${TRIAL_COLUMNS.join(', ')})
       VALUES (${TRIAL_COLUMNS.map(() => '?').join(', ')})`,
    );
  }

  openRun(
    key: string,
    description: OptimizeRunDescription,
    options: { resume?: boolean } = {},
  ): Promise<OpenedRun> {
    const open = this.db.transaction((): OpenedRun => {
      if (options.resume ?? true) {
        const id = this.db
          .prepare('SELECT id FROM optimize_runs WHERE key = ? ORDER BY seq DESC LIMIT 1')
          .pluck()
          .get(key) as string | undefined;
        if (id !== undefined) {
          const stored = new Map(this.#trials(id).map((t) => [t.jobId, t]));
          return { runId: id, resumed: true, stored };
        }
      }
      const seq =
        (this.db.prepare('SELECT max(seq) FROM optimize_runs WHERE key = ?').pluck().get(key) as
          number | null) ?? 0;
      const runId = optimizeRunId(key, seq + 1);
      this.db
        .prepare(
          `INSERT INTO optimize_runs (id, key, seq, created_at, status, description)
           VALUES (?, ?, ?, ?, 'running', ?)`,
        )
        .run(runId, key, seq + 1, Date.now(), JSON.stringify(description));
      return { runId, resumed: false, stored: new Map() };
    });
    return Promise.resolve(open.immediate());
  }

  saveTrial(runId: string, result: TrialResult): Promise<void> {
    try {
      this.#insertTrial.run(...trialValues(runId, result, Date.now()));
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err instanceof Error ? err : new Error(String(err)));
    }
  }

  finishRun(runId: string, finishedAt = Date.now()): Promise<void> {
    this.db
      .prepare("UPDATE optimize_runs SET status = 'finished', finished_at = ? WHERE id = ?")
      .run(finishedAt, runId);
    return Promise.resolve();
  }

  listRuns(): Promise<OptimizeRunRecord[]> {
    const rows = this.db.prepare(`${RUN_SELECT} ORDER BY r.created_at DESC, r.id DESC`).all() as RunRow[];
    return Promise.resolve(rows.map(runOf));
  }

  run(runId: string): Promise<OptimizeRunRecord | undefined> {
    const row = this.db.prepare(`${RUN_SELECT} WHERE r.id = ?`).get(runId) as RunRow | undefined;
    return Promise.resolve(row && runOf(row));
  }

  trials(runId: string): Promise<TrialResult[]> {
    return Promise.resolve(this.#trials(runId));
  }

  close(): Promise<void> {
    if (this.#owned) this.db.close();
    return Promise.resolve();
  }

  #trials(runId: string): TrialResult[] {
    const rows = this.db
      .prepare('SELECT * FROM optimize_trials WHERE run_id = ? ORDER BY job_id')
      .all(runId) as TrialRow[];
    return rows.map(trialOf);
  }
}

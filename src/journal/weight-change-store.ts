import type Database from 'better-sqlite3';
import { migrate } from '../data/index.js';
import type {
  CurrentWeights,
  FamilyWeightMap,
  WeightChange,
  WeightChangeInput,
  WeightChangeStore,
} from './weight-change.types.js';

export interface WeightChangeRow {
  id: number;
  time: number;
  run_id: string;
  old_weights: string;
  proposed: string;
  applied: number;
  evidence: string;
}

export interface CurrentWeightsRow {
  weights: string;
  change_id: number;
  updated_at: number;
}

/** The scope of `current_weights` the bot reads today (one account, one playbook). */
export const DEFAULT_WEIGHTS_SCOPE = 'default';

/**
 * The weekly review's journal in SQLite (migration 5): every proposal in `weight_changes`, and the
 * weights last applied in `current_weights`. Usually opened on the market store's file, beside the
 * trade journal (`new SqliteWeightChangeStore(marketStore.db)`).
 */
export class SqliteWeightChangeStore implements WeightChangeStore {
  readonly db: Database.Database;

  /** Brings the schema up to date (a no-op on a current store). */
  constructor(db: Database.Database) {
    this.db = db;
    migrate(db);
  }

  /**
   * Journals a proposal; when `applied`, also makes its weights the current ones of `scope`, in the
   * same transaction. Returns the new row's id.
   */
  record(change: WeightChangeInput, scope: string = DEFAULT_WEIGHTS_SCOPE): Promise<number> {
    const write = this.db.transaction((c: WeightChangeInput): number => {
      const info = this.db
        .prepare(
          `INSERT INTO weight_changes (time, run_id, old_weights, proposed, applied, evidence)
           VALUES (?, ?, ?, ?, ?, ?)`,
        )
        .run(
          c.time,
          c.runId,
          JSON.stringify(c.oldWeights),
          JSON.stringify(c.proposed),
          c.applied ? 1 : 0,
          JSON.stringify(c.evidence ?? null),
        );
      const id = Number(info.lastInsertRowid);
      if (c.applied) {
        this.db
          .prepare(
            'INSERT OR REPLACE INTO current_weights (scope, weights, change_id, updated_at) VALUES (?, ?, ?, ?)',
          )
          .run(scope, JSON.stringify(c.proposed), id, c.time);
      }
      return id;
    });
    return Promise.resolve(write(change));
  }

  /** Every journaled proposal, oldest first. */
  weightChanges(): Promise<WeightChange[]> {
    const rows = this.db.prepare('SELECT * FROM weight_changes ORDER BY id').all() as WeightChangeRow[];
    return Promise.resolve(rows.map(weightChangeOf));
  }

  /** The weights last applied in `scope`, or undefined when no review has applied any. */
  currentWeights(scope: string = DEFAULT_WEIGHTS_SCOPE): Promise<CurrentWeights | undefined> {
    const row = this.db
      .prepare('SELECT weights, change_id, updated_at FROM current_weights WHERE scope = ?')
      .get(scope) as CurrentWeightsRow | undefined;
    return Promise.resolve(row && currentWeightsOf(row));
  }
}

export function weightChangeOf(r: WeightChangeRow): WeightChange {
  return {
    id: r.id,
    time: r.time,
    runId: r.run_id,
    oldWeights: JSON.parse(r.old_weights) as FamilyWeightMap,
    proposed: JSON.parse(r.proposed) as FamilyWeightMap,
    applied: r.applied === 1,
    evidence: JSON.parse(r.evidence) as unknown,
  };
}

export function currentWeightsOf(r: CurrentWeightsRow): CurrentWeights {
  return {
    weights: JSON.parse(r.weights) as FamilyWeightMap,
    changeId: r.change_id,
    updatedAt: r.updated_at,
  };
}

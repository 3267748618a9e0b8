import type pg from 'pg';
import { openJournalPool } from './pg-connection.js';
import {
  type CurrentWeightsRow,
  DEFAULT_WEIGHTS_SCOPE,
  type WeightChangeRow,
  currentWeightsOf,
  weightChangeOf,
} from './weight-change-store.js';
import type {
  CurrentWeights,
  WeightChange,
  WeightChangeInput,
  WeightChangeStore,
} from './weight-change.types.js';

/**
 * The weekly review's journal in PostgreSQL (`weight_changes`, `current_weights` of `pg-migrations.ts`),
 * the same rows as `SqliteWeightChangeStore`. Share the trade store's pool
 * (`new PostgresWeightChangeStore(tradeStore.pool)`) or `connect` on its own.
 */
export class PostgresWeightChangeStore implements WeightChangeStore {
  readonly pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.pool = pool;
  }

  /** Connects, creates the schema and brings the tables up to date; errors name `journal.url`, never the password. */
  static async connect(url: string): Promise<PostgresWeightChangeStore> {
    return new PostgresWeightChangeStore(await openJournalPool(url));
  }

  async record(c: WeightChangeInput, scope: string = DEFAULT_WEIGHTS_SCOPE): Promise<number> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ id: number }>(
        `INSERT INTO weight_changes (time, run_id, old_weights, proposed, applied, evidence)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [
          c.time,
          c.runId,
          JSON.stringify(c.oldWeights),
          JSON.stringify(c.proposed),
          c.applied ? 1 : 0,
          JSON.stringify(c.evidence ?? null),
        ],
      );
      const id = rows[0]?.id ?? NaN;
      if (c.applied) {
        await client.query(
          `INSERT INTO current_weights (scope, weights, change_id, updated_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (scope) DO UPDATE SET weights = excluded.weights, change_id = excluded.change_id,
             updated_at = excluded.updated_at`,
          [scope, JSON.stringify(c.proposed), id, c.time],
        );
      }
      await client.query('COMMIT');
      return id;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  async weightChanges(): Promise<WeightChange[]> {
    const { rows } = await this.pool.query<WeightChangeRow>('SELECT * FROM weight_changes ORDER BY id');
    return rows.map(weightChangeOf);
  }

  async currentWeights(scope: string = DEFAULT_WEIGHTS_SCOPE): Promise<CurrentWeights | undefined> {
    const { rows } = await this.pool.query<CurrentWeightsRow>(
      'SELECT weights, change_id, updated_at FROM current_weights WHERE scope = $1',
      [scope],
    );
    const row = rows[0];
    return row && currentWeightsOf(row);
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

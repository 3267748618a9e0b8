import { VenueRejectedError } from '../../core/index.js';
import type { AltDatum } from '../../data/index.js';
import { fetchModelId, fetchModelPerformances } from './api.js';
import { type FetchScope, inScope } from './fetch-scope.js';
import type { NumeraiClient } from './graphql-client.js';
import { type ModelRole, scorePoints } from './round-points.js';

export interface ModelScores {
  readonly rows: AltDatum[];
  /** One summary line per model. */
  readonly lines: string[];
  /** Models that could not be read (not found, refused); the fetch goes on without them. */
  readonly warnings: string[];
}

/** The meta model first, then each benchmark not equal to it. */
export function modelsToRead(
  metaModel: string,
  benchmarks: readonly string[],
): { name: string; role: ModelRole }[] {
  return [
    { name: metaModel, role: 'meta' },
    ...benchmarks.filter((b) => b !== metaModel).map((name) => ({ name, role: 'benchmark' as const })),
  ];
}

/** Per-round scores of the meta model and benchmarks in scope. Unreachable API errors propagate. */
export async function readModelScores(
  client: NumeraiClient,
  models: readonly { name: string; role: ModelRole }[],
  tournament: number,
  scope: FetchScope,
  onModel: () => void,
): Promise<ModelScores> {
  const out: ModelScores = { rows: [], lines: [], warnings: [] };
  for (const { name, role } of models) {
    const label = role === 'meta' ? `meta model ${name}` : `benchmark model ${name}`;
    try {
      const id = await fetchModelId(client, name);
      if (id === undefined) {
        out.warnings.push(`numerai: ${label} not found; its scores are skipped`);
        continue;
      }
      const performances = await fetchModelPerformances(client, id, tournament);
      const rows = performances
        .filter((p) => inScope(scope, p.roundNumber, p.roundOpenTime ?? p.roundResolveTime))
        .flatMap((p) => scorePoints(p, name, role, tournament));
      out.rows.push(...rows);
      const rounds = new Set(rows.map((r) => (r.payload as { round: number }).round));
      out.lines.push(`${label}: ${rounds.size} resolved rounds scored`);
      if (role === 'meta' && rounds.size === 0 && performances.length > 0) {
        out.warnings.push(`numerai: ${label} has no resolved round with a CORR score in range`);
      }
    } catch (err) {
      if (!(err instanceof VenueRejectedError)) throw err;
      out.warnings.push(`numerai: ${label} skipped: ${err.message}`);
    } finally {
      onModel();
    }
  }
  return out;
}

import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';

/** Route → file name in the dashboard folder and its content type. */
const PAGES: readonly (readonly [string, string, string])[] = [
  ['/', 'index.html', 'text/html; charset=utf-8'],
  ['/dashboard.js', 'dashboard.js', 'text/javascript; charset=utf-8'],
  ['/dashboard.css', 'dashboard.css', 'text/css; charset=utf-8'],
];

/** Fixed route of the chart library's standalone build (it defines `window.LightweightCharts`). */
export const CHART_LIBRARY_ROUTE = '/assets/lightweight-charts.js';

/**
 * The dashboard folder: next to this module when run from `src/`; the build does not copy non-TS
 * files, so from `dist/api/` it falls back to the sources in `src/api/dashboard`.
 */
function dashboardDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const beside = join(here, 'dashboard');
  if (existsSync(join(beside, 'index.html'))) return beside;
  const fromDist = join(here, '..', '..', 'src', 'api', 'dashboard');
  if (existsSync(join(fromDist, 'index.html'))) return fromDist;
  throw new Error(`dashboard files not found in ${beside} or ${fromDist}`);
}

/** Mounts the dashboard page, its script, style and the chart library (read once, served from memory). */
export function mountDashboard(app: FastifyInstance): void {
  const dir = dashboardDir();
  for (const [route, file, type] of PAGES) {
    const body = readFileSync(join(dir, file));
    app.get(route, (_request, reply) => reply.type(type).send(body));
  }
  const require = createRequire(import.meta.url);
  const chartFile = join(
    dirname(require.resolve('lightweight-charts/package.json')),
    'dist',
    'lightweight-charts.standalone.production.js',
  );
  const chart = readFileSync(chartFile);
  app.get(CHART_LIBRARY_ROUTE, (_request, reply) => reply.type('text/javascript; charset=utf-8').send(chart));
}

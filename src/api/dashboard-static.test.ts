import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EpochMs } from '../core/index.js';
import { createApiServer, type ApiServer } from './api-server.js';
import { CHART_LIBRARY_ROUTE } from './dashboard-static.js';
import { InMemoryControls } from './in-memory-controls.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { SessionStateTracker } from './session-state-tracker.js';

let server: ApiServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(dashboard?: boolean): Promise<ApiServer> {
  const state = new SessionStateTracker({
    startingEquity: 1000,
    leverage: 2,
    leverageCap: 3,
    marginCapFraction: 0.4,
  });
  const controls = new InMemoryControls({ now: () => 0 as EpochMs, checkManual: () => ({ ok: true }) });
  server = await createApiServer({
    state,
    controls,
    tokenEnv: 'NMRBOT_TEST_UNSET_TOKEN',
    env: {},
    dashboard,
  });
  return server;
}

describe('dashboard static files', () => {
  it('serves the page, its script and style, and the chart library, all under the strict CSP', async () => {
    const { url } = await start();
    const expected: readonly (readonly [string, string, string])[] = [
      ['/', 'text/html', 'src/api/dashboard/index.html'],
      ['/dashboard.js', 'text/javascript', 'src/api/dashboard/dashboard.js'],
      ['/dashboard.css', 'text/css', 'src/api/dashboard/dashboard.css'],
      [
        CHART_LIBRARY_ROUTE,
        'text/javascript',
        'node_modules/lightweight-charts/dist/lightweight-charts.standalone.production.js',
      ],
    ];
    for (const [route, type, file] of expected) {
      const response = await fetch(url + route);
      expect(response.status, route).toBe(200);
      expect(response.headers.get('content-type'), route).toBe(`${type}; charset=utf-8`);
      expect(response.headers.get('content-security-policy'), route).toBe(
        SECURITY_HEADERS['content-security-policy'],
      );
      expect(await response.text(), route).toBe(readFileSync(file, 'utf8'));
    }
  });

  it('the page loads scripts only from its own origin and has no inline script', () => {
    const html = readFileSync('src/api/dashboard/index.html', 'utf8');
    const scripts = [...html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map((m) => /src="([^"]+)"/.exec(m[1] ?? '')?.[1])).toEqual([
      CHART_LIBRARY_ROUTE,
      '/dashboard.js',
    ]);
    expect(scripts.every((m) => (m[2] ?? '').trim() === '')).toBe(true);
    expect(html).not.toMatch(/\son[a-z]+=/i); // no inline event handlers either
  });

  it('is left out with dashboard: false', async () => {
    const { url } = await start(false);
    const response = await fetch(`${url}/`);
    expect(response.status).toBe(404);
  });
});

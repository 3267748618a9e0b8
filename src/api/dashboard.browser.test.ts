import fs from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured, type CliRun } from '../cli/run-captured.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN_ENV = 'NMRBOT_API_TOKEN'; // server.tokenEnv's default
const TOKEN = 'browser-test-token-5d1e';
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts');
const FILE = path.resolve(
  import.meta.dirname,
  '../../../shared/data/nmr/perp/binance-usdm/nmtrong062000-crypto_signal_scanner_2024-10_2025-10/NMRUSDT_15m_365.csv',
);
const hasChromium = fs.existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `dashboard browser test SKIPPED: ${CHROMIUM} is absent (apt-get install chromium; .ci/run does)`,
  );
}

/** A port that was free a moment ago (the CLI binds it next; a clash fails the test loudly). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForServer(url: string, run: { done: boolean }): Promise<void> {
  for (;;) {
    if (run.done) throw new Error('the paper session ended before its dashboard answered');
    try {
      if ((await fetch(`${url}/api/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe.skipIf(!hasChromium)(
  'dashboard in chromium against a replayed paper session (real NMRUSDT 15m)',
  () => {
    let dir: string;
    let browser: Browser;
    let page: Page;
    let url: string;
    let cli: Promise<CliRun>;
    const run = { done: false };
    let stopSession: () => void = () => undefined;
    const savedToken = process.env[TOKEN_ENV];

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-dashboard-'));
      const store = ['--store', path.join(dir, 'store.db')];
      const imported = await runCliCaptured([...store, 'data', 'import', '--exchange', 'binanceusdm', FILE]);
      expect(imported.code, imported.stderr).toBe(0);
      process.env[TOKEN_ENV] = TOKEN;
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      const before = new Set(process.listeners('SIGINT'));
      // 20000x: a 15m bar every 45 ms of wall time; the session runs until the test stops it.
      cli = runCliCaptured([
        ...store,
        'paper',
        '--replay',
        '--from',
        '2025-03-01',
        '--warm-up',
        '10d',
        '--speed',
        '20000',
        '--dashboard',
        String(port),
      ]).finally(() => {
        run.done = true;
      });
      await waitForServer(url, run);
      // The paper command's own Ctrl-C handler: calling it ends the session as Ctrl-C would.
      const added = process.listeners('SIGINT').filter((l) => !before.has(l));
      expect(added).toHaveLength(1);
      stopSession = () => (added[0] as () => void)();
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
      page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      stopSession();
      const result = await cli;
      if (savedToken === undefined) delete process.env[TOKEN_ENV];
      else process.env[TOKEN_ENV] = savedToken;
      fs.rmSync(dir, { recursive: true, force: true });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain(`dashboard: ${url}/`);
    }, 60_000);

    it('shows live values, refuses pause with a wrong token (401), pauses with the right one', async () => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        // The two refused pauses below are logged by chromium as failed loads; they are expected.
        if (m.type() === 'error' && !m.text().includes('status of 401')) errors.push(m.text());
      });
      await page.goto(`${url}/`);
      await page.waitForSelector('#connection.ok', { timeout: 20_000 });

      // Values update through the stream, without a reload.
      const MONEY = /^\d+\.\d\d$/;
      const equity = page.locator('#equity');
      await page.locator('#equity', { hasText: MONEY }).waitFor({ timeout: 20_000 });
      const first = (await equity.textContent()) ?? '';
      await page
        .locator('#equity', { hasText: MONEY })
        .filter({ hasNotText: new RegExp(`^${first.replace('.', '\\.')}$`) })
        .waitFor({ timeout: 30_000 });
      // The chart counts the points it was given: at least two once the equity moved.
      await page
        .locator('#equity-chart:not([data-points="0"]):not([data-points="1"])')
        .waitFor({ timeout: 20_000 });
      expect(await page.locator('#equity-chart canvas').count()).toBeGreaterThan(0);
      expect(await page.locator('#paused').textContent()).toBe('trading');

      // A wrong token: the server answers 401 and the page says so.
      page.once('dialog', (dialog) => void dialog.accept('not-the-token'));
      await page.click('#pause');
      await page.locator('#control-result', { hasText: '401' }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#control-result').textContent()).toBe(
        'pause: 401 unauthorized: wrong or missing token',
      );
      // No token at all, straight from the page's origin: 401 too.
      const bare = await page.evaluate(
        "fetch('/api/pause', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then((r) => r.status)",
      );
      expect(bare).toBe(401);
      expect(await page.locator('#paused').textContent()).toBe('trading');

      // The right token: pause is accepted and the stream shows the session paused.
      page.once('dialog', (dialog) => void dialog.accept(TOKEN));
      await page.click('#pause');
      await page.locator('#paused', { hasText: /^paused$/ }).waitFor({ timeout: 10_000 });
      expect(await page.locator('#control-result').textContent()).toBe(
        'pause: ok (paused: new entries are dropped until resume)',
      );
      expect(await page.evaluate("sessionStorage.getItem('nmrbot.apiToken')")).toBe(TOKEN);
      const state = (await (await fetch(`${url}/api/state`)).json()) as { paused: boolean };
      expect(state.paused).toBe(true);

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard.png'), fullPage: true });
      expect(fs.statSync(path.join(ARTIFACTS, 'dashboard.png')).size).toBeGreaterThan(10_000);
      expect(errors).toEqual([]);
    }, 60_000);
  },
);

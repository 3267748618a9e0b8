import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-captured.js';
import { parseHorizons } from './research.js';

describe('nmrbot research', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-research-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('studies a generated market with --synthetic --days 20 and writes JSON and HTML (exit 0)', async () => {
    const json = path.join(dir, 'out', 'research.json');
    const html = path.join(dir, 'research.html');
    const r = await runCliCaptured([
      '--store',
      path.join(dir, 'store.db'),
      'research',
      '--synthetic',
      '--days',
      '20',
      '--json',
      json,
      '--report',
      html,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      '[SYNTHETIC] Research: playbook signals on synthetic-research-1-20d NMR/USDT:USDT 15m',
    );
    expect(r.stdout).toMatch(/^momentum +4h +\d+ /m);
    expect(r.stdout).toContain('Claim: extreme funding predicts reversion');
    const parsed = JSON.parse(fs.readFileSync(json, 'utf8')) as { synthetic: boolean; signals: unknown[] };
    expect(parsed.synthetic).toBe(true);
    expect(parsed.signals).toHaveLength(5);
    expect(fs.readFileSync(html, 'utf8')).toContain('<title>[SYNTHETIC] Research');
  });

  it('rejects a horizon that is not a whole number of bars (exit non-zero)', async () => {
    const r = await runCliCaptured([
      '--store',
      path.join(dir, 'store.db'),
      'research',
      '--synthetic',
      '--days',
      '2',
      '--horizons',
      '5m',
      '--report',
      path.join(dir, 'r.html'),
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('horizon 5m is not a whole number of 15-minute bars');
  });
});

describe('parseHorizons', () => {
  it('reads minutes, hours and days as hours', () => {
    expect(parseHorizons('30m,4h,3d')).toEqual([0.5, 4, 72]);
    expect(() => parseHorizons('4x')).toThrow(/--horizons/);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../run-captured.js';
import { parseWalkForward } from './optimize.js';

describe('nmrbot optimize', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-opt-cli-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('grid-searches ema-cross on a generated market and labels the output SYNTHETIC', async () => {
    const space = path.join(dir, 'space.yaml');
    fs.writeFileSync(
      space,
      'fast: { type: choice, values: [5, 8] }\nslow: { type: choice, values: [21, 34] }\n',
    );
    const json = path.join(dir, 'out.json');
    const r = await runCliCaptured([
      '--store',
      path.join(dir, 'store.db'),
      'optimize',
      '--synthetic',
      '--days',
      '4',
      '--seed',
      '2',
      '--timeframe',
      '1h',
      '--strategy',
      'ema-cross',
      '--space',
      space,
      '--search',
      'grid',
      '--trials',
      '10',
      '--no-risk',
      '--json',
      json,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /^\[SYNTHETIC\] Optimize\n {2}trials 4 \(0 rejected\), best \{"fast":\d,"slow":\d\d\} score /m,
    );
    const doc = JSON.parse(fs.readFileSync(json, 'utf8')) as {
      search: { trials: { params: unknown; metrics: { bars?: number } }[] };
    };
    expect(doc.search.trials.map((t) => t.params)).toEqual([
      { fast: 5, slow: 21 },
      { fast: 5, slow: 34 },
      { fast: 8, slow: 21 },
      { fast: 8, slow: 34 },
    ]);
  });

  it('refuses an invalid space naming the file and field', async () => {
    const space = path.join(dir, 'bad.yaml');
    fs.writeFileSync(space, 'fast: { type: int, min: 9, max: 3 }\n');
    const r = await runCliCaptured([
      '--store',
      path.join(dir, 's.db'),
      'optimize',
      '--synthetic',
      '--space',
      space,
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${space} is invalid`);
    expect(r.stderr).toContain('fast: max must be at least min');
  });

  it('parses walk-forward windows', () => {
    expect(parseWalkForward('anchored:100,20,3')).toEqual({
      mode: 'anchored',
      inSampleBars: 100,
      outOfSampleBars: 20,
      purgeBars: 3,
      embargoBars: 0,
    });
    expect(() => parseWalkForward('rolling:100')).toThrow(/expected rolling\|anchored/);
  });
});

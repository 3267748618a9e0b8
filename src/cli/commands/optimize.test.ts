import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PG_TEST_URL, ensureTestDatabase, freshSchema } from '../../journal/pg-test-helpers.js';
import { runCliCaptured } from '../run-captured.js';
import { parseWalkForward } from './optimize.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

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
    expect(r.stderr).toMatch(/^run opt-[0-9a-f]{12}-1: new$/m);
    expect(r.stderr).toMatch(/^run opt-[0-9a-f]{12}-1: 4 backtests run now, 0 answered from the store$/m);
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

/** The report on stdout, without the note of the synthetic market's generation (new, then unchanged rows). */
function reportOf(stdout: string): string {
  const at = stdout.indexOf('[SYNTHETIC] Optimize');
  expect(at).toBeGreaterThanOrEqual(0);
  return stdout.slice(at);
}

/** Flags of a small walk-forward TPE optimisation on a generated market. */
function tpeArgs(store: string, space: string, json: string, trials = 12): string[] {
  return [
    '--store',
    store,
    'optimize',
    '--synthetic',
    '--days',
    '12',
    '--seed',
    '4',
    '--timeframe',
    '1h',
    '--strategy',
    'ema-cross',
    '--space',
    space,
    '--search',
    'tpe',
    '--trials',
    String(trials),
    '--walk-forward',
    'rolling:120,48,2',
    '--constraint',
    'trades >= 2',
    '--no-risk',
    '--json',
    json,
  ];
}

describe('nmrbot optimize stores its runs and resumes them', () => {
  let dir: string;
  let space: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-opt-resume-'));
    space = path.join(dir, 'space.yaml');
    fs.writeFileSync(space, 'fast: { type: int, min: 2, max: 12 }\nslow: { type: int, min: 14, max: 40 }\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a second invocation answers every backtest from the store and prints the same report; --no-resume starts run 2; runs are listed', async () => {
    const store = path.join(dir, 'store.db');
    const first = await runCliCaptured(tpeArgs(store, space, path.join(dir, 'a.json')));
    expect(first.code, first.stderr).toBe(0);
    const id = /^run (opt-[0-9a-f]{12}-1): new$/m.exec(first.stderr)?.[1] as string;
    expect(id).toBeDefined();
    // 12 days of 1h bars: windows of 120 IS + 2 purge + 48 OOS bars every 48 bars -> 3 windows x (12 + 1).
    expect(first.stderr).toContain(`run ${id}: 39 backtests run now, 0 answered from the store`);

    const second = await runCliCaptured(tpeArgs(store, space, path.join(dir, 'b.json')));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toContain(`run ${id}: resuming, 39 of 39 backtests already stored`);
    expect(second.stderr).toContain(`run ${id}: 0 backtests run now, 39 answered from the store`);
    expect(reportOf(second.stdout).replace('b.json', 'a.json')).toBe(reportOf(first.stdout));
    expect(fs.readFileSync(path.join(dir, 'b.json'), 'utf8')).toBe(
      fs.readFileSync(path.join(dir, 'a.json'), 'utf8'),
    );

    const fresh = await runCliCaptured([...tpeArgs(store, space, path.join(dir, 'c.json')), '--no-resume']);
    expect(fresh.code, fresh.stderr).toBe(0);
    const id2 = id.replace(/-1$/, '-2');
    expect(fresh.stderr).toContain(`run ${id2}: new`);
    expect(fresh.stderr).toContain(`run ${id2}: 39 backtests run now, 0 answered from the store`);

    const other = await runCliCaptured([...tpeArgs(store, space, path.join(dir, 'd.json'), 11)]);
    expect(other.stderr, 'other trials: another key, a new run').toMatch(/^run opt-[0-9a-f]{12}-1: new$/m);
    expect(other.stderr).not.toContain(id.slice(0, 16));

    const listed = await runCliCaptured(['--store', store, 'optimize', 'runs']);
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^id +created +status +backtests +best +strategy +search +market$/);
    expect(lines).toHaveLength(4);
    expect(listed.stdout).toMatch(
      new RegExp(
        `^${id2} .* finished +39/39 +-?\\d+\\.\\d{4} +ema-cross +tpe x12 rolling +\\[SYNTHETIC\\] `,
        'm',
      ),
    );
    expect(listed.stdout).toMatch(new RegExp(`^${id} .* finished +39/39 `, 'm'));
    expect(listed.stdout).toMatch(/ finished +36\/36 +.* tpe x11 rolling /);
    const viaFlag = await runCliCaptured(['--store', store, 'optimize', '--list']);
    expect(viaFlag.stdout).toBe(listed.stdout);
  });

  it('with journal.url on PostgreSQL, the run and its backtests go there and a second invocation resumes from it', async () => {
    await ensureTestDatabase();
    const schema = freshSchema('optcli');
    try {
      const config = path.join(dir, 'nmrbot.yaml');
      fs.writeFileSync(config, `journal:\n  url: "${schema.url}"\n`);
      const args = [
        '--config',
        config,
        ...tpeArgs(path.join(dir, 'store.db'), space, path.join(dir, 'a.json')),
      ];
      const first = await runCliCaptured(args);
      expect(first.code, first.stderr).toBe(0);
      const id = /^run (opt-[0-9a-f]{12}-1): new$/m.exec(first.stderr)?.[1] as string;
      const client = new pg.Client({ connectionString: PG_TEST_URL });
      await client.connect();
      try {
        const { rows } = await client.query<{ n: string }>(
          `SELECT count(*) AS n FROM ${schema.schema}.optimize_trials WHERE run_id = $1`,
          [id],
        );
        expect(Number(rows[0]?.n)).toBe(39);
      } finally {
        await client.end();
      }
      const second = await runCliCaptured(args);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain(`run ${id}: resuming, 39 of 39 backtests already stored`);
      expect(reportOf(second.stdout)).toBe(reportOf(first.stdout));
    } finally {
      await schema.drop();
    }
  });

  it('a CLI process killed part-way resumes: only the missing backtests run and the report is that of an uninterrupted run', async () => {
    const trials = 14;
    const reference = await runCliCaptured(
      tpeArgs(path.join(dir, 'reference.db'), space, path.join(dir, 'reference.json'), trials),
    );
    expect(reference.code, reference.stderr).toBe(0);
    const planned = 3 * (trials + 1);

    const store = path.join(dir, 'killed.db');
    const child: ChildProcess = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/live/cli-entry.ts',
        ...tpeArgs(store, space, path.join(dir, 'k.json'), trials),
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let childErr = '';
    child.stderr?.on('data', (d: Buffer) => (childErr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const storedRows = (): number => {
      if (!fs.existsSync(store)) return 0;
      try {
        const db = new Database(store, { readonly: true, fileMustExist: true });
        try {
          return Number(db.prepare('SELECT count(*) FROM optimize_trials').pluck().get());
        } finally {
          db.close();
        }
      } catch {
        return 0; // not migrated yet, or busy
      }
    };
    const deadline = Date.now() + 120_000;
    while (storedRows() < 10 && Date.now() < deadline && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGKILL');
    expect(await exited, childErr).toBeNull();
    const k = storedRows();
    expect(k).toBeGreaterThanOrEqual(10);
    expect(k).toBeLessThan(planned);

    const resumed = await runCliCaptured(tpeArgs(store, space, path.join(dir, 'r.json'), trials));
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      new RegExp(`: resuming, ${k} of ${planned} backtests already stored$`, 'm'),
    );
    expect(resumed.stderr).toMatch(
      new RegExp(`: ${planned - k} backtests run now, ${k} answered from the store$`, 'm'),
    );
    expect(reportOf(resumed.stdout).replace('r.json', 'reference.json')).toBe(reportOf(reference.stdout));
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'))).toEqual(
      JSON.parse(fs.readFileSync(path.join(dir, 'reference.json'), 'utf8')),
    );
  }, 240_000);
});

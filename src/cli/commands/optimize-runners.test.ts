import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type QueueWorker, startQueueWorker } from '../../optimize/index.js';
import { runCliCaptured } from '../run-captured.js';

const REDIS = 'redis://127.0.0.1:6379';

/** The report JSON of one `nmrbot optimize` run (TPE over ema-cross on a generated market), in its own store. */
async function optimizeJson(dir: string, name: string, extra: readonly string[]): Promise<unknown> {
  const space = path.join(dir, 'space.yaml');
  fs.writeFileSync(space, 'fast: { type: int, min: 3, max: 12 }\nslow: { type: int, min: 15, max: 40 }\n');
  const json = path.join(dir, `${name}.json`);
  const r = await runCliCaptured([
    '--store',
    path.join(dir, `${name}.db`),
    'optimize',
    '--synthetic',
    '--days',
    '6',
    '--seed',
    '3',
    '--timeframe',
    '1h',
    '--strategy',
    'ema-cross',
    '--space',
    space,
    '--search',
    'tpe',
    '--trials',
    '8',
    '--no-risk',
    '--json',
    json,
    ...extra,
  ]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(fs.readFileSync(json, 'utf8'));
}

describe('nmrbot optimize on threads and queue workers', () => {
  let dir: string;
  let worker: QueueWorker | undefined;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-opt-runners-'));
  });
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--threads 2 gives the report of an in-process run with the same batch', async () => {
    const local = await optimizeJson(dir, 'local', ['--batch', '2']);
    const threads = await optimizeJson(dir, 'threads', ['--threads', '2']);
    expect(threads).toEqual(local);
    expect((local as { search: { trials: unknown[] } }).search.trials).toHaveLength(8);
  }, 120_000);

  it('--queue gives the report of an in-process run with the same batch', async () => {
    const queueName = `nmrbot-cli-test-${process.pid}-${Date.now()}`;
    worker = await startQueueWorker({ redisUrl: REDIS, queueName });
    const local = await optimizeJson(dir, 'local', ['--batch', '3']);
    const queued = await optimizeJson(dir, 'queued', [
      '--queue',
      REDIS,
      '--queue-name',
      queueName,
      '--batch',
      '3',
    ]);
    expect(queued).toEqual(local);
  }, 120_000);

  it('refuses --queue with --threads, and a bad thread count', async () => {
    const both = await runCliCaptured([
      'optimize',
      '--synthetic',
      '--space',
      'x.yaml',
      '--queue',
      REDIS,
      '--threads',
      '2',
    ]);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('--queue and --threads: pick one');
    const bad = await runCliCaptured(['optimize', '--synthetic', '--space', 'x.yaml', '--threads', 'many']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('--threads');
  });
});

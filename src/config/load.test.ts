import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { findConfigSource, loadConfig } from './load.js';
import { defaultConfig } from './parse.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmrbot-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The ConfigError thrown by `run`, failing the test if there is none. */
function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('uses the built-in defaults when no path is given and no nmrbot.yaml exists', () => {
    expect(loadConfig({ cwd: dir, env: {} })).toEqual(defaultConfig());
  });

  it('reads nmrbot.yaml from the working directory when it exists', async () => {
    await writeFile(join(dir, 'nmrbot.yaml'), 'risk:\n  profile: beginner\n');
    expect(loadConfig({ cwd: dir, env: {} }).risk.maxLeverage).toBe(2);
  });

  it('reads the file named by NMRBOT_CONFIG when no path is given', async () => {
    await writeFile(join(dir, 'other.yaml'), 'server:\n  port: 9000\n');
    expect(loadConfig({ cwd: dir, env: { NMRBOT_CONFIG: 'other.yaml' } }).server.port).toBe(9000);
  });

  it('prefers an explicit path, relative to cwd', async () => {
    await writeFile(join(dir, 'a.yaml'), 'fees:\n  taker: 0.0004\n');
    await writeFile(join(dir, 'nmrbot.yaml'), 'fees:\n  taker: 0.0009\n');
    expect(loadConfig({ path: 'a.yaml', cwd: dir, env: {} }).fees.taker).toBe(0.0004);
  });

  it('resolves an empty file to the default config', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '# nothing here\n');
    expect(loadConfig({ path: file })).toEqual(defaultConfig());
  });

  it('returns a frozen config', async () => {
    const file = join(dir, 'c.yaml');
    await writeFile(file, 'signals:\n  entryThreshold: 0.4\n');
    const config = loadConfig({ path: file });
    expect(config.signals.entryThreshold).toBe(0.4);
    expect(Object.isFrozen(config.signals)).toBe(true);
  });

  it('names a missing file', () => {
    const error = configErrorOf(() => loadConfig({ path: join(dir, 'missing.yaml') }));
    expect(error.message).toBe(
      `${join(dir, 'missing.yaml')}: config file not found (create one with: nmrbot init --path ${join(dir, 'missing.yaml')})`,
    );
  });

  it('names the file, line and column of a YAML syntax error', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'risk:\n  profile: standard\n  stopLossPct: [0.02\nfees:\n  maker: 0.0002\n');
    const error = configErrorOf(() => loadConfig({ path: file }));
    expect(error.message).toBe(`${file}: invalid YAML at line 4, column 1`);
    expect(error.issues).toEqual([
      'line 4, column 1: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ]);
  });

  it('reports a duplicate key as a YAML error on its line', async () => {
    const file = join(dir, 'dup.yaml');
    await writeFile(file, 'fees:\n  maker: 0.0001\n  maker: 0.0002\n');
    const error = configErrorOf(() => loadConfig({ path: file }));
    expect(error.message).toBe(`${file}: invalid YAML at line 3, column 3`);
    expect(error.issues).toEqual(['line 3, column 3: Map keys must be unique']);
  });

  it('names the file and lists every invalid field', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'risk:\n  maxLeverage: 6\nexecution:\n  latencyBudgetMs: -1\n');
    const error = configErrorOf(() => loadConfig({ path: file }));
    expect(error.message).toBe(`${file}: invalid config`);
    expect(error.issues).toEqual([
      'risk.maxLeverage: must be <= 5',
      'execution.latencyBudgetMs: must be > 0',
    ]);
  });

  it('refuses a file whose top level is not a mapping', async () => {
    const file = join(dir, 'list.yaml');
    await writeFile(file, '- risk\n- fees\n');
    const error = configErrorOf(() => loadConfig({ path: file }));
    expect(error.issues).toEqual(['(top level): must be a mapping of keys to values (got a list)']);
  });
});

describe('findConfigSource', () => {
  it('labels the defaults when there is no file', () => {
    expect(findConfigSource({ cwd: dir, env: {} })).toEqual({
      path: undefined,
      label: '(built-in defaults)',
    });
  });

  it('keeps an explicit path as given for messages and resolves it against cwd', () => {
    expect(findConfigSource({ path: 'x.yaml', cwd: dir })).toEqual({
      path: join(dir, 'x.yaml'),
      label: 'x.yaml',
    });
  });
});

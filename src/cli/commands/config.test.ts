import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig, parseConfig } from '../../config/index.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

/** Runs the CLI in-process and captures what it writes. */
function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmrbot-cli-config-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nmrbot config check', () => {
  it('prints the resolved config as YAML and exits 0 for a valid file', async () => {
    const file = join(dir, 'good.yaml');
    await writeFile(file, 'risk:\n  profile: beginner\njournal:\n  url: postgres://bot:pw@db/nmrbot\n');
    const { code, stdout, stderr } = await run('--config', file, 'config', 'check');
    expect(code, stderr).toBe(0);
    expect(stdout.startsWith(`# ${file}: valid config`)).toBe(true);
    const printed = parse(stdout) as { risk: { maxLeverage: number }; journal: { url: string } };
    expect(printed.risk.maxLeverage, 'the profile default is resolved').toBe(2);
    expect(printed.journal.url, 'the URL password is redacted').toBe('postgres://bot:[redacted]@db/nmrbot');
    expect(stdout).not.toContain(':pw@');
    expect(stderr).not.toContain('error');
  });

  it('prints the full defaults when the file is empty', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '');
    const { code, stdout } = await run('--config', file, 'config', 'check');
    expect(code).toBe(0);
    expect(parseConfig(parse(stdout))).toEqual(defaultConfig());
  });

  it('applies the global --store to store.path', async () => {
    const file = join(dir, 'empty.yaml');
    await writeFile(file, '');
    const { stdout } = await run('--store', join(dir, 'x.db'), '--config', file, 'config', 'check');
    expect((parse(stdout) as { store: { path: string } }).store.path).toBe(join(dir, 'x.db'));
  });

  it('prints every issue on its own line and exits 1 for an invalid file', async () => {
    const file = join(dir, 'bad.yaml');
    await writeFile(file, 'risk:\n  maxLeverage: 6\nsignals:\n  wieghts: {}\n');
    const { code, stdout, stderr } = await run('--config', file, 'config', 'check');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        `error: ${file}: invalid config`,
        '  signals.wieghts: unknown key (did you mean weights?)',
        '  risk.maxLeverage: must be <= 5',
        '',
      ].join('\n'),
    );
  });

  it('names the line of a YAML syntax error and exits 1', async () => {
    const file = join(dir, 'syntax.yaml');
    await writeFile(file, 'fees:\n  maker: 0.0002\n\ttaker: 0.0005\n');
    const { code, stderr } = await run('--config', file, 'config', 'check');
    expect(code).toBe(1);
    expect(stderr.split('\n').slice(0, 2)).toEqual([
      `error: ${file}: invalid YAML at line 3, column 1`,
      '  line 3, column 1: Tabs are not allowed as indentation',
    ]);
  });

  it('exits 1 naming a config file that does not exist', async () => {
    const file = join(dir, 'missing.yaml');
    const { code, stderr } = await run('--config', file, 'config', 'check');
    expect(code).toBe(1);
    expect(stderr).toContain(`error: ${file}: config file not found`);
  });
});

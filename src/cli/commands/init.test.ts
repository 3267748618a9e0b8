import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultConfigYaml, loadConfig, defaultConfig } from '../../config/index.js';
import { type CliRun, runCliCaptured } from '../run-captured.js';

/** Runs the CLI in-process and captures what it writes. */
function run(...args: string[]): Promise<CliRun> {
  return runCliCaptured([...args]);
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'nmrbot-cli-init-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('nmrbot init', () => {
  it('writes the commented default config, which loads as the defaults', async () => {
    const file = join(dir, 'nmrbot.yaml');
    const { code, stdout } = await run('init', '--path', file);
    expect(code).toBe(0);
    expect(stdout).toContain(`wrote ${file}`);
    expect(await readFile(file, 'utf8')).toBe(defaultConfigYaml());
    expect(loadConfig({ path: file })).toEqual(defaultConfig());
  });

  it('writes to the global --config path when --path is not given', async () => {
    const file = join(dir, 'custom.yaml');
    expect((await run('--config', file, 'init')).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(defaultConfigYaml());
  });

  it('refuses to overwrite an existing file without --force and exits 1', async () => {
    const file = join(dir, 'nmrbot.yaml');
    await writeFile(file, 'mine: true\n');
    const { code, stderr } = await run('init', '--path', file);
    expect(code).toBe(1);
    expect(stderr).toBe(`error: ${file} already exists; nothing written (use --force to overwrite it)\n`);
    expect(await readFile(file, 'utf8'), 'the file is untouched').toBe('mine: true\n');
  });

  it('overwrites an existing file with --force', async () => {
    const file = join(dir, 'nmrbot.yaml');
    await writeFile(file, 'mine: true\n');
    expect((await run('init', '--force', '--path', file)).code).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(defaultConfigYaml());
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadStrategy } from './load-strategy.js';

/** A strategy file whose name carries a value fixed when the module is evaluated. */
function writeStrategy(file: string, tag: string): void {
  fs.writeFileSync(
    file,
    `const loadedAt: number = Math.random();\n` +
      `export function createStrategy() { return { name: '${tag}-' + String(loadedAt) }; }\n`,
  );
}

describe('loadStrategy from a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-strategy-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('compiles a file once: a second load uses the same module', async () => {
    const file = path.join(dir, 'once.ts');
    writeStrategy(file, 'once');
    const a = await loadStrategy(file);
    const b = await loadStrategy(file);
    expect(a.name).toMatch(/^once-0\.\d+/);
    expect(b.name).toBe(a.name);
  });

  it('a changed file is imported again', async () => {
    const file = path.join(dir, 'changed.ts');
    writeStrategy(file, 'first');
    const a = await loadStrategy(file);
    writeStrategy(file, 'second');
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    const b = await loadStrategy(file);
    expect(a.name).toMatch(/^first-/);
    expect(b.name).toMatch(/^second-/);
  });

  it('a file without createStrategy is refused by name', async () => {
    const file = path.join(dir, 'empty.ts');
    fs.writeFileSync(file, 'export const x = 1;\n');
    await expect(loadStrategy(file)).rejects.toThrow(
      `strategy file ${file} must export a function named createStrategy`,
    );
  });
});

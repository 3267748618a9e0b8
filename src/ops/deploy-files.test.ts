import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** `key=value` settings of a systemd unit by section (comments and blank lines skipped). */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const section = /^\[(\w+)\]$/.exec(line);
    if (section) {
      sections.set(section[1] as string, (current = new Map<string, string[]>()));
      continue;
    }
    const kv = /^(\w+)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`not a unit line: ${line}`);
    current.set(kv[1] as string, [...(current.get(kv[1] as string) ?? []), kv[2] as string]);
  }
  return sections;
}

/** Dockerfile instructions in order, continuation lines joined, comments dropped. */
function parseDockerfile(text: string): { op: string; args: string }[] {
  const joined = text
    .split('\n')
    .filter((l) => !l.trim().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map((l) => {
      const m = /^([A-Z]+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`not a Dockerfile instruction: ${l}`);
      return { op: m[1] as string, args: m[2] as string };
    });
}

describe('deployment files', () => {
  it('the systemd unit restarts on failure, stops with SIGTERM and a timeout, runs as its own user with secrets from a file', () => {
    const unit = parseUnit(read('deploy/nmrbot.service'));
    const service = unit.get('Service');
    const get = (k: string) => service?.get(k);
    expect(get('Restart')).toEqual(['on-failure']);
    expect(get('KillSignal')).toEqual(['SIGTERM']);
    expect(Number(get('TimeoutStopSec')?.[0])).toBeGreaterThanOrEqual(30);
    expect(get('EnvironmentFile')).toEqual(['/etc/nmrbot/nmrbot.env']);
    expect(get('WorkingDirectory')).toEqual(['/var/lib/nmrbot']);
    expect(get('User')).toEqual(['nmrbot']);
    expect(get('ExecStart')?.[0]).toMatch(/^\/usr\/bin\/node \/opt\/nmrbot\/bin\/nmrbot\.js (paper|live)/);
    expect(get('ExecStartPre')?.[0]).toContain('nmrbot.js doctor');
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
  });

  it('the Dockerfile builds on node:20-slim, keeps tsx, runs bin/nmrbot.js as a non-root user with a volume', () => {
    const steps = parseDockerfile(read('Dockerfile'));
    const froms = steps.filter((s) => s.op === 'FROM').map((s) => s.args);
    expect(froms).toEqual(['node:20-slim AS build', 'node:20-slim']);
    const runStage = steps.slice(steps.findIndex((s, i) => s.op === 'FROM' && i > 0));
    const runs = steps.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(runs.some((r) => r.includes('npm ci'))).toBe(true);
    expect(runs.some((r) => r.includes('npm run build') && r.includes('npm prune --omit=dev'))).toBe(true);
    const user = runStage.filter((s) => s.op === 'USER').map((s) => s.args);
    expect(user).toEqual(['nmrbot']);
    expect(runStage.find((s) => s.op === 'VOLUME')?.args).toBe('["/var/lib/nmrbot"]');
    expect(runStage.find((s) => s.op === 'STOPSIGNAL')?.args).toBe('SIGTERM');
    expect(runStage.find((s) => s.op === 'ENTRYPOINT')?.args).toContain('"node", "/app/bin/nmrbot.js"');
    // What the image runs must be what the build makes: bin/nmrbot.js imports dist/, tsx is a runtime dependency.
    expect(read('bin/nmrbot.js')).toContain("'../dist/cli/index.js'");
    expect(
      (JSON.parse(read('tsconfig.build.json')) as { compilerOptions: { outDir: string } }).compilerOptions
        .outDir,
    ).toBe('dist');
    const pkg = JSON.parse(read('package.json')) as { dependencies: Record<string, string> };
    expect(Object.keys(pkg.dependencies)).toContain('tsx');
    expect(read('src/strategy/load-strategy.ts')).toContain("import('tsx/esm/api')");
  });

  it('.dockerignore keeps secrets, stores and node_modules out of the build context, and the sources in', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    for (const p of ['node_modules', 'dist', '*.db', '*.env', 'nmrbot.yaml', '.git'])
      expect(ignored).toContain(p);
    for (const kept of ['src', 'bin', 'docs', 'package.json', 'package-lock.json', 'tsconfig.json'])
      expect(ignored).not.toContain(kept);
  });
});

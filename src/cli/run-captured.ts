import { vi } from 'vitest';
import { runCli } from './index.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Test helper: runs the CLI in-process with `args` (after `nmrbot`), capturing stdout and stderr. */
export async function runCliCaptured(args: readonly string[]): Promise<CliRun> {
  const captured = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    vi.spyOn(process[stream], 'write').mockImplementation((chunk: string | Uint8Array) => {
      captured[stream] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      return true;
    });
  const spies = [capture('stdout'), capture('stderr')];
  try {
    const code = await runCli(['node', 'nmrbot', ...args]);
    return { code, ...captured };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

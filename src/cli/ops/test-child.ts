import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** A CLI run in a child process (test helper): real signals, real exit code. */
export interface ChildRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  readonly out: { stdout: string; stderr: string };
  /** Resolves with the first match of `pattern` in stderr (or stdout), polling; throws after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number, stream?: 'stdout' | 'stderr'): Promise<RegExpExecArray>;
}

/** Spawns `node --import tsx src/cli/live/cli-entry.ts <args>` in the repository root. */
export function spawnCli(args: readonly string[], env: NodeJS.ProcessEnv): ChildRun {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/live/cli-entry.ts', ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out = { stdout: '', stderr: '' };
  child.stdout?.on('data', (d: Buffer) => (out.stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out.stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let done = false;
  void exited.then(() => (done = true));
  return {
    child,
    exited,
    out,
    async waitFor(pattern, timeoutMs = 60_000, stream = 'stderr') {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const m = pattern.exec(out[stream]);
        if (m) return m;
        if (done || Date.now() > until)
          throw new Error(
            `no ${String(pattern)} in ${stream} (${done ? 'exited' : 'timed out'}):\n${out.stderr}`,
          );
        await new Promise((r) => setTimeout(r, 25));
      }
    },
  };
}

/** One webhook delivery: the parsed body. */
export interface WebhookAlert {
  readonly event: string;
  readonly title: string;
  readonly data: Record<string, unknown>;
}

/**
 * A real local webhook receiver that can hold its answers (test helper): while held, requests are
 * recorded at once but answered only on `release()`, so the sender's queue fills up behind them.
 */
export async function startHoldingWebhook(): Promise<{
  url: string;
  received: WebhookAlert[];
  hold(): void;
  release(): void;
  close(): Promise<void>;
}> {
  const received: WebhookAlert[] = [];
  const waiting: http.ServerResponse[] = [];
  let held = false;
  const answer = (res: http.ServerResponse) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookAlert);
      if (held) waiting.push(res);
      else answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    hold: () => void (held = true),
    release: () => {
      held = false;
      for (const res of waiting.splice(0)) answer(res);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The environment for a child run: this one without exchange keys, plus `extra`. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env['NMRBOT_API_KEY'];
  delete env['NMRBOT_API_SECRET'];
  return env;
}

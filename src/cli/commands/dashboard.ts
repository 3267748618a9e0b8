import type { Command } from 'commander';
import { startJournalDashboard } from '../../api/journal-state/index.js';
import { InputError } from '../../core/index.js';
import { MarketStore } from '../../data/index.js';
import { openJournal } from '../../journal/index.js';
import { dashboardPort } from '../paper/dashboard-server.js';
import { configForCommand } from '../context.js';

interface DashboardFlags {
  run?: string;
  port?: string;
  poll: string;
}

/** `--poll <seconds>`: a positive number, at most an hour. */
export function pollSeconds(text: string): number {
  const seconds = Number(text);
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0 || seconds > 3_600) {
    throw new InputError(
      `--poll: expected seconds between polls, more than 0 and at most 3600, got "${text}"`,
    );
  }
  return seconds;
}

/** `nmrbot dashboard`: the dashboard over a journal (`journal.url`, else the store), following new rows. */
export function registerDashboardCommand(program: Command): void {
  program
    .command('dashboard')
    .description(
      'serve the dashboard over a journaled run (journal.url, else the store); see docs/dashboard.md',
    )
    .option('--run <id>', 'the run to show (default: the newest; nmrbot journal runs lists them)')
    .option('--port <n>', 'port on 127.0.0.1 (default: server.port; 0 = any free port)')
    .option('--poll <seconds>', 'seconds between two reads of the journal', '2')
    .action(async (flags: DashboardFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      const port = flags.port === undefined ? config.server.port : portFlag(flags.port);
      const pollMs = pollSeconds(flags.poll) * 1000;
      let market: MarketStore | undefined;
      const journal = await openJournal(config.journal.url, () => {
        market = MarketStore.open(config.store.path);
        return market.db;
      });
      const stop = new AbortController();
      const onSignal = (): void => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      try {
        const dashboard = await startJournalDashboard({
          journal,
          runId: flags.run,
          port,
          pollMs,
          tokenEnv: config.server.tokenEnv,
          onError: (e) =>
            process.stderr.write(`journal: ${e.message} (showing the last state read; retrying)\n`),
        }).catch((err: unknown) => {
          if ((err as { code?: unknown }).code === 'EADDRINUSE') {
            throw new InputError(
              `--port: 127.0.0.1:${port} is already in use (pick another with --port, 0 = any free one)`,
            );
          }
          throw err;
        });
        const run = dashboard.run;
        process.stderr.write(
          `dashboard: ${dashboard.server.url}/ (journal run ${run.id}: ${run.kind} ${run.strategy} ` +
            `${run.symbol} ${run.timeframe}${run.synthetic ? ', SYNTHETIC' : ''}; ` +
            `reading every ${pollMs / 1000} s; controls refused: read only)\n`,
        );
        if (!stop.signal.aborted) {
          await new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve()));
        }
        await dashboard.close();
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await journal.close();
        market?.close();
      }
    });
}

function portFlag(text: string): number {
  try {
    return dashboardPort(text);
  } catch {
    throw new InputError(`--port: expected a port number 0-65535, got "${text}"`);
  }
}

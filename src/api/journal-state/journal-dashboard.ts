import type { Journal, RunRecord } from '../../journal/index.js';
import { type ApiServer, createApiServer } from '../api-server.js';
import { JournalControls } from './journal-controls.js';
import { JournalStateSource, pickRun } from './journal-state-source.js';

export interface JournalDashboardOptions {
  readonly journal: Journal;
  /** The run to show; default the newest. */
  readonly runId?: string | undefined;
  /** 0: any free port. */
  readonly port: number;
  /** Milliseconds between two polls of the journal. */
  readonly pollMs: number;
  /** `server.tokenEnv`: controls still check the token before refusing. */
  readonly tokenEnv: string;
  readonly env?: NodeJS.ProcessEnv;
  /** A poll failed (the previous state stays on show). */
  readonly onError?: (error: Error) => void;
}

export interface JournalDashboard {
  readonly run: RunRecord;
  readonly source: JournalStateSource;
  readonly server: ApiServer;
  close(): Promise<void>;
}

/**
 * Serves the dashboard page and API on 127.0.0.1 over one journaled run, polling the journal every
 * `pollMs` for new rows. The first read must succeed (its error is thrown); later failures are
 * reported to `onError` and shown as `degraded` health.
 */
export async function startJournalDashboard(options: JournalDashboardOptions): Promise<JournalDashboard> {
  const run = await pickRun(options.journal, options.runId);
  let first = true;
  let firstError: Error | undefined;
  const source = new JournalStateSource({
    journal: options.journal,
    run,
    onError: (error) => {
      if (first) firstError = error;
      else options.onError?.(error);
    },
  });
  await source.refresh();
  first = false;
  if (firstError !== undefined) throw firstError;
  const server = await createApiServer({
    state: source,
    controls: new JournalControls(run.id),
    tokenEnv: options.tokenEnv,
    ...(options.env === undefined ? {} : { env: options.env }),
    host: '127.0.0.1',
    port: options.port,
  });
  source.start(options.pollMs);
  return {
    run,
    source,
    server,
    close: async () => {
      await source.stop();
      await server.close();
    },
  };
}

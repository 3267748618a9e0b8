import type { Command } from 'commander';
import { collectSeriesStatus, formatStatusTable } from '../../data/status/index.js';
import { withStore } from '../context.js';

/** `nmrbot data status`: every stored series with its span, gaps and funding coverage. */
export function registerDataStatus(data: Command): void {
  data
    .command('status')
    .description('list every stored series: rows, span, gaps, funding intervals and coverage')
    .option('--json', 'print a JSON array')
    .action((flags: { json?: boolean }, cmd: Command) =>
      withStore(cmd, (store) => {
        const statuses = collectSeriesStatus(store);
        if (flags.json) process.stdout.write(`${JSON.stringify(statuses, null, 2)}\n`);
        else if (statuses.length === 0) {
          process.stdout.write(
            `The store ${store.path} holds no series yet. Add data with: nmrbot data import <files...>\n`,
          );
        } else process.stdout.write(formatStatusTable(statuses));
      }),
    );
}

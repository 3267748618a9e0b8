import type { Command } from 'commander';
import { InputError } from '../../core/index.js';

/** `nmrbot worker --redis <url>`: runs optimisation backtests from a BullMQ queue. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run optimisation backtests from a Redis queue (see docs/optimize.md)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .action(() => {
      throw new InputError('nmrbot worker: not built yet');
    });
}

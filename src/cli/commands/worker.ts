import type { Command } from 'commander';
import { DEFAULT_QUEUE_NAME, type QueueWorkerEvent, startQueueWorker } from '../../optimize/queue/index.js';
import { wholeNumber } from '../backtest/market.js';

interface Flags {
  redis: string;
  concurrency: string;
  queueName: string;
  lockMs: string;
  stalledMs: string;
}

/** `nmrbot worker --redis <url>`: runs optimisation backtests from a BullMQ queue until SIGTERM or Ctrl-C. */
export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run optimisation backtests from a Redis queue (see docs/optimize.md)')
    .requiredOption('--redis <url>', 'Redis URL, e.g. redis://127.0.0.1:6379')
    .option(
      '--concurrency <n>',
      'jobs at once in this process (a backtest holds the CPU: prefer one process per core)',
      '1',
    )
    .option('--queue-name <name>', 'BullMQ queue to take jobs from', DEFAULT_QUEUE_NAME)
    .option(
      '--lock-ms <ms>',
      "a job's lock; must exceed the longest backtest (a dead worker's job is retried after it)",
      '60000',
    )
    .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers', '30000')
    .action(async (flags: Flags) => {
      const worker = await startQueueWorker({
        redisUrl: flags.redis,
        queueName: flags.queueName,
        concurrency: wholeNumber('--concurrency', flags.concurrency, 1),
        lockDurationMs: wholeNumber('--lock-ms', flags.lockMs, 100),
        stalledIntervalMs: wholeNumber('--stalled-ms', flags.stalledMs, 100),
        onEvent: (e) => process.stderr.write(`${eventLine(e)}\n`),
      });
      process.stdout.write(`worker ready: queue ${worker.queueName} on ${worker.redisUrl}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      process.stderr.write(`${signal}: finishing the job in hand, then stopping\n`);
      await worker.close();
      process.stderr.write('worker stopped\n');
    });
}

function eventLine(e: QueueWorkerEvent): string {
  const job = `job ${e.jobId} of run ${e.runId}`;
  switch (e.type) {
    case 'started':
      return `${job} started (attempt ${e.attempt})`;
    case 'finished':
      return `${job} done in ${Math.round(e.ms)} ms, score ${e.score}`;
    case 'failed':
      return `${job} failed: ${e.error}`;
  }
}

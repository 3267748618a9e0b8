import type { Command } from 'commander';
import { defaultConfig, type NmrbotConfig } from '../../config/index.js';
import { InputError, isoTime } from '../../core/index.js';
import { type Journal, openJournal } from '../../journal/index.js';
import { formatEvidence, formatProposal, runReview } from '../../research/review/index.js';
import { parseWhen } from '../backtest/backtest-spec.js';
import { configForCommand, withStore } from '../context.js';

interface ReviewFlags {
  run?: string;
  at?: string;
  apply?: boolean;
  windowDays?: string;
  wholeRun?: boolean;
  horizonHours?: string;
  minSamples?: string;
}

/** `nmrbot review`: the weekly review of signal accuracy, and the re-weighting it proposes. */
export function registerReviewCommand(program: Command): void {
  program
    .command('review')
    .description(
      'weekly review: accuracy of each signal family and signal, PnL breakdowns, and proposed family weights (journaled)',
    )
    .option('--run <id>', 'journal run to review (default: the latest backtest run)')
    .option('--at <date>', "review time, the window's end (default: the run's last equity sample)")
    .option('--apply', 'make the proposed weights current (default: journal.review.autoApply)')
    .option('--window-days <n>', 'trailing window in days (default: journal.review.intervalDays)')
    .option('--whole-run', 'review the whole run up to --at instead of a trailing window')
    .option(
      '--horizon-hours <h>',
      'forward-return horizon in hours (default: journal.review.horizonHours, 6)',
    )
    .option(
      '--min-samples <n>',
      'below this many scored decisions λ grows toward 1 (default: journal.review.minSamples, 30)',
    )
    .action(async (flags: ReviewFlags, cmd: Command) => {
      const { config } = configForCommand(cmd);
      await withStore(cmd, async (store) => {
        const journal = await openJournal(config.journal.url, () => store.db);
        try {
          await runReviewCommand(journal, config, flags);
        } finally {
          await journal.close();
        }
      });
    });
}

async function runReviewCommand(journal: Journal, config: NmrbotConfig, flags: ReviewFlags): Promise<void> {
  const review = config.journal.review;
  const apply = flags.apply === true || review.autoApply;
  const out = await runReview({
    journal: journal.trades,
    changes: journal.changes,
    runId: flags.run,
    at: flags.at === undefined ? undefined : parseWhen('--at', flags.at, Date.now()),
    windowDays: flags.wholeRun ? null : positive('--window-days', flags.windowDays, review.intervalDays),
    horizonHours: positive('--horizon-hours', flags.horizonHours, review.horizonHours),
    settings: {
      shrinkage: review.shrinkage,
      maxStep: review.maxWeightStep,
      minSamples: positive('--min-samples', flags.minSamples, review.minSamples),
    },
    defaults: defaultConfig().signals.weights,
    configured: config.signals.weights,
    apply,
  });
  const label = out.run.synthetic ? '[SYNTHETIC] ' : '';
  process.stdout.write(`${label}${formatEvidence(out.evidence)}\n\n${formatProposal(out.proposal)}\n`);
  const from = out.currentSource === 'review' ? 'the last applied review' : 'signals.weights in the config';
  const verdict = out.applied
    ? 'applied: the bot reads these weights from current_weights'
    : 'proposed only (apply with --apply or journal.review.autoApply)';
  process.stdout.write(
    `current weights from ${from}\nweight change #${out.changeId} journaled at ${isoTime(out.evidence.at)}: ${verdict}\n`,
  );
}

function positive(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(n > 0 && Number.isFinite(n))) throw new InputError(`${flag} must be a number above 0, got "${text}"`);
  return n;
}

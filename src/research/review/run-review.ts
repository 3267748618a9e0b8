import { InputError } from '../../core/index.js';
import type { CurrentWeights, JournalReader, RunRecord, WeightChangeInput } from '../../journal/index.js';
import { SIGNAL_FAMILIES } from '../../signals/index.js';
import { reviewEvidence } from './evidence.js';
import type { FamilyWeights, ReviewEvidence, WeightProposal, WeightSettings } from './review.types.js';
import { proposeWeights } from './weights.js';

/** Where proposals are journaled and the applied weights kept (`SqliteWeightChangeStore`). */
export interface WeightChangeJournal {
  record(change: WeightChangeInput): Promise<number>;
  currentWeights(): Promise<CurrentWeights | undefined>;
}

export interface ReviewRequest {
  readonly journal: JournalReader;
  readonly changes: WeightChangeJournal;
  /** The run to review; default the latest backtest run. */
  readonly runId?: string;
  /** Review time; default the run's last equity sample (else its last decision, else its start). */
  readonly at?: number;
  /** Trailing window in days, or null for the whole run. */
  readonly windowDays: number | null;
  readonly horizonHours: number;
  readonly settings: WeightSettings;
  /** The playbook's default weights (shrinkage pulls toward them). */
  readonly defaults: FamilyWeights;
  /** The configured weights, used as current when no review has applied any. */
  readonly configured: FamilyWeights;
  /** Make the proposal the current weights. */
  readonly apply: boolean;
}

export interface ReviewOutcome {
  readonly run: RunRecord;
  readonly evidence: ReviewEvidence;
  readonly proposal: WeightProposal;
  /** Where the current weights came from. */
  readonly currentSource: 'config' | 'review';
  readonly changeId: number;
  readonly applied: boolean;
}

/**
 * One weekly review: reads a journal run, measures the evidence, proposes weights, and journals the
 * proposal (applied when asked).
 * @throws InputError when the run does not exist or the journal has no backtest run
 */
export async function runReview(req: ReviewRequest): Promise<ReviewOutcome> {
  const run = await pickRun(req.journal, req.runId);
  const [decisions, trades, equity] = await Promise.all([
    req.journal.decisions(run.id),
    req.journal.trades(run.id),
    req.journal.equity(run.id),
  ]);
  const prices = equity
    .filter((e) => Number.isFinite(e.price) && e.price > 0)
    .map((e) => ({ time: e.time, price: e.price }));
  const at = req.at ?? equity.at(-1)?.time ?? decisions.at(-1)?.time ?? run.startedAt;
  const evidence = reviewEvidence({
    runId: run.id,
    decisions,
    trades,
    prices,
    at,
    windowDays: req.windowDays,
    horizonHours: req.horizonHours,
  });
  const stored = await req.changes.currentWeights();
  const reviewed = stored && asFamilyWeights(stored.weights);
  const current = reviewed ?? req.configured;
  const proposal = proposeWeights(req.defaults, current, evidence.families, evidence.samples, req.settings);
  const changeId = await req.changes.record({
    time: at,
    runId: run.id,
    oldWeights: current,
    proposed: proposal.proposed,
    applied: req.apply,
    evidence: { ...evidence, lambda: proposal.lambda, score: proposal.score, target: proposal.target },
  });
  return {
    run,
    evidence,
    proposal,
    currentSource: reviewed ? 'review' : 'config',
    changeId,
    applied: req.apply,
  };
}

async function pickRun(journal: JournalReader, runId: string | undefined): Promise<RunRecord> {
  if (runId !== undefined) {
    const run = await journal.run(runId);
    if (!run) throw new InputError(`no journal run "${runId}" in the store (nmrbot backtest journals one)`);
    return run;
  }
  const [latest] = await journal.listRuns({ kind: 'backtest' });
  if (!latest) throw new InputError('the journal has no backtest run to review: run nmrbot backtest first');
  return latest;
}

/**
 * Stored weights when they are usable (all three families, each in [0, 1], summing to 1 within
 * 1e-6), else undefined: the config's weights are used instead.
 */
export function asFamilyWeights(w: Readonly<Record<string, unknown>>): FamilyWeights | undefined {
  let sum = 0;
  for (const f of SIGNAL_FAMILIES) {
    const v = w[f];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) return undefined;
    sum += v;
  }
  if (Math.abs(sum - 1) > 1e-6) return undefined;
  return { price: Number(w.price), network: Number(w.network), sentiment: Number(w.sentiment) };
}

import type { EpochMs } from '../../core/index.js';
import type { SignalsConfig } from '../../config/index.js';
import { PlaybookSignals } from '../../signals/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import type { Rescore } from '../../strategy/playbook/model-combiner.js';
import type {
  CheckedReading,
  CheckedSignalSet,
  DeclaredWarmUp,
  EventStream,
  SignalSetFactory,
} from './lookahead.types.js';
import { playbookSignalSet } from './playbook-factory.js';

/** The readings the combiner adds after the five signals. */
export const MODEL_READING = 'model';
export const SCORE_READING = 'score';

/**
 * The playbook signals plus the combiner (`signals.combiner` ai or blend): after the five signals it
 * reads `model`, the model's probability, and `score`, the score the strategy acts on. `rescoreFor`
 * builds the combiner for a fresh instance and is shown the stream that instance will be fed, as a
 * precomputing signal would be; a proper model ignores it. The regime is held at `normal` (the risk
 * engine's state, not replayed here), so a model's regime column is not exercised. Both readings
 * depend on every signal, so they declare the longest of the signals' warm-ups.
 */
export function playbookCombinerSet(
  config: SignalsConfig,
  barMs: number,
  rescoreFor: (stream: EventStream) => Rescore,
): SignalSetFactory {
  const signals = playbookSignalSet(config, barMs);
  const combined = longestWarmUp(Object.values(signals.warmUp));
  return {
    create: (stream) => new CombinedSet(new PlaybookSignals(config, barMs), rescoreFor(stream)),
    warmUp: { ...signals.warmUp, [MODEL_READING]: combined, [SCORE_READING]: combined },
  };
}

function longestWarmUp(warmUps: readonly DeclaredWarmUp[]): DeclaredWarmUp {
  const bars = Math.max(0, ...warmUps.map((w) => w.bars ?? 0));
  const ms = Math.max(0, ...warmUps.map((w) => w.ms ?? 0));
  const kind = warmUps.some((w) => w.kind === 'recursive') ? 'recursive' : 'windowed';
  return { bars, ms, kind };
}

class CombinedSet implements CheckedSignalSet {
  readonly #signals: PlaybookSignals;
  readonly #rescore: Rescore;
  #now = 0 as EpochMs;

  constructor(signals: PlaybookSignals, rescore: Rescore) {
    this.#signals = signals;
    this.#rescore = rescore;
  }

  onBar(bar: BarEvent): void {
    this.#signals.onBar(bar);
    this.#now = bar.closeTime;
  }

  onFunding(event: FundingRateEvent): void {
    this.#signals.onFunding(event);
    this.#now = event.time;
  }

  onData(event: DataEvent): void {
    this.#signals.onData(event);
    this.#now = event.availableAt;
  }

  readings(time: EpochMs = this.#now): readonly CheckedReading[] {
    const snapshot = this.#rescore(this.#signals.snapshot(time, 'normal'));
    return [
      ...snapshot.signals,
      { name: MODEL_READING, value: snapshot.combiner?.probability ?? null },
      { name: SCORE_READING, value: snapshot.score },
    ];
  }
}

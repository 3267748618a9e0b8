import { type EpochMs, isoTime } from '../../core/index.js';
import { checkCuts, cutPoints } from './cut-check.js';
import type {
  EventStream,
  LookaheadOptions,
  LookaheadReport,
  ReadingDifference,
  SignalSetFactory,
  SignalVerdict,
  WarmUpResult,
} from './lookahead.types.js';
import { recordReadings } from './readings-table.js';
import { checkColdStart, declaredBars } from './warm-up-check.js';

export const DEFAULT_CUTS = 50;
export const DEFAULT_WARM_UP_OFFSETS: readonly number[] = [0.1, 0.3, 0.5];

/**
 * The look-ahead check: one full replay of `stream` records every reading at every bar close; then
 * (1) fresh instances fed only what was delivered up to each cut must read the same at the cut, and
 * (2) instances started cold at later offsets must agree with the full run once their declared
 * warm-up has passed. A signal that peeks at later data fails (1); one that depends on data older
 * than its declared warm-up fails (2).
 */
export function runLookaheadCheck(
  factory: SignalSetFactory,
  stream: EventStream,
  options: LookaheadOptions = {},
): LookaheadReport {
  const exact = options.exactTolerance ?? 1e-12;
  const recursive = options.recursiveTolerance ?? 1e-6;
  const full = recordReadings(factory.create(stream), stream);
  const n = full.times.length;
  const cuts = cutPoints(n, options.cuts ?? DEFAULT_CUTS, options.seed ?? 1);
  const cutResult = checkCuts(factory, stream, full, cuts, exact);
  const starts = [
    ...new Set((options.warmUpOffsets ?? DEFAULT_WARM_UP_OFFSETS).map((f) => Math.floor(f * n))),
  ]
    .filter((bar) => bar > 0 && bar < n)
    .sort((a, b) => a - b);
  const coldRuns = starts.flatMap((bar) => checkColdStart(factory, stream, full, bar, { exact, recursive }));
  const signals = full.names.map((signal) =>
    verdict(
      signal,
      cutResult.times.length,
      cutResult.differences.filter((d) => d.signal === signal),
      coldRuns.filter((w) => w.signal === signal),
      declaredBars(factory.warmUp[signal], stream.barMs),
    ),
  );
  return {
    bars: n,
    first: (stream.bars[0]?.candle.openTime ?? 0) as EpochMs,
    last: (full.times[n - 1] ?? 0) as EpochMs,
    cuts: cutResult.times,
    signals,
    ok: signals.every((s) => s.ok),
  };
}

function verdict(
  signal: string,
  cutsCompared: number,
  differences: readonly ReadingDifference[],
  warmUps: readonly WarmUpResult[],
  declared: number,
): SignalVerdict {
  const failures: string[] = [];
  const first = differences[0];
  if (first !== undefined)
    failures.push(
      `${signal}: ${differences.length} of ${cutsCompared} cuts differ from the full run, first at ` +
        `${describe(first)} (look-ahead: it read data delivered after the cut)`,
    );
  const verified = warmUps.filter((w) => w.verified);
  for (const w of verified) {
    if (w.lateDifference === undefined) continue;
    const agreed = w.agreesFromBar === null ? 'never agrees' : `agrees only from bar ${w.agreesFromBar}`;
    failures.push(
      `${signal}: started cold at ${isoTime(w.start)} it ${agreed} (declared warm-up ${w.declaredBars} bars); ` +
        `still differs at ${describe(w.lateDifference)}`,
    );
  }
  return {
    signal,
    cutsCompared,
    differences,
    warmUpBarsNeeded: worstAgreement(verified),
    declaredBars: declared,
    warmUps,
    ok: failures.length === 0,
    failures,
  };
}

function describe(d: ReadingDifference): string {
  return `${isoTime(d.time)}: full run ${String(d.full)}, other run ${String(d.other)}`;
}

/** The latest bar of agreement over the verified cold starts. */
function worstAgreement(runs: readonly WarmUpResult[]): SignalVerdict['warmUpBarsNeeded'] {
  if (runs.length === 0) return 'unverified';
  let worst = 0;
  for (const w of runs) {
    if (w.agreesFromBar === null) return 'never';
    worst = Math.max(worst, w.agreesFromBar);
  }
  return worst;
}

import { describe, expect, it } from 'vitest';
import { HOUR_MS, isoTime } from '../../core/index.js';
import { parseConfig } from '../../config/index.js';
import { combinerModelFromArtifact } from '../model/index.js';
import { plantedSentimentDataset } from '../model/test-fixtures.js';
import { trainModel } from '../model/index.js';
import { combinerRescore, type Rescore } from '../../strategy/playbook/model-combiner.js';
import { playbookCombinerSet } from './combiner-factory.js';
import type { EventStream } from './lookahead.types.js';
import { runLookaheadCheck } from './run-check.js';
import { randomWalkStream } from './test-streams.js';

const config = (mode: 'ai' | 'blend') =>
  parseConfig({
    signals: {
      momentum: { horizonsHours: [1, 4], volatilityWindowHours: 12 },
      meanReversion: { windowHours: 8 },
      combiner: { mode, model: 'model.json', blend: 0.5 },
    },
  }).signals;

/** A proper model: the logistic baseline trained on the SYNTHETIC planted-sentiment market. */
const dataset = plantedSentimentDataset(21, 600);
const trained = await trainModel({
  dataset,
  train: Array.from({ length: 400 }, (_, i) => i),
  calibration: Array.from({ length: 150 }, (_, i) => 401 + i),
  test: Array.from({ length: 40 }, (_, i) => 552 + i),
});
const model = combinerModelFromArtifact(trained.artifact, 'model.json');

/**
 * LEAKS: a combiner built with the bars it will be fed (as a model fit on the whole series would be),
 * whose probability at each close is 0.9 when the NEXT close is higher, 0.1 when lower, 0.5 when
 * there is no next bar.
 */
function peekingRescore(stream: EventStream): Rescore {
  const next = new Map<number, number>();
  stream.bars.forEach((bar, i) => {
    const later = stream.bars[i + 1];
    if (later !== undefined) next.set(bar.closeTime, later.candle.close > bar.candle.close ? 0.9 : 0.1);
  });
  return (snapshot) => ({ ...snapshot, score: 2 * (next.get(snapshot.time) ?? 0.5) - 1 });
}

describe('the look-ahead check with the combiner model', () => {
  it('passes a trained model in ai and blend mode, comparing model and score at every cut and cold start', () => {
    const stream = randomWalkStream(400);
    for (const mode of ['ai', 'blend'] as const) {
      const signals = config(mode);
      const rescore = combinerRescore(signals.combiner, model);
      if (rescore === undefined) throw new Error('ai and blend modes rescore');
      const report = runLookaheadCheck(
        playbookCombinerSet(signals, HOUR_MS, () => rescore),
        stream,
        {
          cuts: 20,
          seed: 2,
        },
      );
      expect(report.signals.flatMap((s) => s.failures)).toEqual([]);
      const byName = Object.fromEntries(report.signals.map((s) => [s.signal, s]));
      for (const name of ['model', 'score']) {
        expect(byName[name]?.cutsCompared, name).toBe(20);
        // The longest of the signals' warm-ups: network's 48 h staleness + 1 bar (momentum needs 13).
        expect(byName[name]?.declaredBars, name).toBe(49);
        expect(typeof byName[name]?.warmUpBarsNeeded, `${name} verified by the cold starts`).toBe('number');
      }
    }
  });

  it('fails a combiner that reads the next bar, naming model and score and the time', () => {
    const signals = config('ai');
    const leaking = (stream: EventStream): Rescore => {
      const peek = peekingRescore(stream);
      const proper = combinerRescore(signals.combiner, model);
      if (proper === undefined) throw new Error('ai mode rescores');
      // The model's probability is replaced by the peeking one, as a leaking model would give it.
      return (snapshot) => {
        const score = peek(snapshot).score;
        const rescored = proper(snapshot);
        const combiner = rescored.combiner;
        return combiner === undefined
          ? rescored
          : { ...rescored, score, combiner: { ...combiner, probability: (score + 1) / 2, aiScore: score } };
      };
    };
    const report = runLookaheadCheck(playbookCombinerSet(signals, HOUR_MS, leaking), randomWalkStream(300), {
      cuts: 20,
      seed: 1,
    });
    expect(report.ok).toBe(false);
    const failed = report.signals.filter((s) => !s.ok).map((s) => s.signal);
    expect(failed, 'the five signals stay clean').toEqual(['model', 'score']);
    const modelVerdict = report.signals.find((s) => s.signal === 'model');
    // Every cut but the last bar (where the full run has no next bar either) sees the leak.
    expect(modelVerdict?.differences).toHaveLength(19);
    const first = modelVerdict?.differences[0];
    expect(first?.other, 'cut at this close, the next bar is unknown: p = 0.5').toBe(0.5);
    expect(modelVerdict?.failures[0]).toBe(
      `model: 19 of 20 cuts differ from the full run, first at ${isoTime(first?.time ?? 0)}: ` +
        `full run ${String(first?.full)}, other run 0.5 (look-ahead: it read data delivered after the cut)`,
    );
  });

  it('fails a combiner with a memory of its own (a running mean of its scores), naming score', () => {
    // Its score depends on how many snapshots it has scored since it started, so a run cut at a bar
    // reads something else than the full run there, and a cold start never catches up.
    const signals = config('ai');
    const remembering = (): Rescore => {
      const proper = combinerRescore(signals.combiner, model);
      if (proper === undefined) throw new Error('ai mode rescores');
      let sum = 0;
      let count = 0;
      return (snapshot) => {
        const rescored = proper(snapshot);
        sum += rescored.score;
        count++;
        return { ...rescored, score: sum / count };
      };
    };
    const stream = randomWalkStream(300);
    const report = runLookaheadCheck(playbookCombinerSet(signals, HOUR_MS, remembering), stream, {
      cuts: 10,
    });
    const score = report.signals.find((s) => s.signal === 'score');
    expect(score?.ok).toBe(false);
    expect(score?.differences.length).toBeGreaterThan(0);
    expect(score?.warmUpBarsNeeded).toBe('never');
    expect(score?.failures[0]).toMatch(/^score: \d+ of 10 cuts differ from the full run, first at 2025-/);
    const modelVerdict = report.signals.find((s) => s.signal === 'model');
    expect(modelVerdict?.ok, 'the probability itself has no memory').toBe(true);
  });
});

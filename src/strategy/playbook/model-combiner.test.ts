import { describe, expect, it } from 'vitest';
import { ConfigError, type EpochMs } from '../../core/index.js';
import { defaultConfig, parseConfig } from '../../config/index.js';
import type { ScoreSnapshot, SignalReading } from '../../signals/index.js';
import { combinerRescore, type CombinerModel } from './model-combiner.js';
import { COMBINER_MODEL_PARAM, createStrategy } from './nmr-playbook.js';

const reading = (name: SignalReading['name'], value: number | null): SignalReading => ({
  name,
  family: name === 'network' || name === 'sentiment' ? name : 'price',
  value,
  inputs: {},
});

/** A fixed-weight snapshot scoring 0.2 with sentiment at 0.5. */
const fixed: ScoreSnapshot = {
  time: 1_700_000_000_000 as EpochMs,
  score: 0.2,
  families: {
    price: { value: 0.2, weight: 0.4, effectiveWeight: 1 },
    network: { value: null, weight: 0.35, effectiveWeight: 0 },
    sentiment: { value: 0.5, weight: 0.25, effectiveWeight: 0 },
  },
  signals: [reading('momentum', 0.3), reading('sentiment', 0.5)],
  regime: 'normal',
};

/** A hand-made model: p = 0.8 whatever it is shown, in the high-volatility regime 0.6. */
const model: CombinerModel = {
  probability: (_signals, regime) => (regime === 'high_volatility' ? 0.6 : 0.8),
  model: { kind: 'hand-made', dataHash: 'a'.repeat(64), trainingWindow: { from: 1, to: 2 } },
};

const combiner = (mode: 'fixed' | 'ai' | 'blend', blend = 0.5) =>
  parseConfig({ signals: { combiner: { mode, model: 'm.json', blend } } }).signals.combiner;

describe('combinerRescore', () => {
  it('leaves the fixed-weight score alone in fixed mode (no hook)', () => {
    expect(combinerRescore(combiner('fixed'), model)).toBeUndefined();
  });

  it('scores 2p - 1 in ai mode and records the fixed score, the probability and the model', () => {
    const rescored = combinerRescore(combiner('ai'), model)?.(fixed);
    expect(rescored?.score).toBeCloseTo(0.6, 15);
    expect(rescored?.combiner).toEqual({
      mode: 'ai',
      probability: 0.8,
      aiScore: rescored?.score,
      fixedScore: 0.2,
      blend: 1,
      model: model.model,
    });
    expect(rescored?.families, 'the fixed parts stay in the snapshot').toBe(fixed.families);
    expect(rescored?.signals).toBe(fixed.signals);
  });

  it('mixes (1 - b) x fixed + b x (2p - 1) in blend mode', () => {
    // b = 0.25: 0.75 x 0.2 + 0.25 x 0.6 = 0.3.
    const rescored = combinerRescore(combiner('blend', 0.25), model)?.(fixed);
    expect(rescored?.score).toBeCloseTo(0.3, 15);
    expect(rescored?.combiner?.blend).toBe(0.25);
    expect(rescored?.combiner?.fixedScore).toBe(0.2);
    // The regime reaches the model: p = 0.6 -> 0.2; 0.75 x 0.2 + 0.25 x 0.2 = 0.2.
    const high = combinerRescore(combiner('blend', 0.25), model)?.({ ...fixed, regime: 'high_volatility' });
    expect(high?.score).toBeCloseTo(0.2, 15);
  });

  it('refuses ai or blend mode without a loaded model, naming signals.combiner.model', () => {
    expect(() => combinerRescore(combiner('ai'), undefined)).toThrow(ConfigError);
    expect(() => combinerRescore(combiner('blend'), undefined)).toThrow(
      'signals.combiner.mode is blend but no model was loaded: load signals.combiner.model (m.json)',
    );
  });

  it('stops on a probability outside [0, 1] rather than trading on it', () => {
    const broken: CombinerModel = { ...model, probability: () => Number.NaN };
    expect(() => combinerRescore(combiner('ai'), broken)?.(fixed)).toThrow(/gave probability NaN/);
  });
});

describe('createStrategy (the built-in factory)', () => {
  it('builds the fixed-weight playbook from the default config', () => {
    expect(createStrategy({ config: defaultConfig() }).name).toBe('nmr-playbook');
  });

  it('needs the loaded model in params.combinerModel when the config asks for the ai combiner', () => {
    const config = parseConfig({ signals: { combiner: { mode: 'ai', model: 'm.json' } } });
    expect(() => createStrategy({ config })).toThrow('no model was loaded: load signals.combiner.model');
    expect(createStrategy({ config, [COMBINER_MODEL_PARAM]: model }).name).toBe('nmr-playbook');
  });
});

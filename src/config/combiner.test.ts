import { describe, expect, it } from 'vitest';
import { ConfigError } from '../core/index.js';
import { defaultConfigYaml } from './default-yaml.js';
import { defaultConfig, parseConfig } from './parse.js';

/** The issues a config raises, or [] when it is valid. */
function issuesOf(input: unknown): readonly string[] {
  try {
    parseConfig(input, 'test.yaml');
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.issues;
    throw err;
  }
}

describe('signals.combiner', () => {
  it('defaults to the fixed weights, no model, a blend share of 0.5', () => {
    expect(defaultConfig().signals.combiner).toEqual({ mode: 'fixed', blend: 0.5 });
  });

  it('takes ai or blend with a model path', () => {
    const ai = parseConfig({ signals: { combiner: { mode: 'ai', model: './m.json' } } });
    expect(ai.signals.combiner).toEqual({ mode: 'ai', model: './m.json', blend: 0.5 });
    const blend = parseConfig({ signals: { combiner: { mode: 'blend', model: 'm.json', blend: 0.3 } } });
    expect(blend.signals.combiner.blend).toBe(0.3);
  });

  it('needs signals.combiner.model unless the mode is fixed', () => {
    expect(issuesOf({ signals: { combiner: { mode: 'ai' } } })).toEqual([
      'signals.combiner.model: is required with mode ai: the path of a model artifact (nmrbot model train)',
    ]);
    expect(issuesOf({ signals: { combiner: { mode: 'blend' } } })).toHaveLength(1);
    expect(issuesOf({ signals: { combiner: { mode: 'fixed', model: 'm.json' } } })).toEqual([]);
  });

  it('names a bad mode or a blend share outside 0..1', () => {
    expect(issuesOf({ signals: { combiner: { mode: 'deep', model: 'm.json' } } })).toEqual([
      'signals.combiner.mode: must be one of fixed, ai, blend (got "deep")',
    ]);
    expect(issuesOf({ signals: { combiner: { mode: 'blend', model: 'm.json', blend: 1.5 } } })).toEqual([
      'signals.combiner.blend: must be <= 1',
    ]);
  });

  it('appears in the commented default nmrbot.yaml, the model path commented out', () => {
    const text = defaultConfigYaml();
    expect(text).toContain('  combiner:\n');
    expect(text).toContain('    mode: fixed\n');
    expect(text).toContain('    # model: ./models/nmr-logistic.json\n');
    expect(text).toContain('    blend: 0.5\n');
  });
});

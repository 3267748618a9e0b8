import { describe, expect, it } from 'vitest';
import { isSyntheticTitle, syntheticSource, syntheticTitle } from './title.js';

describe('syntheticTitle', () => {
  it('prefixes [SYNTHETIC] to a title built on synthetic data', () => {
    expect(syntheticTitle('Backtest ema-cross', true)).toBe('[SYNTHETIC] Backtest ema-cross');
  });

  it('leaves a title built on real data as it is', () => {
    expect(syntheticTitle('Backtest ema-cross', false)).toBe('Backtest ema-cross');
  });

  it('never prefixes twice', () => {
    expect(syntheticTitle(syntheticTitle('Weekly review', true), true)).toBe('[SYNTHETIC] Weekly review');
  });
});

describe('isSyntheticTitle', () => {
  it('recognises a prefixed title and nothing else', () => {
    expect(isSyntheticTitle('[SYNTHETIC] Backtest')).toBe(true);
    expect(isSyntheticTitle('Backtest [SYNTHETIC]')).toBe(false);
    expect(isSyntheticTitle('Backtest')).toBe(false);
  });
});

describe('syntheticSource', () => {
  it('names seed, days, start and generator version', () => {
    expect(syntheticSource({ seed: 7, days: 3, start: Date.UTC(2025, 0, 1) })).toBe(
      'synth seed=7 days=3 start=2025-01-01 v1',
    );
    expect(syntheticSource({ seed: 7, days: 3, start: Date.UTC(2025, 0, 1, 6, 30) })).toBe(
      'synth seed=7 days=3 start=2025-01-01T06:30:00.000Z v1',
    );
  });
});

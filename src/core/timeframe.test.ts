import { describe, expect, it } from 'vitest';
import { sourceTimeframes } from './timeframe.js';

describe('sourceTimeframes', () => {
  it('lists the timeframes that resample exactly into the target, finest first', () => {
    expect(sourceTimeframes('1h')).toEqual(['1m', '3m', '5m', '15m', '30m', '1h']);
    expect(sourceTimeframes('8h')).toEqual(['1m', '3m', '5m', '15m', '30m', '1h', '2h', '4h', '8h']);
    expect(sourceTimeframes('1m')).toEqual(['1m']);
  });
});

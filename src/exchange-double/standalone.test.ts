import { afterEach, describe, expect, it } from 'vitest';
import { runStandalone } from './standalone.js';
import { Opened } from './test-helpers.js';

const opened = new Opened();
afterEach(() => opened.closeAll());

describe('runStandalone', () => {
  it('replays the REAL NMRUSDT 1m file of ../shared/data in manual mode after the history asked for', async () => {
    const double = opened.add(await runStandalone(['--port', '0', '--speed', '0', '--history', '100']));
    expect(double.state()).toMatchObject({
      bars: 8_641,
      formingIndex: 100,
      time: Date.UTC(2025, 5, 16, 22, 40),
    });
    expect(double.advance(2)).toBe(2);
    const klines = (await (
      await fetch(`${double.url}/fapi/v1/klines?symbol=NMRUSDT&interval=1m&limit=2`)
    ).json()) as unknown[][];
    expect(klines.map((k) => k[0])).toEqual([Date.UTC(2025, 5, 16, 22, 41), Date.UTC(2025, 5, 16, 22, 42)]);
  });

  it('names a bad argument', async () => {
    await expect(runStandalone(['--speed', 'fast'])).rejects.toThrow(
      '--speed must be a number >= 0, got "fast"',
    );
    await expect(runStandalone(['--store', 'x.db', '--timeframe', '7m'])).rejects.toThrow(
      '--timeframe "7m" is not a timeframe',
    );
  });
});

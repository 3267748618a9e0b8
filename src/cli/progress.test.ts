import { describe, expect, it } from 'vitest';
import {
  ProgressBar,
  type ProgressStream,
  describeProgress,
  formatDuration,
  isCi,
  renderBar,
} from './progress.js';

class Capture implements ProgressStream {
  text = '';
  constructor(
    readonly isTTY: boolean,
    readonly columns = 100,
  ) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
  lines(): string[] {
    return this.text.split('\n').filter(Boolean);
  }
}

/** A clock moving one second per reading. */
function ticking(): () => number {
  let t = 0;
  return () => (t += 1000) - 1000;
}

describe('ProgressBar off a terminal', () => {
  it('prints one plain line per 10 % and a final line, with no carriage returns or colours', () => {
    const out = new Capture(false);
    const bar = new ProgressBar({ label: 'candles 1m', stream: out, now: ticking(), env: {} });
    expect(bar.fancy).toBe(false);
    for (let done = 0; done <= 1000; done += 25) bar.update({ fraction: done / 1000, done, total: 1000 });
    bar.finish('(9 requests)');
    const lines = out.lines();
    expect(lines).toHaveLength(11);
    expect(lines.slice(0, 10).map((l) => l.match(/(\d+)%/)?.[1])).toEqual([
      '0',
      '10',
      '20',
      '30',
      '40',
      '50',
      '60',
      '70',
      '80',
      '90',
    ]);
    expect(lines[4]).toMatch(/^candles 1m {3}40% {2}400\/1,000 rows {2}\d+\.\d rows\/s {2}ETA \d+s$/);
    expect(lines[10]).toMatch(/^candles 1m {2}done {2}1,000 rows in \d+s {2}\(9 requests\)$/);
    expect(out.text).not.toContain('\r');
    expect(out.text, 'no escape sequences').not.toContain('\u001b');
  });

  it('stays plain on a terminal when CI is set', () => {
    const out = new Capture(true);
    const bar = new ProgressBar({ label: 'funding', stream: out, env: { CI: 'true' } });
    bar.update({ fraction: 0.5, done: 40 });
    bar.finish();
    expect(bar.fancy).toBe(false);
    expect(out.lines()[0]).toMatch(/^funding {3}50% {2}40 rows {2}/);
    expect(out.text).not.toContain('\r');
  });

  it('skips deciles it jumps over and never repeats one', () => {
    const out = new Capture(false);
    const bar = new ProgressBar({ label: 'x', stream: out, env: {} });
    for (const f of [0.05, 0.07, 0.55, 0.56, 0.99]) bar.update({ fraction: f, done: 1 });
    expect(out.lines().map((l) => l.match(/(\d+)%/)?.[1])).toEqual(['5', '55', '99']);
  });
});

describe('ProgressBar on a terminal', () => {
  it('redraws one line with a bar, at most every redraw interval, and ends it with a newline', () => {
    const out = new Capture(true, 100);
    let t = 0;
    const bar = new ProgressBar({ label: 'mark 8h', stream: out, env: {}, now: () => t, redrawMs: 100 });
    bar.update({ fraction: 0.1, done: 10, total: 100 });
    t = 50;
    bar.update({ fraction: 0.2, done: 20, total: 100 });
    t = 200;
    bar.update({ fraction: 0.5, done: 50, total: 100 });
    bar.finish();
    const draws = out.text.split('\r\x1b[2K').filter(Boolean);
    expect(draws).toHaveLength(3);
    expect(draws[1]).toMatch(/^mark 8h \[#+\.+\] {2}50% {2}50\/100 rows {2}250 rows\/s {2}ETA 0s$/);
    expect(draws[2]).toBe('mark 8h  done  50 rows in 0s\n');
  });
});

describe('progress formatting', () => {
  it('formats durations', () => {
    expect([0, 4_400, 75_000, 3_725_000, NaN].map(formatDuration)).toEqual([
      '0s',
      '4s',
      '1m15s',
      '1h02m',
      '?',
    ]);
  });

  it('estimates the ETA from the share done so far', () => {
    expect(describeProgress({ fraction: 0.25, done: 250 }, 10_000)).toBe(
      ' 25%  250 rows  25.0 rows/s  ETA 30s',
    );
    expect(describeProgress({ fraction: 0, done: 0 }, 0, 'bars')).toBe('  0%  0 bars  - bars/s  ETA ?');
  });

  it('draws a bar of the given width', () => {
    expect(renderBar(0.5, 10)).toBe('[#####.....]');
    expect(renderBar(2, 4)).toBe('[####]');
  });

  it('reads CI the way CI services set it', () => {
    expect([{}, { CI: 'true' }, { CI: '1' }, { CI: 'false' }, { CI: '0' }, { CI: '' }].map(isCi)).toEqual([
      false,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

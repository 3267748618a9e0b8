import { describe, expect, it } from 'vitest';
import { HOUR_MS, type EpochMs } from '../../core/index.js';
import { defaultConfig } from '../../config/index.js';
import { SIGNAL_NAMES } from '../signal.types.js';
import { PlaybookSignals } from './playbook-signals.js';
import { at, datum, funding, hourBar, smallSignalsConfig } from './test-fixtures.js';

/** Closes whose 1-bar log returns are +0.1, -0.1, +0.1 (the momentum and band worked examples). */
const WORKED_CLOSES = [100, 100 * Math.exp(0.1), 100, 100 * Math.exp(0.1)];

function fedWorkedExample(): PlaybookSignals {
  const signals = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
  WORKED_CLOSES.forEach((close, i) => signals.onBar(hourBar(i, close)));
  signals.onFunding(funding(4, 0.0015));
  signals.onData(datum('sentiment', 'sentiment_score', 0.4, 4));
  return signals;
}

describe('PlaybookSignals', () => {
  it('reads every signal in SIGNAL_NAMES order with its family', () => {
    const readings = new PlaybookSignals(defaultConfig().signals, HOUR_MS).readings();
    expect(readings.map((r) => r.name)).toEqual([...SIGNAL_NAMES]);
    expect(readings.map((r) => r.family)).toEqual(['price', 'price', 'price', 'network', 'sentiment']);
    expect(readings.every((r) => r.value === null)).toBe(true);
  });

  it('warms up exactly at requiredBars bars (73 one-hour bars with the defaults)', () => {
    expect(new PlaybookSignals(defaultConfig().signals, HOUR_MS).requiredBars).toBe(73);
    const signals = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
    expect(signals.requiredBars).toBe(4);
    [10, 11, 10].forEach((close, i) => signals.onBar(hourBar(i, close)));
    expect(signals.isWarm()).toBe(false);
    expect(signals.momentum()).toBeNull();
    expect(signals.readings()[1]?.value, 'mean reversion still warming').toBeNull();
    signals.onBar(hourBar(3, 11));
    expect(signals.isWarm()).toBe(true);
    expect(signals.momentum()).not.toBeNull();
  });

  it('scores the worked example of docs/signals.md: 0.0786 / 0.65 = 0.1209', () => {
    const snap = fedWorkedExample().snapshot(at(4), 'normal');
    const [momentum, meanReversion, fundingReading, network, sentiment] = snap.signals;
    expect(momentum?.value).toBeCloseTo(0.392958198535, 12);
    expect(meanReversion?.value, 'the last close is 1 stdev above the band mean').toBeCloseTo(-0.5, 12);
    expect(fundingReading?.value).toBeCloseTo(-0.5, 12);
    expect(network?.value).toBeNull();
    expect(sentiment?.value).toBe(0.4);
    expect(snap.families.price.value, '0.5 x 0.39296 - 0.25 x 0.5 - 0.25 x 0.5').toBeCloseTo(
      -0.053520900733,
      12,
    );
    expect(snap.families.price.effectiveWeight).toBeCloseTo(0.4 / 0.65, 12);
    expect(snap.families.sentiment.effectiveWeight).toBeCloseTo(0.25 / 0.65, 12);
    expect(snap.score).toBeCloseTo(0.120910214934, 12);
  });

  it('exposes funding, its extreme side and the sentiment value as conveniences', () => {
    const signals = fedWorkedExample();
    expect(signals.funding().inputs['rate8h']).toBe(0.0015);
    expect(signals.fundingExtreme()).toBe('longs_pay');
    signals.onFunding(funding(8, -0.002));
    expect(signals.fundingExtreme()).toBe('shorts_pay');
    signals.onFunding(funding(16, 0.0005));
    expect(signals.fundingExtreme()).toBeUndefined();
    expect(signals.sentiment(at(4))).toBe(0.4);
  });

  it('lets sentiment go stale as later events advance its clock (12 h after availableAt)', () => {
    const signals = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
    expect(signals.sentiment()).toBeNull();
    signals.onData(datum('sentiment', 'sentiment_score', -0.3, 1));
    for (let i = 1; i < 12; i++) signals.onBar(hourBar(i, 10)); // last close at 12 h: 11 h old
    expect(signals.sentiment()).toBe(-0.3);
    signals.onBar(hourBar(12, 10)); // closes at 13 h: 12 h old, still usable
    expect(signals.sentiment()).toBe(-0.3);
    signals.onFunding({ ...funding(13, 0), time: (at(13) + 1) as EpochMs });
    expect(signals.sentiment(), '12 h + 1 ms old').toBeNull();
    expect(signals.readings(at(13))[4]?.value, 'an explicit time reads as of then').toBe(-0.3);
  });

  it('routes network data to the network signal and leaves sentiment alone', () => {
    const signals = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
    signals.onData(datum('numerai', 'network_health', 0.5, 0));
    signals.onData(datum('onchain', 'exchange_netflow_z', -3, 0)); // out of exchanges: +1
    const readings = signals.readings();
    expect(readings[3]?.value).toBeCloseTo(0.75, 12);
    expect(readings[4]?.value).toBeNull();
  });

  it('ignores bars of another length and bars that do not close after the last one', () => {
    const fed = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
    const clean = new PlaybookSignals(smallSignalsConfig(), HOUR_MS);
    [10, 11, 9, 12, 10].forEach((close, i) => {
      fed.onBar(hourBar(i, close));
      fed.onBar(hourBar(i, 50)); // the same bar again
      fed.onBar(hourBar(i, 70, '15m'));
      clean.onBar(hourBar(i, close));
    });
    expect(fed.readings()).toEqual(clean.readings());
  });

  it('refuses a bar length that is not a positive whole number of milliseconds', () => {
    expect(() => new PlaybookSignals(defaultConfig().signals, 0)).toThrow(RangeError);
    expect(() => new PlaybookSignals(defaultConfig().signals, 1.5)).toThrow(RangeError);
  });
});

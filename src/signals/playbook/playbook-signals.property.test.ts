import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '../../core/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import type { ScoreSnapshot } from '../signal.types.js';
import { PlaybookSignals } from './playbook-signals.js';
import { at, datum, funding, hourBar, smallSignalsConfig } from './test-fixtures.js';

type Event =
  | { readonly kind: 'bar'; readonly bar: BarEvent }
  | { readonly kind: 'funding'; readonly event: FundingRateEvent }
  | { readonly kind: 'data'; readonly event: DataEvent };

/** A synthetic market: a price path of random log returns (flat runs included), funding and feed data. */
const syntheticMarket = fc
  .record({
    start: fc.double({ min: 1e-4, max: 1e4, noNaN: true }),
    returns: fc.array(fc.oneof(fc.constant(0), fc.double({ min: -0.5, max: 0.5, noNaN: true })), {
      minLength: 1,
      maxLength: 120,
    }),
    rates: fc.array(fc.double({ min: -0.05, max: 0.05, noNaN: true }), { maxLength: 20 }),
    feed: fc.array(
      fc.record({
        channel: fc.constantFrom(
          ['numerai', 'network_health'],
          ['onchain', 'exchange_netflow_z'],
          ['sentiment', 'sentiment_score'],
        ),
        value: fc.double({ min: -50, max: 50, noNaN: true }),
      }),
      { maxLength: 20 },
    ),
    missingFamily: fc.constantFrom('zero', 'renormalise'),
  })
  .map(({ start, returns, rates, feed, missingFamily }): { events: Event[]; missingFamily: string } => {
    let close = start;
    const events: Event[] = returns.map((r, i) => {
      close *= Math.exp(r);
      return { kind: 'bar', bar: hourBar(i, close) };
    });
    rates.forEach((rate, k) => {
      const slot = Math.floor((k * events.length) / Math.max(1, rates.length));
      events.splice(slot, 0, { kind: 'funding', event: funding(slot, rate) });
    });
    feed.forEach(({ channel, value }, k) => {
      const slot = Math.floor((k * events.length) / Math.max(1, feed.length));
      events.splice(slot, 0, { kind: 'data', event: datum(channel[0], channel[1], value, slot) });
    });
    return { events, missingFamily };
  });

function replay(events: readonly Event[], missingFamily: string): ScoreSnapshot[] {
  const signals = new PlaybookSignals(smallSignalsConfig({ missingFamily }), HOUR_MS);
  return events.map((e, i) => {
    if (e.kind === 'bar') signals.onBar(e.bar);
    else if (e.kind === 'funding') signals.onFunding(e.event);
    else signals.onData(e.event);
    return signals.snapshot(at(i + 1), 'normal');
  });
}

describe('PlaybookSignals over synthetic markets (property)', () => {
  it('keeps every signal value and the score in [-1, 1], never NaN', () => {
    fc.assert(
      fc.property(syntheticMarket, ({ events, missingFamily }) => {
        for (const snap of replay(events, missingFamily)) {
          expect(snap.score).toBeGreaterThanOrEqual(-1);
          expect(snap.score).toBeLessThanOrEqual(1);
          for (const reading of snap.signals) {
            if (reading.value === null) continue;
            expect(reading.value, reading.name).toBeGreaterThanOrEqual(-1);
            expect(reading.value, reading.name).toBeLessThanOrEqual(1);
          }
          for (const family of Object.values(snap.families)) {
            expect(Number.isNaN(family.effectiveWeight)).toBe(false);
            if (family.value !== null) expect(Math.abs(family.value)).toBeLessThanOrEqual(1);
          }
          const inputs = snap.signals.flatMap((r) => Object.values(r.inputs));
          expect(
            inputs.some((x) => Number.isNaN(x)),
            'no NaN input',
          ).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('reads identically when the same events are fed into fresh instances (determinism)', () => {
    fc.assert(
      fc.property(syntheticMarket, ({ events, missingFamily }) => {
        expect(replay(events, missingFamily)).toEqual(replay(events, missingFamily));
      }),
      { numRuns: 100 },
    );
  });

  it('gives the same reading at event i whether or not later events follow (no look-ahead)', () => {
    fc.assert(
      fc.property(syntheticMarket, fc.nat(), ({ events, missingFamily }, cut) => {
        const i = cut % events.length;
        const prefix = replay(events.slice(0, i + 1), missingFamily);
        const full = replay(events, missingFamily);
        expect(full[i]).toEqual(prefix[i]);
      }),
      { numRuns: 100 },
    );
  });
});

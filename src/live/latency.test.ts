import { describe, expect, it } from 'vitest';
import { LatencyRecorder, nearestRank, percentiles } from './latency.js';

describe('percentiles', () => {
  it('uses the nearest rank: p50 of 1..10 is 5, p99 is 10', () => {
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
    expect(percentiles([10, 9, 8, 7, 6, 5, 4, 3, 2, 1])).toEqual({ count: 10, p50: 5, p99: 10, max: 10 });
  });

  it('takes the 99th of 100 samples as p99 and nothing for no samples', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(samples)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(percentiles([])).toBeUndefined();
  });
});

describe('LatencyRecorder', () => {
  it('measures decision → send → acknowledgement per order, counting the first send only', () => {
    let now = 0;
    const warnings: string[] = [];
    const rec = new LatencyRecorder({ now: () => now, warnAckAboveMs: 100, warn: (m) => warnings.push(m) });
    rec.decided('a');
    now = 0.25;
    rec.sent('a');
    now = 12.25;
    rec.sent('a'); // a retry
    now = 40.25;
    rec.acknowledged('a');
    rec.decided('b');
    now = 40.75;
    rec.sent('b');
    now = 190.75;
    rec.acknowledged('b');
    rec.acknowledged('b'); // a second answer (websocket after REST) does not move it
    const report = rec.report();
    expect(report.decisionToSend).toEqual({ count: 2, p50: 0.25, p99: 0.5, max: 0.5 });
    expect(report.sendToAck).toEqual({ count: 2, p50: 40, p99: 150, max: 150 });
    expect(report.decisionToAck).toEqual({ count: 2, p50: 40.25, p99: 150.5, max: 150.5 });
    expect(warnings).toEqual(['order b: acknowledgement took 150.0 ms, over the 100 ms budget']);
  });

  it('does not warn without a budget (the local double)', () => {
    let now = 0;
    const warnings: string[] = [];
    const rec = new LatencyRecorder({ now: () => now, warn: (m) => warnings.push(m) });
    rec.decided('a');
    rec.sent('a');
    now = 5000;
    rec.acknowledged('a');
    expect(warnings).toEqual([]);
  });
  it('hands each order its complete record once, when acknowledged (to journal it)', () => {
    let now = 0;
    const measured: string[] = [];
    const rec = new LatencyRecorder({
      now: () => now,
      onMeasured: (r) => measured.push(`${r.clientOrderId} ${r.decidedAt} ${r.sentAt} ${r.ackAt}`),
    });
    rec.decided('a');
    now = 0.5;
    rec.sent('a');
    now = 3;
    rec.acknowledged('a');
    rec.acknowledged('a');
    rec.decided('b'); // never sent: never measured
    rec.acknowledged('b');
    expect(measured).toEqual(['a 0 0.5 3']);
  });
});

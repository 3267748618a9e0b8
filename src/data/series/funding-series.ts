import { type EpochMs, HOUR_MS, MINUTE_MS } from '../../core/index.js';

/** One funding settlement. Positive rate: longs pay shorts. */
export interface FundingEvent {
  /** Settlement time as the venue reported it (Binance often adds 1 ms). */
  readonly time: EpochMs;
  /** Rate for this settlement's interval (not normalised). */
  readonly rate: number;
  /** Mark price at settlement when the venue reported it. */
  readonly markPrice?: number | undefined;
  /** Interval in hours when the venue stated it; otherwise inferred from spacing. */
  readonly intervalHours?: number | undefined;
}

/** A stretch of settlements sharing one interval. */
export interface FundingSegment {
  readonly from: EpochMs;
  readonly to: EpochMs;
  readonly intervalHours: number;
  readonly events: number;
}

export interface FundingGap {
  readonly after: EpochMs;
  readonly before: EpochMs;
  readonly missing: number;
}

const SETTLEMENT_INTERVALS_H = [1, 2, 4, 8] as const;
/** Settlements can be reported up to about a minute late; spacings are compared with this slack. */
const SPACING_TOLERANCE_MS = 2 * MINUTE_MS;

function asInterval(spacingMs: number): number | undefined {
  return SETTLEMENT_INTERVALS_H.find((h) => Math.abs(spacingMs - h * HOUR_MS) <= SPACING_TOLERANCE_MS);
}

/**
 * Funding settlements in time order, interval-aware. The interval of each settlement is the one the
 * venue stated, else inferred from the spacing to the previous one. A spacing becomes the new interval
 * only when two consecutive spacings agree; a lone longer spacing is a gap (missed settlements) under
 * the interval in force. Never assumes 8 h.
 */
export class FundingSeries {
  readonly events: readonly FundingEvent[];
  readonly intervalHours: readonly number[];

  constructor(events: readonly FundingEvent[], defaultIntervalHours = 8) {
    for (let i = 1; i < events.length; i++) {
      if ((events[i]?.time ?? 0) <= (events[i - 1]?.time ?? 0)) {
        throw new RangeError(`funding events must be in increasing time order (event ${i})`);
      }
    }
    this.events = events;
    this.intervalHours = inferIntervals(events, defaultIntervalHours);
  }

  get length(): number {
    return this.events.length;
  }

  /** Rate of event i normalised to 8 h: rate * 8 / intervalHours. */
  rate8h(i: number): number {
    const e = this.events[i];
    const h = this.intervalHours[i];
    if (!e || h === undefined) throw new RangeError(`funding event ${i} outside series of ${this.length}`);
    return (e.rate * 8) / h;
  }

  segments(): FundingSegment[] {
    const out: FundingSegment[] = [];
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i] as FundingEvent;
      const h = this.intervalHours[i] as number;
      const prev = out[out.length - 1];
      if (prev && prev.intervalHours === h)
        out[out.length - 1] = { ...prev, to: e.time, events: prev.events + 1 };
      else out.push({ from: e.time, to: e.time, intervalHours: h, events: 1 });
    }
    return out;
  }

  /** Spacings longer than the interval in force: settlements the series is missing. */
  gaps(): FundingGap[] {
    const out: FundingGap[] = [];
    for (let i = 1; i < this.events.length; i++) {
      const prev = this.events[i - 1] as FundingEvent;
      const cur = this.events[i] as FundingEvent;
      const intervalMs = (this.intervalHours[i] as number) * HOUR_MS;
      const spacing = cur.time - prev.time;
      const missing = Math.round(spacing / intervalMs) - 1;
      if (missing > 0 && spacing > intervalMs + SPACING_TOLERANCE_MS) {
        out.push({ after: prev.time, before: cur.time, missing });
      }
    }
    return out;
  }

  /** Share of [from, to) covered by real settlements: each event covers the interval ending at it. */
  coverage(from: number, to: number): number {
    if (to <= from) return 0;
    let covered = 0;
    for (let i = 0; i < this.events.length; i++) {
      const e = this.events[i] as FundingEvent;
      const start = e.time - (this.intervalHours[i] as number) * HOUR_MS;
      covered += Math.max(0, Math.min(e.time, to) - Math.max(start, from));
    }
    return Math.min(1, covered / (to - from));
  }
}

function inferIntervals(events: readonly FundingEvent[], defaultHours: number): number[] {
  const spacing = events.map((e, i) =>
    i === 0 ? undefined : asInterval(e.time - (events[i - 1]?.time ?? 0)),
  );
  const out: number[] = [];
  let current: number | undefined;
  for (let i = 0; i < events.length; i++) {
    const stated = events[i]?.intervalHours;
    const s = spacing[i];
    if (stated !== undefined) current = stated;
    else if (
      s !== undefined &&
      (s === current || current === undefined || spacing[i + 1] === s || spacing[i - 1] === s)
    ) {
      current = s;
    }
    out.push(current ?? NaN);
  }
  // The first events take the first interval seen after them.
  const firstKnown = out.find((h) => !Number.isNaN(h)) ?? defaultHours;
  return out.map((h) => (Number.isNaN(h) ? firstKnown : h));
}

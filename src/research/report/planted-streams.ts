import { type EpochMs, HOUR_MS } from '../../core/index.js';
import { SynthRandom } from '../../data/index.js';
import type { BarEvent, DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { type EventStream, mergeEvents } from '../lookahead/index.js';

/**
 * SYNTHETIC streams with a planted effect, for the research tests only: one-hour bars of a seeded
 * random walk (0.5% per hour), funding every 8 h, network_health every 24 h.
 */
export const PLANT_T0 = Date.UTC(2025, 0, 6);
const SYMBOL = 'NMR/USDT:USDT';

export interface PlantOptions {
  readonly days: number;
  readonly seed: number;
  /** Plant sentiment_score = clamp(k * the next 4 h return + noise) at every bar close. */
  readonly sentimentPredicts4h?: boolean;
  /** Make one settlement in four +0.3%/8h and drift the price down 0.2%/h for the 24 h after it. */
  readonly fundingReversion?: boolean;
}

export function plantedStream(o: PlantOptions): EventStream {
  const random = new SynthRandom(o.seed);
  const hours = o.days * 24;
  const funding: FundingRateEvent[] = [];
  const drift = new Array<number>(hours).fill(0);
  for (let h = 0; h < hours; h += 8) {
    const extreme = o.fundingReversion === true && random.chance(1 / 4);
    const rate = extreme ? 0.003 : 0.0001 + 0.0002 * random.normal();
    if (extreme) for (let k = h; k < Math.min(hours, h + 24); k++) drift[k] = (drift[k] ?? 0) - 0.002;
    funding.push({
      symbol: SYMBOL,
      time: (PLANT_T0 + h * HOUR_MS) as EpochMs,
      rate,
      intervalHours: 8,
      rate8h: rate,
      markPrice: 10,
      source: 'real',
    });
  }
  const closes: number[] = [];
  const bars: BarEvent[] = [];
  let close = 10;
  for (let i = 0; i < hours; i++) {
    const open = close;
    close *= Math.exp((drift[i] ?? 0) + 0.005 * random.normal());
    closes.push(close);
    const openTime = (PLANT_T0 + i * HOUR_MS) as EpochMs;
    bars.push({
      symbol: SYMBOL,
      timeframe: '1h',
      candle: { openTime, open, high: Math.max(open, close), low: Math.min(open, close), close, volume: 1 },
      closeTime: (openTime + HOUR_MS) as EpochMs,
    });
  }
  const data: DataEvent[] = [];
  const datum = (source: string, key: string, time: number, value: number): DataEvent => ({
    source,
    key,
    eventTime: time as EpochMs,
    availableAt: time as EpochMs,
    value,
    payload: { synthetic: true },
  });
  for (let h = 0; h < hours; h += 24)
    data.push(datum('numerai', 'network_health', PLANT_T0 + h * HOUR_MS, 0.5 * random.normal()));
  if (o.sentimentPredicts4h === true) {
    for (let i = 0; i + 4 < hours; i++) {
      const now = closes[i] ?? 1;
      const later = closes[i + 4] ?? now;
      const value = Math.max(-1, Math.min(1, 40 * (later / now - 1) + 0.3 * random.normal()));
      data.push(datum('sentiment', 'sentiment_score', PLANT_T0 + (i + 1) * HOUR_MS, value));
    }
  }
  return mergeEvents({ barMs: HOUR_MS, bars, funding, data });
}

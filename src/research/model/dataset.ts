import { InputError, type EpochMs } from '../../core/index.js';
import type { SignalsConfig } from '../../config/index.js';
import type { CandleSeries } from '../../data/index.js';
import { PlaybookSignals, type Regime } from '../../signals/index.js';
import type { DataEvent, FundingRateEvent } from '../../strategy/index.js';
import { featureNames, featureVector } from './features.js';
import { forwardLabel, type ForwardLabel } from './labels.js';

export interface DatasetOptions {
  readonly bars: CandleSeries;
  readonly symbol?: string | undefined;
  readonly funding?: readonly FundingRateEvent[] | undefined;
  readonly data?: readonly DataEvent[] | undefined;
  readonly signals: SignalsConfig;
  /** Label horizon in bars, at least 1. */
  readonly horizonBars: number;
  /** Round-trip cost as a fraction of price (see roundTripCost). */
  readonly cost: number;
  /** The regime at a bar close; must itself use only data up to that close. Omit for no regime column. */
  readonly regime?: ((barIndex: number, closeTime: EpochMs) => Regime) | undefined;
  /** Start at the first bar where the bar signals are warm (default true). */
  readonly skipWarmUp?: boolean | undefined;
}

export interface Sample {
  readonly barIndex: number;
  /** The bar close at which the features were read. */
  readonly time: EpochMs;
  readonly features: readonly number[];
  /** Null for the last `horizonBars` bars, whose forward move is not in the series yet. */
  readonly label: ForwardLabel | null;
}

export interface Dataset {
  readonly features: readonly string[];
  readonly horizonBars: number;
  readonly cost: number;
  /** One per bar close, consecutive bars (from the first warm bar with skipWarmUp). */
  readonly samples: readonly Sample[];
}

const byTime = <T>(items: readonly T[], time: (item: T) => number): T[] =>
  [...items].sort((a, b) => time(a) - time(b));

/**
 * Runs PlaybookSignals forward over the bars and records the features at each bar close. Events are
 * delivered as the backtest orders them: at one instant data first, then the bar close, then the
 * funding settlement, so a close's features hold data with availableAt <= close and settlements
 * strictly before it, and nothing later.
 */
export function buildDataset(options: DatasetOptions): Dataset {
  const { bars, horizonBars, cost } = options;
  if (!Number.isInteger(horizonBars) || horizonBars < 1)
    throw new InputError(`horizonBars must be an integer >= 1, got ${horizonBars}`);
  if (!(cost >= 0)) throw new InputError(`cost must be >= 0, got ${cost}`);
  const signals = new PlaybookSignals(options.signals, bars.timeframeMs);
  const funding = byTime(options.funding ?? [], (e) => e.time);
  const data = byTime(options.data ?? [], (e) => e.availableAt);
  const symbol = options.symbol ?? 'NMR/USDT:USDT';
  const samples: Sample[] = [];
  let f = 0;
  let d = 0;
  for (let i = 0; i < bars.length; i++) {
    const close = bars.closeTime(i);
    for (;;) {
      const nextData = data[d];
      const nextFunding = funding[f];
      const dataDue = nextData !== undefined && nextData.availableAt <= close;
      const fundingDue = nextFunding !== undefined && nextFunding.time < close;
      if (dataDue && (!fundingDue || nextData.availableAt <= nextFunding.time)) {
        signals.onData(nextData);
        d++;
      } else if (fundingDue) {
        signals.onFunding(nextFunding);
        f++;
      } else break;
    }
    signals.onBar({ symbol, timeframe: bars.timeframe, candle: bars.at(i), closeTime: close });
    if ((options.skipWarmUp ?? true) && !signals.isWarm()) continue;
    samples.push({
      barIndex: i,
      time: close,
      features: featureVector(signals.readings(close), options.regime?.(i, close)),
      label: forwardLabel(bars.close, i, horizonBars, cost),
    });
  }
  return { features: featureNames(options.regime !== undefined), horizonBars, cost, samples };
}

/** The labelled samples as a matrix: rows, 0/1 labels, forward returns and their sample indices. */
export function labelledRows(dataset: Dataset): {
  rows: number[][];
  labels: number[];
  returns: number[];
  sampleIndex: number[];
} {
  const out = {
    rows: [] as number[][],
    labels: [] as number[],
    returns: [] as number[],
    sampleIndex: [] as number[],
  };
  dataset.samples.forEach((s, k) => {
    if (s.label === null) return;
    out.rows.push([...s.features]);
    out.labels.push(s.label.label);
    out.returns.push(s.label.forwardReturn);
    out.sampleIndex.push(k);
  });
  return out;
}

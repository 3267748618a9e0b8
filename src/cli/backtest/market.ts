import { DAY_MS, InputError, isoTime } from '../../core/index.js';
import type { NmrbotConfig } from '../../config/index.js';
import {
  DEFAULT_SYNTH_START,
  type MarketStore,
  SYNTHETIC_EXCHANGE,
  SYNTHETIC_SYMBOL,
} from '../../data/index.js';
import { syntheticFeedEvents } from '../../research/lookahead/index.js';
import type { DataEvent } from '../../strategy/index.js';
import { runSynth } from '../commands/data-synth.js';
import { parseWhen } from './backtest-spec.js';
import { storedAltData } from './stored-alt-data.js';

/** The market a command runs on: exchange, symbol and the span of bar open times. */
export interface MarketChoice {
  readonly exchange: string;
  readonly symbol: string;
  readonly from?: number | undefined;
  readonly to?: number | undefined;
}

/** The span and market flags shared by `backtest`, `check lookahead` and `research`. */
export interface MarketFlags {
  from?: string | undefined;
  to?: string | undefined;
  synthetic?: boolean | undefined;
  days: string;
  seed: string;
}

export function wholeNumber(flag: string, text: string, min: number): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`${flag} must be a whole number >= ${min}, got "${text}"`);
  return n;
}

/**
 * With `--synthetic`: generates the market into the store under `synthetic-<tag>-<seed>-<days>d` and
 * cuts it with `--from`/`--to` when given. Otherwise the configured market over `--from` (default
 * `data.history`) to `--to` (default now).
 */
export function chooseMarket(
  store: MarketStore,
  config: NmrbotConfig,
  flags: MarketFlags,
  tag: string,
  now: number,
): MarketChoice {
  const when = (flag: string, text: string | undefined): number | undefined =>
    text === undefined ? undefined : parseWhen(flag, text, now);
  if (flags.synthetic) {
    const days = wholeNumber('--days', flags.days, 1);
    // The seed is checked by the generator (any integer); commands with stricter needs check it first.
    const exchange = `${SYNTHETIC_EXCHANGE}-${tag}-${flags.seed}-${days}d`;
    runSynth(store, {
      days: String(days),
      seed: flags.seed,
      start: isoTime(DEFAULT_SYNTH_START).slice(0, 10),
      exchange,
      symbol: SYNTHETIC_SYMBOL,
    });
    return {
      exchange,
      symbol: SYNTHETIC_SYMBOL,
      from: when('--from', flags.from),
      to: when('--to', flags.to),
    };
  }
  const from = parseWhen('--from', flags.from ?? config.data.history, now);
  const to = when('--to', flags.to) ?? now;
  if (to <= from) throw new InputError(`--to (${isoTime(to)}) must be after --from (${isoTime(from)})`);
  return { exchange: config.exchange.id, symbol: config.exchange.symbol, from, to };
}

/**
 * The feed data to replay: generated feeds over the synthetic span, else the stored rows of the span
 * (saying on stderr what each feed contributed).
 */
export function replayedFeeds(
  store: MarketStore,
  flags: MarketFlags,
  span: { from?: number | undefined; to?: number | undefined },
): DataEvent[] {
  if (flags.synthetic) {
    const days = wholeNumber('--days', flags.days, 1);
    const seed = wholeNumber('--seed', flags.seed, 0);
    return syntheticFeedEvents(DEFAULT_SYNTH_START, DEFAULT_SYNTH_START + days * DAY_MS, seed);
  }
  const stored = storedAltData(store, span.from, span.to);
  process.stderr.write(`${stored.note}\n`);
  return stored.events;
}

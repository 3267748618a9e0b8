import { formatUnits } from 'viem';
import type { AltDatum } from '../../data/index.js';
import type { EpochMs } from '../../core/index.js';
import type { ZScore } from './netflow-z.js';
import type { TransferTotals } from './transfer-totals.js';

export const ONCHAIN_SOURCE = 'onchain';

/** The keys the feed writes under source `onchain`, one row each per UTC hour. */
export const ONCHAIN_KEYS = {
  exchangeInflow: 'exchange_inflow',
  exchangeOutflow: 'exchange_outflow',
  exchangeNetflow: 'exchange_netflow',
  exchangeNetflowZ: 'exchange_netflow_z',
  whaleCount: 'whale_count',
  whaleVolume: 'whale_volume',
  burns: 'burns',
  numeraiInflow: 'numerai_inflow',
  numeraiOutflow: 'numerai_outflow',
} as const;

/** One complete, confirmed UTC hour of transfers. */
export interface HourSummary {
  readonly hourStart: EpochMs;
  /** When the hour could first be known: see `docs/feeds.md`, On-chain. */
  readonly availableAt: EpochMs;
  readonly firstBlock: number;
  /** The hour's last block (`firstBlock - 1` for an hour without blocks). */
  readonly lastBlock: number;
  readonly totals: TransferTotals;
}

/** An amount as an exact decimal string of the token (NMR has 18 decimals). */
export function tokenAmount(units: bigint, decimals: number): string {
  return formatUnits(units, decimals);
}

/** The hour's rows: amounts in NMR (value rounded to a double, `payload.nmr` exact). */
export function hourRows(hour: HourSummary, decimals: number, whaleThresholdNmr: number): AltDatum[] {
  const t = hour.totals;
  const base = { source: ONCHAIN_SOURCE, eventTime: hour.hourStart, availableAt: hour.availableAt };
  const amount = (key: string, units: bigint, extra: object = {}): AltDatum => {
    const nmr = tokenAmount(units, decimals);
    return { ...base, key, value: Number(nmr), payload: { nmr, ...extra } };
  };
  const byExchange = (m: ReadonlyMap<string, bigint>): Record<string, string> =>
    Object.fromEntries(
      [...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, tokenAmount(v, decimals)]),
    );
  return [
    amount(ONCHAIN_KEYS.exchangeInflow, t.exchangeIn, { byExchange: byExchange(t.exchangeInBy) }),
    amount(ONCHAIN_KEYS.exchangeOutflow, t.exchangeOut, { byExchange: byExchange(t.exchangeOutBy) }),
    amount(ONCHAIN_KEYS.exchangeNetflow, t.exchangeIn - t.exchangeOut, {
      fromBlock: hour.firstBlock,
      toBlock: hour.lastBlock,
      transfers: t.transfers,
    }),
    {
      ...base,
      key: ONCHAIN_KEYS.whaleCount,
      value: t.whaleCount,
      payload: { thresholdNmr: whaleThresholdNmr },
    },
    amount(ONCHAIN_KEYS.whaleVolume, t.whaleVolume),
    amount(ONCHAIN_KEYS.burns, t.burns),
    amount(ONCHAIN_KEYS.numeraiInflow, t.numeraiIn),
    amount(ONCHAIN_KEYS.numeraiOutflow, t.numeraiOut),
  ];
}

export function netflowZRow(hour: HourSummary, score: ZScore, windowHours: number): AltDatum {
  return {
    source: ONCHAIN_SOURCE,
    key: ONCHAIN_KEYS.exchangeNetflowZ,
    eventTime: hour.hourStart,
    availableAt: hour.availableAt,
    value: score.z,
    payload: { windowHours, mean: score.mean, std: score.std },
  };
}

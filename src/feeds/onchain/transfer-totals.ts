import type { WalletLabels } from './labels.js';
import type { TransferLog } from './rpc-client.js';

const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000';

/** One hour's transfers summed by kind, in token base units (exact). */
export interface TransferTotals {
  transfers: number;
  exchangeIn: bigint;
  exchangeOut: bigint;
  /** Per exchange id (`binance`, ...). */
  readonly exchangeInBy: Map<string, bigint>;
  readonly exchangeOutBy: Map<string, bigint>;
  whaleCount: number;
  whaleVolume: bigint;
  burns: bigint;
  numeraiIn: bigint;
  numeraiOut: bigint;
}

export function emptyTotals(): TransferTotals {
  return {
    transfers: 0,
    exchangeIn: 0n,
    exchangeOut: 0n,
    exchangeInBy: new Map(),
    exchangeOutBy: new Map(),
    whaleCount: 0,
    whaleVolume: 0n,
    burns: 0n,
    numeraiIn: 0n,
    numeraiOut: 0n,
  };
}

/**
 * Sorts each Transfer into the hourly measures:
 * - burn: `to` is 0x0 (NMR burns emit `Transfer(account, 0x0, value)`); counted only as a burn, never as
 *   an exchange or Numerai flow. A mint (`from` 0x0) is no flow either.
 * - exchange inflow: to a labelled exchange wallet from a wallet that is not one; outflow the mirror.
 *   Moves between exchange wallets (internal shuffles, exchange to exchange) are neither.
 * - Numerai inflow/outflow: the same rule with the Numerai wallets, independent of the exchange rule.
 * - whale: a transfer of at least `whaleThreshold` between two non-zero addresses.
 */
export class TransferClassifier {
  readonly #labels: WalletLabels;
  readonly #whaleThreshold: bigint;

  constructor(labels: WalletLabels, whaleThreshold: bigint) {
    this.#labels = labels;
    this.#whaleThreshold = whaleThreshold;
  }

  add(totals: TransferTotals, log: TransferLog): void {
    totals.transfers++;
    const { from, to, value } = log;
    if (to === ZERO_ADDRESS) {
      totals.burns += value;
      return;
    }
    if (from === ZERO_ADDRESS) return;
    if (value >= this.#whaleThreshold) {
      totals.whaleCount++;
      totals.whaleVolume += value;
    }
    const fromExchange = this.#labels.exchanges.get(from);
    const toExchange = this.#labels.exchanges.get(to);
    if (toExchange !== undefined && fromExchange === undefined) {
      totals.exchangeIn += value;
      addTo(totals.exchangeInBy, toExchange.group, value);
    } else if (fromExchange !== undefined && toExchange === undefined) {
      totals.exchangeOut += value;
      addTo(totals.exchangeOutBy, fromExchange.group, value);
    }
    const fromNumerai = this.#labels.numerai.has(from);
    const toNumerai = this.#labels.numerai.has(to);
    if (toNumerai && !fromNumerai) totals.numeraiIn += value;
    else if (fromNumerai && !toNumerai) totals.numeraiOut += value;
  }
}

function addTo(map: Map<string, bigint>, key: string, value: bigint): void {
  map.set(key, (map.get(key) ?? 0n) + value);
}

import type { EpochMs, Fill } from '../core/index.js';
import type { FillEffect } from '../portfolio/index.js';
import type { ManualNote } from './manual-order.types.js';
import type { ManualTradeRecord, TradeRecord } from './trade.types.js';

interface OpenTrade {
  id: number;
  symbol: string;
  side: 'long' | 'short';
  signalType: string;
  entryTime: EpochMs;
  entryNotional: number;
  entryQty: number;
  exitNotional: number;
  exitQty: number;
  held: number;
  maxHeld: number;
  leverage: number;
  grossPnl: number;
  fees: number;
  funding: number;
  slippageCost: number;
  entrySnapshot: unknown;
  /** The note of the first manual order that touched the trade. */
  manual: ManualNote | undefined;
}

/** True when a manual order touched the trade. */
export function isManualTrade(trade: TradeRecord): trade is ManualTradeRecord {
  return (trade as Partial<ManualTradeRecord>).origin === 'manual';
}

/** Turns fills, funding and liquidations into round-trip trade records. */
export class TradeTracker {
  readonly closed: TradeRecord[] = [];
  #open = new Map<string, OpenTrade>();
  #nextId = 1;

  openTrade(symbol: string): Readonly<OpenTrade> | undefined {
    return this.#open.get(symbol);
  }

  /**
   * `entrySnapshot`: what the decision behind the fill was based on (kept when the fill opens a trade).
   *
   * The portfolio decides what the fill closed and opened: the trade ends exactly when the fill closes
   * the position (`effect.closedPosition`), never on this tracker's own running sum of quantities, which
   * drifts from the portfolio's in float (fills of 410.3 + 261.9 + ... summing to 7400.900000000001)
   * and would leave a "still open" trade that swallows the next one. The fee and slippage of a flip are
   * split between its legs by quantity, as the portfolio splits the fee.
   *
   * `manual`: the operator's note when the fill is a manual order's; the trade it closes, reduces,
   * grows or opens becomes a manual trade (the first manual note wins).
   */
  onFill(
    fill: Fill,
    effect: FillEffect,
    leverage: number,
    entrySnapshot?: unknown,
    manual?: ManualNote,
  ): void {
    const t = this.#open.get(fill.symbol);
    const openShare = fill.quantity > 0 ? effect.openedQuantity / fill.quantity : 0;
    if (t && manual !== undefined) t.manual ??= manual;
    if (t && effect.closedQuantity > 0) {
      const share = 1 - openShare;
      t.exitNotional += effect.closedQuantity * fill.price;
      t.exitQty += effect.closedQuantity;
      t.held -= effect.closedQuantity;
      t.grossPnl += effect.realisedPnl;
      t.fees += fill.fee * share;
      t.slippageCost += fill.slippageCost * share;
      if (effect.closedPosition !== undefined) {
        t.held = 0;
        this.#close(t, fill.time, fill.tag ?? 'exit', false);
      }
    }
    const opening = effect.openedQuantity;
    if (opening > 0) {
      const cur = this.#open.get(fill.symbol) ?? this.#start(fill, leverage, entrySnapshot);
      if (manual !== undefined) cur.manual ??= manual;
      cur.entryNotional += opening * fill.price;
      cur.entryQty += opening;
      cur.held += opening;
      cur.maxHeld = Math.max(cur.maxHeld, cur.held);
      cur.fees += fill.fee * openShare;
      cur.slippageCost += fill.slippageCost * openShare;
    }
  }

  onFunding(symbol: string, cashflow: number): void {
    const t = this.#open.get(symbol);
    if (t) t.funding += cashflow;
  }

  onLiquidation(symbol: string, time: EpochMs, price: number, realisedPnl: number, fee: number): void {
    const t = this.#open.get(symbol);
    if (!t) return;
    t.exitNotional += t.held * price;
    t.exitQty += t.held;
    t.held = 0;
    t.grossPnl += realisedPnl;
    t.fees += fee;
    this.#close(t, time, 'liquidation', true);
  }

  #start(fill: Fill, leverage: number, entrySnapshot: unknown): OpenTrade {
    const t: OpenTrade = {
      id: this.#nextId++,
      symbol: fill.symbol,
      side: fill.side === 'buy' ? 'long' : 'short',
      signalType: fill.tag ?? 'unknown',
      entryTime: fill.time,
      entryNotional: 0,
      entryQty: 0,
      exitNotional: 0,
      exitQty: 0,
      held: 0,
      maxHeld: 0,
      leverage,
      grossPnl: 0,
      fees: 0,
      funding: 0,
      slippageCost: 0,
      entrySnapshot,
      manual: undefined,
    };
    this.#open.set(fill.symbol, t);
    return t;
  }

  #close(t: OpenTrade, time: EpochMs, reason: string, liquidated: boolean): void {
    this.#open.delete(t.symbol);
    const record: TradeRecord = {
      id: t.id,
      symbol: t.symbol,
      side: t.side,
      signalType: t.signalType,
      entryTime: t.entryTime,
      entryPrice: t.entryNotional / t.entryQty,
      exitTime: time,
      exitPrice: t.exitQty > 0 ? t.exitNotional / t.exitQty : NaN,
      quantity: t.maxHeld,
      leverage: t.leverage,
      exitReason: reason,
      grossPnl: t.grossPnl,
      fees: t.fees,
      funding: t.funding,
      slippageCost: t.slippageCost,
      netPnl: t.grossPnl - t.fees + t.funding,
      liquidated,
    };
    const withSnapshot =
      t.entrySnapshot === undefined ? record : { ...record, entrySnapshot: t.entrySnapshot };
    this.closed.push(t.manual === undefined ? withSnapshot : manualRecord(withSnapshot, t.manual));
  }
}

function manualRecord(record: TradeRecord, note: ManualNote): ManualTradeRecord {
  return {
    ...record,
    origin: 'manual',
    operatorNote: note.operatorNote,
    ...(note.mood === undefined ? {} : { mood: note.mood }),
    ...(note.confidence === undefined ? {} : { confidence: note.confidence }),
  };
}

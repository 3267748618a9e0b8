import { InvariantError, type Fill } from '../core/index.js';
import type { FillEffect, Position } from './portfolio.types.js';

/**
 * Pure position arithmetic for one fill (USDT-M isolated, one-way mode). Returns new frozen
 * positions; the wallet effect of a fill is always `realisedPnl − fill.fee`.
 */

/**
 * A fill within this relative distance of the open size closes it exactly, so float residue such
 * as 0.3 − 0.1 − 0.2 never leaves a dust position behind.
 */
const CLOSE_TOLERANCE = 1e-9;

/** A {@link FillEffect} without the duplicate flag. */
export type FillOutcome = Omit<FillEffect, 'duplicate'>;

/** Crashes with InvariantError on a fill no venue could have produced. */
export function assertValidFill(fill: Fill, leverage: number): void {
  const where = `fill ${fill.tradeId} (${fill.symbol})`;
  if (!Number.isFinite(fill.price) || fill.price <= 0) {
    throw new InvariantError(`${where}: price must be finite and > 0, got ${fill.price}`);
  }
  if (!Number.isFinite(fill.quantity) || fill.quantity <= 0) {
    throw new InvariantError(`${where}: quantity must be finite and > 0, got ${fill.quantity}`);
  }
  if (!Number.isFinite(fill.fee)) throw new InvariantError(`${where}: fee must be finite, got ${fill.fee}`);
  if (!Number.isFinite(leverage) || leverage <= 0) {
    throw new InvariantError(`${where}: leverage must be finite and > 0, got ${leverage}`);
  }
  if (!Number.isInteger(fill.time))
    throw new InvariantError(`${where}: time must be epoch ms, got ${fill.time}`);
}

function freeze(p: Position): Position {
  return Object.freeze({ ...p });
}

function open(current: Position | undefined, fill: Fill, signed: number, leverage: number): FillOutcome {
  const size = Math.abs(current?.quantity ?? 0);
  const quantity = (current?.quantity ?? 0) + signed;
  const after = freeze({
    symbol: fill.symbol,
    quantity,
    entryPrice: (size * (current?.entryPrice ?? 0) + fill.quantity * fill.price) / Math.abs(quantity),
    leverage,
    isolatedMargin: (current?.isolatedMargin ?? 0) + (fill.quantity * fill.price) / leverage,
    realisedPnl: current?.realisedPnl ?? 0,
    fundingPaid: current?.fundingPaid ?? 0,
    feesPaid: (current?.feesPaid ?? 0) + fill.fee,
    openedAt: current?.openedAt ?? fill.time,
  });
  return {
    realisedPnl: 0,
    closedQuantity: 0,
    openedQuantity: fill.quantity,
    positionAfter: after,
    closedPosition: undefined,
  };
}

/**
 * Applies one fill to the position of its symbol.
 * - Open / increase: entry averaged by quantity; margin += fill notional / leverage.
 * - Reduce: PnL = closed · (price − entry) · sign; margin released in proportion closed / size.
 * - Flip: close everything, then open the remainder at the fill price with margin
 *   remainder · price / leverage. The fee is split between both legs by quantity.
 */
export function applyFillToPosition(
  current: Position | undefined,
  fill: Fill,
  leverage: number,
): FillOutcome {
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  if (current === undefined || Math.sign(current.quantity) === Math.sign(signed)) {
    return open(current, fill, signed, leverage);
  }
  const size = Math.abs(current.quantity);
  const direction = Math.sign(current.quantity);
  const closesExactly = Math.abs(fill.quantity - size) <= CLOSE_TOLERANCE * Math.max(fill.quantity, size);
  const closedQuantity = closesExactly ? size : Math.min(fill.quantity, size);
  const realisedPnl = closedQuantity * (fill.price - current.entryPrice) * direction;

  if (!closesExactly && fill.quantity < size) {
    const after = freeze({
      ...current,
      quantity: current.quantity - direction * closedQuantity,
      isolatedMargin: current.isolatedMargin * (1 - closedQuantity / size),
      realisedPnl: current.realisedPnl + realisedPnl,
      feesPaid: current.feesPaid + fill.fee,
    });
    return {
      realisedPnl,
      closedQuantity,
      openedQuantity: 0,
      positionAfter: after,
      closedPosition: undefined,
    };
  }

  const remainder = closesExactly ? 0 : fill.quantity - size;
  const openingFee = (fill.fee * remainder) / fill.quantity;
  const closed = freeze({
    ...current,
    realisedPnl: current.realisedPnl + realisedPnl,
    feesPaid: current.feesPaid + fill.fee - openingFee,
  });
  const after =
    remainder > 0
      ? freeze({
          symbol: fill.symbol,
          quantity: -direction * remainder,
          entryPrice: fill.price,
          leverage,
          isolatedMargin: (remainder * fill.price) / leverage,
          realisedPnl: 0,
          fundingPaid: 0,
          feesPaid: openingFee,
          openedAt: fill.time,
        })
      : undefined;
  return {
    realisedPnl,
    closedQuantity,
    openedQuantity: remainder,
    positionAfter: after,
    closedPosition: closed,
  };
}

export interface ForcedClose {
  readonly realisedPnl: number;
  readonly fee: number;
  readonly marginReturned: number;
  readonly closedPosition: Position;
}

/**
 * Liquidation of the whole position at `price`: the PnL is floored at −margin (beyond that the
 * venue's insurance fund pays), then the fee feeRate · notional at `price` is capped at the
 * margin left, so margin − marginReturned (the loss) never exceeds the isolated margin.
 */
export function forcedClose(p: Position, price: number, feeRate: number): ForcedClose {
  const size = Math.abs(p.quantity);
  const margin = Math.max(0, p.isolatedMargin);
  const realisedPnl = Math.max(size * (price - p.entryPrice) * Math.sign(p.quantity), -margin);
  const fee = Math.min(feeRate * size * price, margin + realisedPnl);
  const closedPosition = freeze({
    ...p,
    realisedPnl: p.realisedPnl + realisedPnl,
    feesPaid: p.feesPaid + fee,
  });
  return { realisedPnl, fee, marginReturned: margin + realisedPnl - fee, closedPosition };
}

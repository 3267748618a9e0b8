import type { Fill } from '../core/index.js';

/** A position as the dashboard follows it from fills: signed quantity and average entry price. */
export interface PositionBook {
  quantity: number;
  entryPrice: number;
}

/**
 * Books one fill into `book` (in place): a same-side fill averages the entry; an opposite one closes
 * up to the held quantity and a flip opens the rest at the fill price.
 * @returns the price PnL of the quantity it closed (0 when it only opened or grew)
 */
export function bookFill(book: PositionBook, fill: Pick<Fill, 'side' | 'quantity' | 'price'>): number {
  const signed = fill.side === 'buy' ? fill.quantity : -fill.quantity;
  if (book.quantity === 0 || Math.sign(book.quantity) === Math.sign(signed)) {
    const total = book.quantity + signed;
    book.entryPrice =
      (book.entryPrice * Math.abs(book.quantity) + fill.price * fill.quantity) / Math.abs(total);
    book.quantity = total;
    return 0;
  }
  const closed = Math.min(Math.abs(book.quantity), fill.quantity);
  const pnl = (fill.price - book.entryPrice) * closed * Math.sign(book.quantity);
  const remainder = book.quantity + signed;
  if (Math.sign(remainder) !== Math.sign(book.quantity) && remainder !== 0) book.entryPrice = fill.price;
  book.quantity = Math.abs(remainder) < 1e-12 ? 0 : remainder;
  return pnl;
}

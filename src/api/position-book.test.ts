import { describe, expect, it } from 'vitest';
import { type PositionBook, bookFill } from './position-book.js';

describe('bookFill', () => {
  it('averages same-side fills, books the closed quantity and opens a flip at the fill price', () => {
    const book: PositionBook = { quantity: 0, entryPrice: 0 };
    expect(bookFill(book, { side: 'buy', quantity: 10, price: 12 })).toBe(0);
    expect(bookFill(book, { side: 'buy', quantity: 30, price: 14 })).toBe(0);
    expect(book).toEqual({ quantity: 40, entryPrice: 13.5 }); // (120 + 420) / 40
    expect(bookFill(book, { side: 'sell', quantity: 10, price: 15 })).toBe(15); // 1.5 x 10
    expect(book).toEqual({ quantity: 30, entryPrice: 13.5 });
    expect(bookFill(book, { side: 'sell', quantity: 50, price: 13 })).toBe(-15); // -0.5 x 30
    expect(book).toEqual({ quantity: -20, entryPrice: 13 });
    expect(bookFill(book, { side: 'buy', quantity: 20, price: 12 })).toBe(20); // short 20 from 13 to 12
    expect(book.quantity).toBe(0);
  });
});

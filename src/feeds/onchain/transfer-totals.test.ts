import { parseUnits } from 'viem';
import { describe, expect, it } from 'vitest';
import { parseWalletLabels } from './labels.js';
import { TransferClassifier, emptyTotals } from './transfer-totals.js';

const addr = (n: number): string => `0x${n.toString(16).padStart(40, '0')}`;
const ZERO = addr(0);
const BINANCE = addr(0xb1);
const BINANCE_COLD = addr(0xb2);
const KRAKEN = addr(0xc1);
const NUMERAI = addr(0xe1);
const USER = addr(0xf1);
const OTHER = addr(0xf2);

const labels = parseWalletLabels(
  {
    version: 1,
    source: 'synthetic',
    asOf: '2024-01-01',
    wallets: [
      { address: BINANCE, label: 'B1', exchange: 'binance' },
      { address: BINANCE_COLD, label: 'B2', exchange: 'binance' },
      { address: KRAKEN, label: 'K', exchange: 'kraken' },
    ],
    numerai: { source: 'synthetic', wallets: [{ address: NUMERAI, label: 'N' }] },
  },
  'synthetic.json',
);
const nmr = (n: string): bigint => parseUnits(n, 18);

function totalsOf(transfers: [string, string, string][], threshold = '10000') {
  const classifier = new TransferClassifier(labels, nmr(threshold));
  const totals = emptyTotals();
  transfers.forEach(([from, to, value], i) =>
    classifier.add(totals, { blockNumber: i, logIndex: 0, from, to, value: nmr(value) }),
  );
  return totals;
}

describe('TransferClassifier', () => {
  it('counts flows into and out of exchanges, per exchange, but not moves between exchange wallets', () => {
    const t = totalsOf([
      [USER, BINANCE, '100'],
      [KRAKEN, USER, '40'],
      [BINANCE, BINANCE_COLD, '5000'],
      [BINANCE, KRAKEN, '7'],
    ]);
    expect([t.exchangeIn, t.exchangeOut]).toEqual([nmr('100'), nmr('40')]);
    expect(Object.fromEntries(t.exchangeInBy)).toEqual({ binance: nmr('100') });
    expect(Object.fromEntries(t.exchangeOutBy)).toEqual({ kraken: nmr('40') });
    expect(t.transfers).toBe(4);
  });

  it('keeps burns apart: a burn from an exchange or Numerai is neither an outflow nor a whale', () => {
    const t = totalsOf([
      [BINANCE, ZERO, '20000'],
      [NUMERAI, ZERO, '3'],
    ]);
    expect(t.burns).toBe(nmr('20003'));
    expect([t.exchangeOut, t.numeraiOut, t.whaleCount]).toEqual([0n, 0n, 0]);
  });

  it('counts a mint as no flow at all', () => {
    const t = totalsOf([[ZERO, BINANCE, '50000']]);
    expect([t.exchangeIn, t.whaleCount, t.burns]).toEqual([0n, 0, 0n]);
  });

  it('counts Numerai flows independently of exchange flows', () => {
    const t = totalsOf([
      [BINANCE, NUMERAI, '10'],
      [NUMERAI, USER, '4'],
    ]);
    expect([t.exchangeOut, t.numeraiIn, t.numeraiOut]).toEqual([nmr('10'), nmr('10'), nmr('4')]);
  });

  it('counts whales at or above the threshold between any two non-zero addresses', () => {
    const t = totalsOf([
      [USER, OTHER, '10000'],
      [USER, OTHER, '9999.999999999999999999'],
      [USER, BINANCE, '12000.5'],
    ]);
    expect(t.whaleCount).toBe(2);
    expect(t.whaleVolume).toBe(nmr('22000.5'));
  });
});

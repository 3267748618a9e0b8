import { describe, expect, it } from 'vitest';
import { hintsFromFileName } from './file-name.js';
import { exchangeFromPath, normalizeExchangeId, toUnifiedSymbol } from './symbols.js';

describe('toUnifiedSymbol', () => {
  it('unifies the exchange spellings of the NMR perpetual', () => {
    for (const raw of ['NMRUSDT', 'NMR_USDT_USDT', 'NMR_USDT', 'NMR-USDT-SWAP', 'nmrusdt']) {
      expect(toUnifiedSymbol(raw), raw).toBe('NMR/USDT:USDT');
    }
  });

  it('gives spot symbols without a settle currency and leaves unified ones alone', () => {
    expect(toUnifiedSymbol('NMRUSDT', 'spot')).toBe('NMR/USDT');
    expect(toUnifiedSymbol('NMR_USDT', 'spot')).toBe('NMR/USDT');
    expect(toUnifiedSymbol('NMR/USDT:USDT', 'spot')).toBe('NMR/USDT:USDT');
  });
});

describe('exchangeFromPath', () => {
  it('takes the nearest parent folder that names a known exchange', () => {
    expect(exchangeFromPath('/d/nmr/perp/binance-usdm/x/a.csv', false)).toBe('binanceusdm');
    expect(exchangeFromPath('/d/nmr/perp/gateio/x/a.csv', true)).toBe('gate');
    expect(exchangeFromPath('/d/bybit-linear/a.csv', false)).toBe('bybit');
    expect(exchangeFromPath('/d/okx/a.csv', false)).toBe('okx');
    expect(exchangeFromPath('/d/downloads/a.csv', false)).toBeUndefined();
  });

  it('reads a binance folder as USD-M futures only for derivatives data', () => {
    expect(exchangeFromPath('/u/data/binance/futures/a.json', true)).toBe('binanceusdm');
    expect(exchangeFromPath('/u/data/binance/a.json', false)).toBe('binance');
    expect(normalizeExchangeId('Gate.io')).toBe('gate');
  });
});

describe('hintsFromFileName', () => {
  it('reads freqtrade names; the -8h- of funding files is not a timeframe', () => {
    expect(hintsFromFileName('NMR_USDT_USDT-1h-futures.json')).toMatchObject({
      symbol: 'NMR_USDT_USDT',
      timeframe: '1h',
      kind: 'candles',
      futures: true,
    });
    expect(hintsFromFileName('NMR_USDT_USDT-8h-funding_rate.feather')).toMatchObject({
      kind: 'funding',
      timeframe: undefined,
    });
    expect(hintsFromFileName('NMR_USDT_USDT-8h-mark.csv')).toMatchObject({ kind: 'mark', timeframe: '8h' });
    expect(hintsFromFileName('NMR_USDT-15m.json')).toMatchObject({ symbol: 'NMR_USDT', futures: false });
  });

  it('reads Binance data-dump names and loose names', () => {
    expect(hintsFromFileName('NMRUSDT-1m-2024-01.csv')).toMatchObject({
      symbol: 'NMRUSDT',
      timeframe: '1m',
      scheme: 'binance-dump',
    });
    expect(hintsFromFileName('NMRUSDT-fundingRate-2024-01.csv')).toMatchObject({ kind: 'funding' });
    expect(hintsFromFileName('NMRUSDT_1h_365.csv')).toMatchObject({ symbol: 'NMRUSDT', timeframe: '1h' });
    expect(hintsFromFileName('NMRUSDT_1m_UTC+3_original.csv')).toMatchObject({
      timeframe: '1m',
      utcOffsetNote: '+3',
    });
  });
});

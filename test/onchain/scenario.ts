import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type AltDatum, AltDataStore, MarketStore } from '../../src/data/index.js';
import type { NmrChain } from './nmr-chain.js';

/** Labelled wallets from the shipped labels file, and unlabelled synthetic users. */
export const W = {
  binance14: '0x28c6c06298d514db089934071355e5743bf21d60',
  binance8: '0xf977814e90da44bfa03b6295a0616a897441acec',
  coinbase1: '0x71660c4005ba85c37ccec55d0c4493e66fe775d3',
  kraken: '0x2910543af39aba0cd09dbb2d50200b3e800a63d2',
  okx7: '0x5041ed759dd4afc3a72b8192c143f72f4724081a',
  numeraiHot: '0xdc6997b078c709327649443d0765bcaa8e37aa6c',
  numeraiProxy: '0x9dce896ddc20ba883600176678cbee2b8ba188a9',
  numeraiRelay: '0xb17df4a656505570ad994d023f632d48de04edf2',
  zero: '0x0000000000000000000000000000000000000000',
  user: (n: number): string => `0x${n.toString(16).padStart(40, '0')}`,
} as const;

/**
 * NMR minted to each sender of `scriptFourHours` in its setup blocks 1-11 (00:00:12 to 00:02:12), before
 * the first scripted transfer (block 50): mints come from 0x0, which the feed counts as no flow, so the
 * hourly values are those of the scripted transfers alone; only the logs read grow by one per mint.
 */
export const FUNDING: readonly (readonly [wallet: string, nmr: string])[] = [
  [W.user(0xa1), '1500'],
  [W.coinbase1, '1000'],
  [W.user(0xc3), '1'],
  [W.binance14, '5000'],
  [W.user(0xd4), '25000'],
  [W.user(0xf6), '12000'],
  [W.numeraiHot, '1000'],
  [W.user(0x28), '42.123456789012345678'],
  [W.user(0x39), '10'],
  [W.numeraiRelay, '50'],
  [W.okx7, '1000'],
];

/**
 * Synthetic NMR history over four UTC hours (blocks on the 12 s grid, 300 per hour), made of real ERC-20
 * calls on the test token (`NmrChain.transfer`): first the `FUNDING` mints, then
 * hour 0: 1500 into Binance, 200.5 out of Coinbase, a 1 NMR burn, 5000 Binance-to-Binance (internal);
 * hour 1: a 25,000 whale between users, 12,000 into Kraken (a whale too), 300 out of the Numerai hot
 * wallet, 42.123456789012345678 into the tournament proxy; hour 2: nothing;
 * hour 3: 10 into OKX in the hour's first block, a 50 NMR burn from the Numerai relay, 3 out of OKX in the
 * hour's last block (block 1199). `beforeLastHour` runs just before hour 3's last transfer.
 */
export async function scriptFourHours(
  chain: NmrChain,
  beforeLastHour?: () => Promise<void>,
  lastOutflowNmr = '3',
): Promise<void> {
  const t = (h: number, m: number, s = 0): number => chain.at(h, m, s);
  for (const [i, [wallet, nmr]] of FUNDING.entries()) {
    await chain.transfer(W.zero, wallet, nmr, t(0, 0, 12 * (i + 1)));
  }
  await chain.transfer(W.user(0xa1), W.binance14, '1500', t(0, 10));
  await chain.transfer(W.coinbase1, W.user(0xb2), '200.5', t(0, 20));
  await chain.transfer(W.user(0xc3), W.zero, '1', t(0, 30));
  await chain.transfer(W.binance14, W.binance8, '5000', t(0, 40));
  await chain.transfer(W.user(0xd4), W.user(0xe5), '25000', t(1, 5));
  await chain.transfer(W.user(0xf6), W.kraken, '12000', t(1, 15));
  await chain.transfer(W.numeraiHot, W.user(0x17), '300', t(1, 30));
  await chain.transfer(W.user(0x28), W.numeraiProxy, '42.123456789012345678', t(1, 45));
  await chain.transfer(W.user(0x39), W.okx7, '10', t(3, 0));
  await chain.transfer(W.numeraiRelay, W.zero, '50', t(3, 30));
  await beforeLastHour?.();
  await chain.transfer(W.okx7, W.user(0x4a), lastOutflowNmr, t(3, 59, 48));
}

export interface TempStore {
  readonly store: MarketStore;
  readonly alt: AltDataStore;
  close(): void;
}

export function tempStore(): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-onchain-'));
  const store = MarketStore.open(path.join(dir, 'store.db'));
  return {
    store,
    alt: new AltDataStore(store.db),
    close() {
      store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Stored onchain rows as `key -> hour index -> row`, hours counted from `genesisS`. */
export function byKeyAndHour(
  rows: readonly AltDatum[],
  genesisS: number,
): Map<string, Map<number, AltDatum>> {
  const out = new Map<string, Map<number, AltDatum>>();
  for (const r of rows) {
    const hour = (r.eventTime - genesisS * 1000) / 3_600_000;
    const perKey = out.get(r.key) ?? new Map<number, AltDatum>();
    if (perKey.has(hour)) throw new Error(`duplicate row ${r.key} hour ${hour}`);
    perKey.set(hour, r);
    out.set(r.key, perKey);
  }
  return out;
}

/** `key -> [value of hour 0, hour 1, ...]` for quick comparisons. */
export function valuesByKey(
  rows: readonly AltDatum[],
  genesisS: number,
): Record<string, (number | undefined)[]> {
  const out: Record<string, (number | undefined)[]> = {};
  for (const [key, perHour] of byKeyAndHour(rows, genesisS)) {
    const hours = [...perHour.keys()].sort((a, b) => a - b);
    const last = hours.at(-1) ?? -1;
    out[key] = Array.from({ length: last + 1 }, (_, h) => perHour.get(h)?.value);
  }
  return out;
}

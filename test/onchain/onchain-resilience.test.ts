import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type NmrbotConfig, parseConfig } from '../../src/config/index.js';
import { RpcUnavailableError, onchainFeed } from '../../src/feeds/onchain/index.js';
import { hardhatProvider } from './hardhat-node.js';
import { NmrChain } from './nmr-chain.js';
import { type LogsCall, type RpcProxy, startRpcProxy } from './rpc-proxy.js';
import { FUNDING, W, scriptFourHours, tempStore, type TempStore, valuesByKey } from './scenario.js';

/** Transfer logs of the four scripted hours: 11 scripted transfers and the mints funding their senders. */
const TRANSFERS = 11 + FUNDING.length;
const provider = hardhatProvider();

function config(onchain: Record<string, unknown> = {}): NmrbotConfig {
  return parseConfig({ feeds: { onchain: { zWindowHours: 3, ...onchain } } });
}

describe('onchainFeed under provider limits, reorgs and interruptions (hardhat, synthetic transfers)', () => {
  let chain: NmrChain;
  let proxy: RpcProxy;
  let stores: TempStore[];
  const fresh = (): TempStore => {
    const s = tempStore();
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    chain = new NmrChain(provider, config().feeds.onchain.tokenAddress);
    proxy = await startRpcProxy(provider);
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(async () => {
    await chain.reset();
    stores = [];
    proxy.maxLogRange = undefined;
    proxy.logsCalls.length = 0;
  });
  afterEach(() => {
    for (const s of stores) s.close();
  });

  it('halves the getLogs range on "range too large" and still reads every log exactly once', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    const reference = fresh();
    await onchainFeed.fetch(reference.store, config(), { baseUrl: proxy.url, since: chain.genesis * 1000 });

    proxy.logsCalls.length = 0;
    proxy.maxLogRange = 100;
    const capped = fresh();
    const summary = await onchainFeed.fetch(
      capped.store,
      config({ startChunkBlocks: 400, minChunkBlocks: 10 }),
      {
        baseUrl: proxy.url,
        since: chain.genesis * 1000,
      },
    );

    const refused = proxy.logsCalls.filter((c) => c.logs === undefined);
    const served = proxy.logsCalls.filter((c) => c.logs !== undefined);
    expect(refused.length, 'the provider refused ranges over 100 blocks').toBeGreaterThan(0);
    expect(refused[0]).toEqual({ fromBlock: 0, toBlock: 399, logs: undefined });
    expect(served.every((c) => c.toBlock - c.fromBlock + 1 <= 100)).toBe(true);
    expect(coverage(served), 'served ranges tile blocks 0-1199 without gaps or overlaps').toEqual([0, 1199]);
    expect(served.reduce((n, c) => n + (c.logs ?? 0), 0)).toBe(TRANSFERS);
    expect(capped.alt.load('onchain')).toEqual(reference.alt.load('onchain'));
    expect(summary.lines.join('\n')).toMatch(/range halved [1-9]\d* times/);
  });

  it('stops with the RPC named when even the smallest range is refused, keeping what was stored', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    proxy.maxLogRange = 5;
    const db = fresh();
    const err = await onchainFeed
      .fetch(db.store, config({ startChunkBlocks: 40, minChunkBlocks: 10 }), {
        baseUrl: proxy.url,
        since: chain.genesis * 1000,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RpcUnavailableError);
    expect((err as Error).message).toContain(
      'blocks 0-9 (10 blocks, at or below feeds.onchain.minChunkBlocks = 10)',
    );
    expect((err as Error).message).toContain(proxy.url.replace(/\/$/, ''));
    expect((err as Error).message).toContain('block range too large');
    expect(db.alt.load('onchain')).toEqual([]);
  });

  it('re-reads the unconfirmed tip after it changed and matches the new chain', async () => {
    let snapshot = '';
    await scriptFourHours(chain, async () => {
      snapshot = await chain.snapshot();
    });
    await chain.mineTo(chain.at(4, 2)); // hour 3 (last block 1199) still lacks its 12 confirmations
    const db = fresh();
    await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url, since: chain.genesis * 1000 });
    expect(valuesByKey(db.alt.load('onchain'), chain.genesis)['exchange_outflow']).toEqual([200.5, 0, 0]);

    await chain.revert(snapshot);
    await chain.transfer(W.okx7, W.user(0x4a), '500', chain.at(3, 59, 48));
    await chain.mineTo(chain.at(4, 5));
    proxy.logsCalls.length = 0;
    const summary = await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url });

    expect(
      proxy.logsCalls[0]?.fromBlock,
      'resumes inside the last stored hour (hour 2 starts at block 600)',
    ).toBe(600);
    const values = valuesByKey(db.alt.load('onchain'), chain.genesis);
    expect(values['exchange_outflow']).toEqual([200.5, 0, 0, 500]);
    expect(values['exchange_netflow']).toEqual([1299.5, 12000, 0, -490]);
    expect(summary.warnings).toEqual([]);
  });

  it('detects a reorg below the confirmed cursor by its block hash and rewrites the hours it touched', async () => {
    let snapshot = '';
    await scriptFourHours(chain, async () => {
      snapshot = await chain.snapshot();
    });
    await chain.mineTo(chain.at(4, 5));
    const db = fresh();
    await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url, since: chain.genesis * 1000 });
    expect(valuesByKey(db.alt.load('onchain'), chain.genesis)['exchange_outflow']).toEqual([200.5, 0, 0, 3]);

    await chain.revert(snapshot); // back to block 1050: hour 3's stored last block (1199) is replaced
    await chain.transfer(W.okx7, W.user(0x4a), '500', chain.at(3, 59, 48));
    await chain.mineTo(chain.at(4, 10));
    const summary = await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url });

    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toContain('the chain reorganised below the confirmed cursor (block 1199');
    expect(summary.warnings[0]).toContain('re-reading from 2024-03-01T02:00:00.000Z');
    expect(summary.updated, 'hour 3 outflow, netflow and z').toBe(3);
    const values = valuesByKey(db.alt.load('onchain'), chain.genesis);
    expect(values['exchange_outflow']).toEqual([200.5, 0, 0, 500]);
    expect(values['exchange_netflow']).toEqual([1299.5, 12000, 0, -490]);
  });

  it('resumes an interrupted backfill from the stored cursor with the same final rows', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    const cfg = config({ startChunkBlocks: 250 });
    const reference = fresh();
    await onchainFeed.fetch(reference.store, cfg, { baseUrl: proxy.url, since: chain.genesis * 1000 });

    const db = fresh();
    let chunks = 0;
    const interrupted = await onchainFeed
      .fetch(db.store, cfg, {
        baseUrl: proxy.url,
        since: chain.genesis * 1000,
        onProgress: () => {
          if (++chunks === 3) throw new Error('interrupted (test)');
        },
      })
      .catch((e: unknown) => e);
    expect((interrupted as Error).message).toBe('interrupted (test)');
    expect(
      valuesByKey(db.alt.load('onchain'), chain.genesis)['exchange_netflow'],
      'hours 0-1 were stored',
    ).toEqual([1299.5, 12000]);

    proxy.logsCalls.length = 0;
    await onchainFeed.fetch(db.store, cfg, { baseUrl: proxy.url });
    expect(
      proxy.logsCalls[0]?.fromBlock,
      'resumes in the last stored hour (hour 1 starts at block 300)',
    ).toBe(300);
    const rows = db.alt.load('onchain');
    expect(rows).toEqual(reference.alt.load('onchain'));
    expect(rows).toHaveLength(4 * 8 + 1);
  });
});

/** The [first, last] block of contiguous, non-overlapping ranges; throws on a gap or overlap. */
function coverage(calls: readonly LogsCall[]): [number, number] {
  const sorted = [...calls].sort((a, b) => a.fromBlock - b.fromBlock);
  sorted.forEach((c, i) => {
    const prev = sorted[i - 1];
    if (prev !== undefined && c.fromBlock !== prev.toBlock + 1) {
      throw new Error(`ranges ${prev.fromBlock}-${prev.toBlock} and ${c.fromBlock}-${c.toBlock} do not abut`);
    }
  });
  return [sorted[0]?.fromBlock ?? -1, sorted.at(-1)?.toBlock ?? -1];
}

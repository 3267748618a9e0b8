import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  createPublicClient,
  custom,
  decodeErrorResult,
  encodeFunctionData,
  getAddress,
  parseUnits,
} from 'viem';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type NmrbotConfig, parseConfig } from '../../src/config/index.js';
import { ConfigError, InputError } from '../../src/core/index.js';
import { RpcUnavailableError, createOnchainFeed, onchainFeed } from '../../src/feeds/onchain/index.js';
import { hardhatProvider } from './hardhat-node.js';
import { NmrChain, TEST_NMR_ABI } from './nmr-chain.js';
import { type RpcProxy, startRpcProxy } from './rpc-proxy.js';
import {
  FUNDING,
  W,
  byKeyAndHour,
  scriptFourHours,
  tempStore,
  type TempStore,
  valuesByKey,
} from './scenario.js';

const HOUR_S = 3600;
const provider = hardhatProvider();

function config(onchain: Record<string, unknown> = {}): NmrbotConfig {
  return parseConfig({ feeds: { onchain: { zWindowHours: 3, ...onchain } } });
}

describe('onchainFeed on a hardhat chain (synthetic transfers at the real NMR address)', () => {
  let chain: NmrChain;
  let proxy: RpcProxy;
  let db: TempStore;

  beforeAll(async () => {
    chain = new NmrChain(provider, config().feeds.onchain.tokenAddress);
    proxy = await startRpcProxy(provider);
  });
  afterAll(async () => {
    await proxy.close();
  });
  beforeEach(async () => {
    await chain.reset();
    db = tempStore();
  });
  afterEach(() => db.close());

  it('aggregates exact hourly exchange, whale, burn and Numerai flows once each hour is confirmed', async () => {
    await scriptFourHours(chain);
    // Hour 3 ends with block 1199; with 12 confirmations it is known at block 1211 (04:02:12).
    await chain.mineTo(chain.at(4, 2, 0));
    const first = await onchainFeed.fetch(db.store, config(), {
      baseUrl: proxy.url,
      since: chain.genesis * 1000,
    });
    expect(first.warnings).toEqual([]);
    expect(valuesByKey(db.alt.load('onchain'), chain.genesis)['exchange_netflow']).toEqual([
      1299.5, 12000, 0,
    ]);

    await chain.mineTo(chain.at(4, 2, 12));
    const second = await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url });
    const rows = db.alt.load('onchain');
    expect(valuesByKey(rows, chain.genesis)).toEqual({
      exchange_inflow: [1500, 12000, 0, 10],
      exchange_outflow: [200.5, 0, 0, 3],
      exchange_netflow: [1299.5, 12000, 0, 7],
      whale_count: [0, 2, 0, 0],
      whale_volume: [0, 37000, 0, 0],
      burns: [1, 0, 0, 50],
      numerai_inflow: [0, Number('42.123456789012345678'), 0, 0],
      numerai_outflow: [0, 300, 0, 0],
      exchange_netflow_z: [undefined, undefined, undefined, expectedZ(7, [1299.5, 12000, 0])],
    });
    const grid = byKeyAndHour(rows, chain.genesis);
    expect(grid.get('numerai_inflow')?.get(1)?.payload, 'the exact 18-decimal amount').toEqual({
      nmr: '42.123456789012345678',
    });
    expect(grid.get('exchange_inflow')?.get(0)?.payload).toEqual({
      nmr: '1500',
      byExchange: { binance: '1500' },
    });
    expect(grid.get('exchange_outflow')?.get(0)?.payload).toEqual({
      nmr: '200.5',
      byExchange: { coinbase: '200.5' },
    });
    expect(grid.get('exchange_netflow')?.get(3)?.payload).toEqual({
      nmr: '7',
      fromBlock: 900,
      toBlock: 1199,
      transfers: 3,
    });
    for (const [key, perHour] of grid) {
      for (const [hour, row] of perHour) {
        // The hour's last block (300 h + 299) plus 12 confirmations, on the 12 s grid.
        const expected = (chain.genesis + (hour + 1) * HOUR_S - 12 + 12 * 12) * 1000;
        expect(row.availableAt, `${key} hour ${hour} availableAt`).toBe(expected);
        expect(row.eventTime, `${key} hour ${hour} eventTime`).toBe((chain.genesis + hour * HOUR_S) * 1000);
      }
    }
    expect(second.warnings).toEqual([]);
    expect(second.lines.join('\n')).toContain('hours 2024-03-01T02:00:00.000Z to 2024-03-01T03:00:00.000Z');
  });

  it('uses the block timestamp at or after the start of the hour of --since, found by search', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    const summary = await onchainFeed.fetch(db.store, config(), {
      baseUrl: proxy.url,
      since: (chain.genesis + 2 * HOUR_S + 1800) * 1000,
    });
    const netflow = byKeyAndHour(db.alt.load('onchain'), chain.genesis).get('exchange_netflow');
    expect([...(netflow?.keys() ?? [])]).toEqual([2, 3]);
    expect(summary.lines.join('\n')).toContain('read Transfer logs of blocks 600-1199');
    expect(summary.inserted).toBe(16);
  });

  it('starts from the configured history when nothing is stored, and reports progress in blocks', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    const progress: [number, number | undefined, string][] = [];
    const feed = createOnchainFeed({ transport: custom(provider) });
    await feed.fetch(db.store, config({ startChunkBlocks: 500 }), {
      now: (chain.genesis + 5 * HOUR_S) * 1000,
      onProgress: (done, total, unit) => progress.push([done, total, unit]),
    });
    expect(progress).toEqual([
      [500, 1200, 'blocks'],
      [1000, 1200, 'blocks'],
      [1200, 1200, 'blocks'],
    ]);
    expect(valuesByKey(db.alt.load('onchain'), chain.genesis)['burns']).toEqual([1, 0, 0, 50]);
  });

  it('uses feeds.onchain.labelsFile instead of the shipped labels, and refuses a bad one before any RPC call', async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nmrbot-labels-'));
    try {
      const file = path.join(dir, 'labels.json');
      const krakenOnly = {
        version: 1,
        source: 'synthetic test labels',
        asOf: '2024-03-01',
        wallets: [{ address: W.kraken, label: 'Kraken', exchange: 'kraken' }],
        numerai: { source: 'none', wallets: [] },
      };
      fs.writeFileSync(file, JSON.stringify(krakenOnly));
      await onchainFeed.fetch(db.store, config({ labelsFile: file }), {
        baseUrl: proxy.url,
        since: chain.genesis * 1000,
      });
      const values = valuesByKey(db.alt.load('onchain'), chain.genesis);
      expect(values['exchange_inflow']).toEqual([0, 12000, 0, 0]);
      expect(values['numerai_outflow']).toEqual([0, 0, 0, 0]);

      fs.writeFileSync(file, JSON.stringify({ ...krakenOnly, wallets: [{ address: 'kraken', label: 'K' }] }));
      proxy.logsCalls.length = 0;
      const err = await onchainFeed
        .fetch(db.store, config({ labelsFile: file }), { baseUrl: proxy.url })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InputError);
      expect((err as Error).message).toContain(
        `labels file ${file}: wallets[0].address: must be a 0x-prefixed`,
      );
      expect(proxy.logsCalls).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs on a real ERC-20: balances move by the feed's netflow, and a transfer above the balance reverts", async () => {
    await scriptFourHours(chain);
    await chain.mineTo(chain.at(4, 10));
    await onchainFeed.fetch(db.store, config(), { baseUrl: proxy.url, since: chain.genesis * 1000 });
    const client = createPublicClient({ transport: custom(provider) });
    const token = { address: chain.token, abi: TEST_NMR_ABI } as const;
    const balance = (wallet: string, blockNumber?: bigint): Promise<bigint> =>
      client.readContract({
        ...token,
        functionName: 'balanceOf',
        args: [wallet as `0x${string}`],
        ...(blockNumber === undefined ? {} : { blockNumber }),
      });
    expect(await client.readContract({ ...token, functionName: 'name' })).toBe('Numeraire (test)');
    expect(await client.readContract({ ...token, functionName: 'symbol' })).toBe('NMR');
    expect(await client.readContract({ ...token, functionName: 'decimals' })).toBe(18);
    const minted = FUNDING.reduce((sum, [, nmr]) => sum + parseUnits(nmr, 18), 0n);
    expect(await client.readContract({ ...token, functionName: 'totalSupply' }), 'minted less burnt').toBe(
      minted - parseUnits('51', 18),
    );

    // Balances right after the funding mints (block 11) against the end, per stored exact netflow.
    const funded = BigInt(FUNDING.length);
    const netflow = byKeyAndHour(db.alt.load('onchain'), chain.genesis).get('exchange_netflow');
    const nmrOf = (hour: number): bigint =>
      parseUnits(String((netflow?.get(hour)?.payload as { nmr?: string } | undefined)?.nmr), 18);
    expect(
      (await balance(W.okx7)) - (await balance(W.okx7, funded)),
      'OKX, the only exchange in hour 3',
    ).toBe(nmrOf(3));
    expect(await balance(W.okx7)).toBe(parseUnits('1007', 18));
    let exchangesDelta = 0n;
    for (const wallet of [W.binance14, W.binance8, W.coinbase1, W.kraken, W.okx7]) {
      exchangesDelta += (await balance(wallet)) - (await balance(wallet, funded));
    }
    expect(exchangesDelta, 'all exchange wallets against the summed netflow').toBe(
      nmrOf(0) + nmrOf(1) + nmrOf(2) + nmrOf(3),
    );
    expect(exchangesDelta).toBe(parseUnits('13306.5', 18));

    // W.user(0x4a) received 3 NMR from OKX: one token unit more is refused, and nothing moves.
    const holder = W.user(0x4a) as `0x${string}`;
    const tooMuch = parseUnits('3', 18) + 1n;
    // Hardhat's errors carry no JSON-RPC code, so viem cannot decode them: decode the raw eth_call revert.
    const call = { from: holder, to: chain.token, data: transferData(W.okx7, tooMuch) };
    const refusal = (await chain.rpc('eth_call', call, 'latest').catch((e: unknown) => e)) as {
      data?: unknown;
    };
    expect(refusal).toBeInstanceOf(Error);
    expect(decodeErrorResult({ abi: TEST_NMR_ABI, data: refusal.data as `0x${string}` })).toEqual({
      abiItem: expect.objectContaining({ name: 'ERC20InsufficientBalance' }) as unknown,
      errorName: 'ERC20InsufficientBalance',
      args: [getAddress(holder), parseUnits('3', 18), tooMuch],
    });
    await expect(chain.transfer(holder, W.okx7, '3.000000000000000001', chain.at(4, 10, 12))).rejects.toThrow(
      /revert/i,
    );
    expect(await balance(holder)).toBe(parseUnits('3', 18));
    expect(await balance(W.okx7)).toBe(parseUnits('1007', 18));
  });

  it('writes nothing and says so before the first hour is confirmed', async () => {
    await chain.mineTo(chain.at(1, 1));
    const summary = await onchainFeed.fetch(db.store, config(), {
      baseUrl: proxy.url,
      since: chain.genesis * 1000,
    });
    expect(summary.inserted).toBe(0);
    expect(summary.lines.join('\n')).toContain('no complete hour with 12 confirmations is due yet');
  });
});

describe('onchainFeed RPC errors', () => {
  it('names the RPC URL without its API key when the endpoint is dead', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const key = '0123456789abcdef0123456789abcdef';
    const db = tempStore();
    try {
      const run = onchainFeed.fetch(db.store, config(), {}).catch((e: unknown) => e);
      const missing = await run;
      expect(missing).toBeInstanceOf(ConfigError);
      expect((missing as ConfigError).issues.join('\n')).toContain('NMRBOT_ETH_RPC_URL is not set');

      const feed = createOnchainFeed({ env: { NMRBOT_ETH_RPC_URL: `http://127.0.0.1:${port}/v3/${key}` } });
      const err = await feed.fetch(db.store, config(), {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RpcUnavailableError);
      const message = (err as Error).message;
      expect(message).toContain(`http://127.0.0.1:${port}/v3/[redacted]`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).not.toContain(key);
    } finally {
      db.close();
    }
  });
});

function transferData(to: string, value: bigint): `0x${string}` {
  return encodeFunctionData({
    abi: TEST_NMR_ABI,
    functionName: 'transfer',
    args: [to as `0x${string}`, value],
  });
}

function expectedZ(value: number, window: number[]): number {
  const mean = window.reduce((a, b) => a + b, 0) / window.length;
  const std = Math.sqrt(window.reduce((a, b) => a + (b - mean) ** 2, 0) / window.length);
  return (value - mean) / std;
}

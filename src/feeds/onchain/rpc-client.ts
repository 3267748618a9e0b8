import { BaseError, HttpRequestError, createPublicClient, http, parseAbiItem, type Transport } from 'viem';
import type { EpochMs } from '../../core/index.js';
import { RpcUnavailableError } from './errors.js';
import { redactRpcUrl, scrubRpcUrl } from './rpc-url.js';

export const TRANSFER_EVENT = parseAbiItem(
  'event Transfer(address indexed from, address indexed to, uint256 value)',
);

export interface BlockStamp {
  readonly number: number;
  readonly timestamp: EpochMs;
  readonly hash: string;
}

/** One ERC-20 Transfer log; addresses lowercase, `value` in token base units. */
export interface TransferLog {
  readonly blockNumber: number;
  readonly logIndex: number;
  readonly from: string;
  readonly to: string;
  readonly value: bigint;
}

export interface TransferLogBatch {
  readonly logs: TransferLog[];
  /** Logs the provider flagged `removed: true` (reorged away), dropped. */
  readonly removed: number;
  /** Logs whose topics or data did not decode as a Transfer, dropped. */
  readonly undecodable: number;
  /** Logs the provider returned twice (same block and log index), counted once. */
  readonly duplicates: number;
}

/** The three JSON-RPC reads the feed needs. */
export interface OnchainRpc {
  /** Where the reads go, safe to print (API keys redacted). */
  readonly where: string;
  headBlock(): Promise<number>;
  block(n: number): Promise<BlockStamp>;
  /** Raw: provider errors are thrown as they come, for the chunker to judge. */
  transferLogs(token: string, fromBlock: number, toBlock: number): Promise<TransferLogBatch>;
  /** A provider error as one printable line, URL redacted. */
  describe(err: unknown): string;
}

export interface OnchainRpcOptions {
  /** An HTTP(S) JSON-RPC URL (read through viem's `http()` transport). */
  readonly url?: string;
  /** Or any viem transport (tests inject `custom(provider)`). */
  readonly transport?: Transport;
  /** Per-request timeout for the HTTP transport, ms. */
  readonly timeoutMs?: number;
}

/** A viem public client behind the three reads, with errors mapped to `RpcUnavailableError`. */
export function createOnchainRpc(options: OnchainRpcOptions): OnchainRpc {
  const url = options.url ?? '';
  const transport =
    options.transport ?? http(url, { retryCount: 2, retryDelay: 250, timeout: options.timeoutMs ?? 20_000 });
  const client = createPublicClient({ transport });
  const where = options.transport !== undefined ? 'the injected transport' : redactRpcUrl(url);
  const describe = (err: unknown): string => scrubRpcUrl(errorLine(err), url);
  const fail = (what: string, err: unknown): RpcUnavailableError =>
    new RpcUnavailableError(`cannot ${what} from the Ethereum RPC at ${where}: ${describe(err)}`);

  return {
    where,
    describe,
    async headBlock() {
      try {
        return Number(await client.getBlockNumber({ cacheTime: 0 }));
      } catch (err) {
        throw fail('read the chain head (eth_blockNumber)', err);
      }
    },
    async block(n) {
      try {
        const b = await client.getBlock({ blockNumber: BigInt(n) });
        if (b.hash === null) throw new Error(`block ${n} has no hash (still pending)`);
        return { number: n, timestamp: (Number(b.timestamp) * 1000) as EpochMs, hash: b.hash };
      } catch (err) {
        throw fail(`read block ${n} (eth_getBlockByNumber)`, err);
      }
    },
    async transferLogs(token, fromBlock, toBlock) {
      const raw = await client.getLogs({
        address: token as `0x${string}`,
        event: TRANSFER_EVENT,
        fromBlock: BigInt(fromBlock),
        toBlock: BigInt(toBlock),
      });
      const logs: TransferLog[] = [];
      const seen = new Set<string>();
      let removed = 0;
      let undecodable = 0;
      let duplicates = 0;
      for (const log of raw) {
        if (log.removed) {
          removed++;
          continue;
        }
        const id = `${log.blockNumber}:${log.logIndex}`;
        if (seen.has(id)) {
          duplicates++;
          continue;
        }
        seen.add(id);
        // viem leaves `args` out when the topics do not match the event (its types say otherwise).
        const { from, to, value } = (log.args as Partial<typeof log.args> | undefined) ?? {};
        if (from === undefined || to === undefined || value === undefined || log.blockNumber === null) {
          undecodable++;
          continue;
        }
        logs.push({
          blockNumber: Number(log.blockNumber),
          logIndex: log.logIndex ?? 0,
          from: from.toLowerCase(),
          to: to.toLowerCase(),
          value,
        });
      }
      return { logs, removed, undecodable, duplicates };
    },
  };
}

/**
 * True when the endpoint itself is out of reach (connection refused, DNS, HTTP 401/404): a smaller
 * range cannot help, unlike range-too-large, too-many-results or timeout errors.
 */
export function isUnreachable(err: unknown): boolean {
  if (err instanceof BaseError) {
    const http = err.walk((e) => e instanceof HttpRequestError);
    if (http instanceof HttpRequestError) {
      return http.status === undefined || http.status === 401 || http.status === 404;
    }
  }
  return false;
}

function errorLine(err: unknown): string {
  if (err instanceof BaseError) {
    const http = err.walk((e) => e instanceof HttpRequestError);
    const status =
      http instanceof HttpRequestError && http.status !== undefined ? ` (HTTP ${http.status})` : '';
    const code = systemCode(err);
    const details = err.details === '' ? '' : `: ${err.details}`;
    return `${err.shortMessage}${status}${details}${code === undefined ? '' : ` [${code}]`}`;
  }
  return err instanceof Error ? err.message : String(err);
}

/** A Node system error code (ECONNREFUSED, ENOTFOUND) somewhere in the cause chain. */
function systemCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 8 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
    current = current.cause;
  }
  return undefined;
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Eip1193Provider } from './hardhat-node.js';

/** One eth_getLogs call seen by the proxy. */
export interface LogsCall {
  readonly fromBlock: number;
  readonly toBlock: number;
  /** Logs returned, or undefined when the proxy refused the range. */
  readonly logs: number | undefined;
}

/** A loopback JSON-RPC endpoint in front of the in-process hardhat node, with a provider-like range cap. */
export interface RpcProxy {
  readonly url: string;
  readonly logsCalls: LogsCall[];
  /** Refuse eth_getLogs spanning more than this many blocks (as Alchemy does at 2K); undefined lifts it. */
  maxLogRange: number | undefined;
  close(): Promise<void>;
}

interface JsonRpcRequest {
  id: unknown;
  method: string;
  params?: unknown[];
}

export async function startRpcProxy(provider: Eip1193Provider, path = '/'): Promise<RpcProxy> {
  const logsCalls: LogsCall[] = [];
  const state: { maxLogRange: number | undefined } = { maxLogRange: undefined };

  const answer = async (req: JsonRpcRequest): Promise<object> => {
    const base = { jsonrpc: '2.0', id: req.id };
    if (req.method === 'eth_getLogs') {
      const filter = (req.params?.[0] ?? {}) as { fromBlock?: string; toBlock?: string };
      const fromBlock = Number(filter.fromBlock);
      const toBlock = Number(filter.toBlock);
      if (state.maxLogRange !== undefined && toBlock - fromBlock + 1 > state.maxLogRange) {
        logsCalls.push({ fromBlock, toBlock, logs: undefined });
        return {
          ...base,
          error: {
            code: -32602,
            message: `block range too large: at most ${state.maxLogRange} blocks per call`,
          },
        };
      }
      const logs = (await provider.request({ method: req.method, params: req.params ?? [] })) as unknown[];
      logsCalls.push({ fromBlock, toBlock, logs: logs.length });
      return { ...base, result: logs };
    }
    try {
      return { ...base, result: await provider.request({ method: req.method, params: req.params ?? [] }) };
    } catch (err) {
      const e = err as { code?: number; message?: string };
      return { ...base, error: { code: e.code ?? -32603, message: e.message ?? String(err) } };
    }
  };

  const server = http.createServer((req, res) => {
    if (req.url !== path) {
      res.writeHead(404).end('not found');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as JsonRpcRequest | JsonRpcRequest[];
      const reply = Array.isArray(body) ? Promise.all(body.map(answer)) : answer(body);
      void reply.then((out) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(out));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    logsCalls,
    get maxLogRange() {
      return state.maxLogRange;
    },
    set maxLogRange(n: number | undefined) {
      state.maxLogRange = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

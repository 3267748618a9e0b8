import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  NumeraiDoubleData,
  NumeraiDoubleOptions,
  NumeraiDoubleRequest,
  NumeraiDriftPlan,
  NumeraiFailurePlan,
} from './double.types.js';
import { FailureSchedule, failureReply } from './failures.js';
import { answerGraphql, type GraphqlReply } from './graphql-answer.js';
import { loadRealNumeraiData } from './real-data.js';

/** A running Numerai GraphQL double on 127.0.0.1: POST `{query, variables}` to `url`. */
export interface NumeraiDouble {
  /** `http://127.0.0.1:<port>`: the endpoint to use instead of `https://api-tournament.numer.ai`. */
  readonly url: string;
  readonly port: number;
  readonly data: NumeraiDoubleData;
  /** Every request received, oldest first. */
  readonly requests: readonly NumeraiDoubleRequest[];
  /** Requests whose root field is `rootField`, e.g. `roundDetails`. */
  requestsTo(rootField: string): NumeraiDoubleRequest[];
  clearRequests(): void;
  /** Starts failing as planned (counting from now), or heals the double with `undefined`. */
  setFailures(plan: NumeraiFailurePlan | undefined): void;
  setDrift(drift: NumeraiDriftPlan | undefined): void;
  setDelayMs(ms: number): void;
  /** Replaces what is served (e.g. a revised round). */
  setData(data: NumeraiDoubleData): void;
  close(): Promise<void>;
}

function send(res: http.ServerResponse, reply: GraphqlReply, retryAfterSeconds: number): void {
  const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    'content-type': typeof reply.body === 'string' ? 'text/html' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(reply.status === 429 ? { 'retry-after': String(retryAfterSeconds) } : {}),
  });
  res.end(text);
}

async function readBody(req: http.IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Starts the double. It serves the real Numerai rows of ../shared/data (see real-data.ts) unless
 * `options.data` says otherwise, answers only POSTs of `{query, variables}` to `/`, projects each
 * answer onto the query's selection and refuses unknown fields as GraphQL validation does.
 */
export async function startNumeraiDouble(options: NumeraiDoubleOptions = {}): Promise<NumeraiDouble> {
  let data = options.data ?? loadRealNumeraiData();
  let drift = options.drift;
  let delayMs = options.delayMs ?? 0;
  const retryAfter = options.retryAfterSeconds ?? 1;
  const requests: NumeraiDoubleRequest[] = [];
  const failures = new FailureSchedule();
  failures.set(options.failures);

  const handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    const text = await readBody(req);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const now = options.now?.() ?? Infinity;
    const answer = answerGraphql(req.method ?? 'GET', req.url ?? '/', text, { data, now }, drift);
    const record = (status: number): void => {
      requests.push({
        operationName: answer.operationName,
        rootField: answer.rootField,
        variables: answer.variables,
        userAgent: req.headers['user-agent'],
        status,
      });
    };
    const failure = failures.next(answer.rootField);
    if (failure === 'socket-destroy') {
      record(0);
      req.socket.destroy();
      return;
    }
    const reply = failure ? failureReply(failure, answer.rootField) : answer.reply;
    record(reply.status);
    if (!res.destroyed) send(res, reply, retryAfter);
  };

  const server = http.createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`numerai double crashed: ${String(err)}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get data() {
      return data;
    },
    requests,
    requestsTo: (rootField) => requests.filter((r) => r.rootField === rootField),
    clearRequests: () => {
      requests.length = 0;
    },
    setFailures: (plan) => failures.set(plan),
    setDrift: (plan) => {
      drift = plan;
    },
    setDelayMs: (ms) => {
      delayMs = ms;
    },
    setData: (next) => {
      data = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

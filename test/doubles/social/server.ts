import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  SocialDoubleData,
  SocialDoubleOptions,
  SocialDoubleRequest,
  SocialFailurePlan,
  SocialRoute,
} from './double.types.js';
import { FailureSchedule, failureReply } from './failures.js';
import { answer, routeOf } from './routes.js';
import { syntheticSocialData } from './synthetic-fixtures.js';

/** A running social double on 127.0.0.1 serving Reddit, Discourse, RSS and CryptoPanic paths. */
export interface SocialDouble {
  /** `http://127.0.0.1:<port>`: use as every source's base URL, or as `--base-url`. */
  readonly url: string;
  readonly port: number;
  readonly data: SocialDoubleData;
  /** Every request received, oldest first. */
  readonly requests: readonly SocialDoubleRequest[];
  requestsTo(route: SocialRoute): SocialDoubleRequest[];
  clearRequests(): void;
  /** Starts failing as planned (counting from now); an empty list heals the double. */
  setFailures(plans: readonly SocialFailurePlan[]): void;
  /** Replaces what is served (e.g. a new post). */
  setData(data: SocialDoubleData): void;
  close(): Promise<void>;
}

/**
 * Starts the double: GET `/r/<sub>/new.json`, `/r/<sub>/search.json` (Reddit listings paged with
 * `after`), `/latest.json` (`?page=`), `/posts.json` (`?before=`), `/api/v1/posts/` (CryptoPanic,
 * auth_token checked, `?page=`) and each RSS path of the data. Serves the synthetic fixtures unless
 * `options.data` says otherwise; items created after `options.now()` are not listed yet.
 */
export async function startSocialDouble(options: SocialDoubleOptions = {}): Promise<SocialDouble> {
  let data = options.data ?? syntheticSocialData();
  const retryAfter = options.retryAfterSeconds ?? 1;
  const requests: SocialDoubleRequest[] = [];
  const failures = new FailureSchedule();

  const handle = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const route = routeOf(url.pathname, data);
    const record = (status: number): void => {
      requests.push({
        route,
        path: `${url.pathname}${url.search}`,
        userAgent: req.headers['user-agent'],
        status,
        receivedAt: Date.now(),
      });
    };
    const normal =
      req.method === 'GET'
        ? answer(url, { data, now: options.now?.() ?? Infinity, pageSize: options.pageSize ?? {} })
        : { status: 405, contentType: 'text/plain', body: 'GET only' };
    const failure = failures.next(route);
    if (failure === 'socket-destroy') {
      record(0);
      req.socket.destroy();
      return;
    }
    const reply = failure ? failureReply(failure, normal, `${url.pathname}${url.search}`) : normal;
    record(reply.status);
    res.writeHead(reply.status, {
      'content-type': reply.contentType,
      'content-length': Buffer.byteLength(reply.body),
      ...(reply.status === 429 ? { 'retry-after': String(retryAfter) } : {}),
    });
    res.end(reply.body);
  };

  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`social double crashed: ${String(err)}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    get data() {
      return data;
    },
    requests,
    requestsTo: (route) => requests.filter((r) => r.route === route),
    clearRequests: () => {
      requests.length = 0;
    },
    setFailures: (plans) => failures.set(plans),
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

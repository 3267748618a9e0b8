import type { AddressInfo } from 'node:net';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Registry } from 'prom-client';
import { Secret } from '../config/index.js';
import { ConfigError } from '../core/index.js';
import { metricsHandler } from '../ops/index.js';
import type { ApiControls, ApiStateSource, ControlResult } from './api-state.types.js';
import { checkBearer } from './bearer-auth.js';
import { mountDashboard } from './dashboard-static.js';
import { emptyBodySchema, limitQuerySchema, manualOrderSchema, parseInput } from './request-schemas.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { StateStream, type StateStreamOptions } from './state-stream.js';

export interface ApiServerOptions {
  readonly state: ApiStateSource;
  readonly controls: ApiControls;
  /** Name of the environment variable holding the bearer token (`server.tokenEnv`). */
  readonly tokenEnv: string;
  /** Where the token is read from; `process.env` by default. */
  readonly env?: NodeJS.ProcessEnv;
  readonly host?: string;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Needed to listen on anything but loopback: the API can flatten the account. */
  readonly allowRemote?: boolean;
  /** Mounted at `GET /metrics` when given. */
  readonly metrics?: Registry;
  readonly stream?: StateStreamOptions;
  /** Largest request body accepted, bytes (default 16 KiB). */
  readonly bodyLimit?: number;
  /** Serve the dashboard page at `GET /` (default true). */
  readonly dashboard?: boolean;
}

export interface ApiServer {
  /** `http://host:port` */
  readonly url: string;
  readonly port: number;
  readonly stream: StateStream;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/**
 * Starts the REST + WebSocket API. Reads are open to whoever can reach the socket (loopback by
 * default); control needs the bearer token from `tokenEnv` and is disabled when it is not set.
 * @throws ConfigError when `host` is not loopback and `allowRemote` is not set
 */
export async function createApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host) && options.allowRemote !== true) {
    throw new ConfigError(
      `server.host: refusing to listen on ${host}: the API can pause trading, flatten positions and ` +
        'place orders, and its reads show the account; keep it on 127.0.0.1 (reach it through an SSH ' +
        'tunnel or a TLS reverse proxy) or pass allowRemote: true if you really mean to expose it',
    );
  }
  const token = tokenFrom(options.env ?? process.env, options.tokenEnv);
  const app = Fastify({ bodyLimit: options.bodyLimit ?? 16 * 1024, logger: false });
  const stream = new StateStream(options.state, options.stream);
  let allowedHosts: ReadonlySet<string> | undefined;

  app.addHook('onRequest', async (request, reply) => {
    reply.headers(SECURITY_HEADERS);
    // DNS rebinding: a page on evil.example resolving to 127.0.0.1 still sends its own Host header.
    if (allowedHosts !== undefined && !allowedHosts.has(request.headers.host ?? '')) {
      return reply.code(421).send({ error: 'unexpected Host header' });
    }
    return undefined;
  });
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode < 500 ? error.statusCode : 500;
    void reply.code(status).send({ error: status === 500 ? 'internal error' : error.message });
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `no route ${request.method} ${request.url.split('?')[0] ?? ''}` });
  });
  await app.register(websocket, { options: { maxPayload: 1024 } });
  registerReads(app, options.state, stream);
  registerControls(app, options.controls, token, options.tokenEnv);
  if (options.metrics !== undefined) mountMetrics(app, options.metrics);
  if (options.dashboard !== false) mountDashboard(app);

  try {
    await app.listen({ host, port: options.port ?? 0 });
  } catch (error) {
    stream.close();
    await app.close();
    throw error;
  }
  const port = (app.server.address() as AddressInfo).port;
  if (options.allowRemote !== true) {
    allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
  }
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    stream,
    close: async () => {
      stream.close();
      await app.close();
    },
  };
}

function registerReads(app: FastifyInstance, state: ApiStateSource, stream: StateStream): void {
  app.get('/api/state', (_request, reply) => reply.send(state.snapshot()));
  app.get('/api/health', (_request, reply) => reply.send(state.health()));
  app.get('/api/trades', async (request, reply) => {
    const query = parseInput(limitQuerySchema, request.query, 'query');
    if (!query.ok) return reply.code(400).send({ error: query.error });
    return { trades: state.trades(query.value.limit) };
  });
  app.get('/api/risk-decisions', async (request, reply) => {
    const query = parseInput(limitQuerySchema, request.query, 'query');
    if (!query.ok) return reply.code(400).send({ error: query.error });
    return { decisions: state.riskDecisions(query.value.limit) };
  });
  app.get('/api/stream', { websocket: true }, (socket, request) => {
    // Browsers send Origin on WebSocket upgrades and CORS does not apply: refuse other sites' pages.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host ?? ''}`) {
      socket.close(1008, 'cross-origin stream refused');
      return;
    }
    stream.add(socket);
  });
}

function registerControls(
  app: FastifyInstance,
  controls: ApiControls,
  token: Secret | undefined,
  tokenEnv: string,
): void {
  const guard = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
    const outcome = checkBearer(request.headers.authorization, token);
    if (outcome === 'disabled') {
      return reply.code(403).send({ error: `control is disabled: set the environment variable ${tokenEnv}` });
    }
    if (outcome !== 'ok')
      return reply.header('www-authenticate', 'Bearer').code(401).send({ error: 'unauthorized' });
    return undefined;
  };
  const action = (path: string, run: () => Promise<ControlResult>): void => {
    app.post(path, { onRequest: guard }, async (request, reply) => {
      const body = parseInput(emptyBodySchema, request.body, 'body');
      if (!body.ok) return reply.code(400).send({ error: body.error });
      return sendResult(reply, await run());
    });
  };
  action('/api/pause', () => controls.pause());
  action('/api/resume', () => controls.resume());
  action('/api/flatten', () => controls.flattenAll());
  app.post('/api/orders', { onRequest: guard }, async (request, reply) => {
    const order = parseInput(manualOrderSchema, request.body, 'body');
    if (!order.ok) return reply.code(400).send({ error: order.error });
    return sendResult(reply, await controls.manualOrder(order.value));
  });
}

function sendResult(reply: FastifyReply, result: ControlResult): FastifyReply {
  if (result.ok) return reply.code(200).send(result);
  return reply.code(result.status ?? 422).send({ error: result.message, refused: result.refused });
}

function mountMetrics(app: FastifyInstance, registry: Registry): void {
  const handler = metricsHandler(registry);
  app.get('/metrics', (request, reply) => {
    reply.hijack();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value);
    handler(request.raw, reply.raw);
  });
}

/** The token as a `Secret` (prints as `[redacted]`); unset or empty: control is disabled. */
function tokenFrom(env: NodeJS.ProcessEnv, name: string): Secret | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : new Secret(value);
}

/**
 * The simulator's HTTP server: every outside service on one port, each under its own prefix and
 * with its own auth check and error envelope, plus the control API. `startSimulator({ port: 0 })`
 * runs it in-process (tests); `simulator/main.ts` runs it standalone.
 */
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { Logger } from '../observability/logger';
import { loadConfig } from '../temporal.config';
import { D360, d360Error, graphError, type SimResponse } from './catalog';
import type { SimContext, SimCredentials } from './context';
import { Counters } from './counters';
import { Faults, installFaults, send, type ServiceName } from './faults';
import { registerDialog360Partner } from './routes-360dialog-partner';
import { registerDialog360Porting } from './routes-360dialog';
import { registerControl } from './routes-control';
import { registerMeta } from './routes-meta';
import { registerMetaMigration } from './routes-meta-migration';
import { registerMetaWeb } from './routes-meta-web';
import { registerSupport, supportError } from './routes-support';
import { registerCallbackReceiver, registerSites } from './routes-web';
import { SimState } from './state';

export interface StartSimulatorOptions {
  port?: number;
  host?: string;
  /** Credentials the simulated services accept; default: the config defaults (sim-* values). */
  credentials?: Partial<SimCredentials>;
  logger?: Logger;
}

export interface RunningSimulator {
  url: string;
  port: number;
  state: SimState;
  faults: Faults;
  app: FastifyInstance;
  close(): Promise<void>;
}

export const PREFIX = {
  dialog360: '/360dialog/api/v2',
  meta: '/meta',
  support: '/support/api',
  sites: '/sites',
  callbacks: '/callbacks',
  metaWeb: '/meta-web',
} as const;

function defaultCredentials(): SimCredentials {
  // Explicit empty env: the schema defaults, never the process environment.
  const c = loadConfig({});
  return {
    d360PartnerId: c.D360_PARTNER_ID,
    d360ApiKey: c.D360_PARTNER_API_KEY,
    metaAccessToken: c.META_ACCESS_TOKEN,
    supportDeskToken: c.SUPPORT_DESK_TOKEN,
    callbackSigningSecret: c.CALLBACK_SIGNING_SECRET,
  };
}

const bearer = (req: FastifyRequest) => /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];

/** The envelope each service uses for "no such route" and for malformed requests. */
function errorFor(url: string, status: number, message: string): SimResponse {
  if (url.startsWith(PREFIX.dialog360)) return d360Error(status, message);
  if (url.startsWith(PREFIX.meta)) return graphError(400, 100, `Unknown path components: ${message}`);
  if (url.startsWith(PREFIX.support))
    return supportError(status, status === 404 ? 'InvalidEndpoint' : 'BadRequest', message);
  return { status, body: { error: message } };
}

/** One debug line per request: method, path (never the query: it may hold an access_token), status. */
class RequestLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, req: FastifyRequest, reply: FastifyReply): void {
    req.log.debug(
      {
        method: req.method,
        path: req.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
        error: error?.message,
      },
      'request',
    );
  }
}

export function buildSimulator(ctx: SimContext, logger?: Logger): FastifyInstance {
  // pino's Logger is what Fastify logs with; its type differs only in generics.
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger | undefined,
    logController: new RequestLog(),
    forceCloseConnections: true,
    bodyLimit: 1_000_000,
  });
  // Keep the raw body (callback signatures) and accept empty JSON bodies (POSTs without payload).
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    const text = String(body);
    req.rawBody = text;
    if (!text.trim()) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(Object.assign(new Error('malformed JSON body'), { statusCode: 400 }), undefined);
    }
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  app.setNotFoundHandler((req, reply) =>
    send(reply, errorFor(req.url, 404, `no route ${req.method} ${req.url.split('?')[0]}`)),
  );
  app.setErrorHandler((err: { statusCode?: number; message: string }, req, reply) => {
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    return send(reply, errorFor(req.url, status, err.message));
  });

  app.get('/health', () => ({ status: 'ok' }));
  const { state, faults, credentials } = ctx;
  const scope = (
    prefix: string,
    service: ServiceName,
    serverError: () => SimResponse,
    authenticate: ((req: FastifyRequest) => SimResponse | undefined) | undefined,
    register: (s: FastifyInstance, c: SimContext) => void,
  ) =>
    app.register(
      async (s) => {
        // First hook, so injected latency counts as in flight; the gauge of the request's own
        // arrival is ended, so a reset meanwhile starts a clean one. 'close' fires on hangs too.
        s.addHook('onRequest', async (_req, reply) => {
          reply.raw.once('close', Counters.enter(state.counters.requestsInFlight));
        });
        installFaults(s, service, { faults, state, serverError, authenticate });
        register(s, ctx);
      },
      { prefix },
    );

  void scope(
    PREFIX.dialog360,
    '360dialog',
    () => d360Error(500, 'Internal server error'),
    (req) => {
      if (req.headers['x-api-key'] !== credentials.d360ApiKey) return d360Error(401, D360.invalidKey, 404);
      const pid = (req.params as { pid?: string }).pid;
      return pid !== undefined && pid !== credentials.d360PartnerId
        ? d360Error(403, D360.permissionDenied(pid))
        : undefined;
    },
    (s, c) => {
      registerDialog360Porting(s, c);
      registerDialog360Partner(s, c);
    },
  );
  void scope(
    PREFIX.meta,
    'meta',
    () => graphError(503, 2, 'Service temporarily unavailable', { type: 'OAuthException' }),
    (req) => {
      // The code exchange authenticates with the app's client_id and client_secret instead.
      if (req.routeOptions.config.op === 'meta.exchangeCode') return undefined;
      const token = bearer(req) ?? (req.query as { access_token?: string }).access_token;
      if (!token) return graphError(400, 104, 'An access token is required to request this resource.');
      // Our system user's token, or a business token from an Embedded Signup code exchange.
      return token === credentials.metaAccessToken || state.cloud.businessTokens.has(token)
        ? undefined
        : graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    },
    (s, c) => {
      registerMeta(s, c);
      registerMetaMigration(s, c);
    },
  );
  void scope(
    PREFIX.support,
    'support',
    () => supportError(503, 'ServiceUnavailable', 'The support desk is temporarily unavailable'),
    (req) =>
      bearer(req) === credentials.supportDeskToken
        ? undefined
        : supportError(401, "Couldn't authenticate you", 'Invalid or missing API token'),
    registerSupport,
  );
  void scope(
    PREFIX.sites,
    'sites',
    () => ({ status: 503, body: '<h1>503 Service Unavailable</h1>' }),
    undefined,
    registerSites,
  );
  void app.register(async (s) => registerCallbackReceiver(s, ctx), { prefix: PREFIX.callbacks });
  void app.register(async (s) => registerMetaWeb(s, ctx), { prefix: PREFIX.metaWeb });
  registerControl(app, ctx);
  return app;
}

/** Starts the simulator on 127.0.0.1 (port 0 = a free port). */
export async function startSimulator(opts: StartSimulatorOptions = {}): Promise<RunningSimulator> {
  const credentials = { ...defaultCredentials(), ...opts.credentials };
  const state = new SimState(credentials.d360PartnerId);
  const faults = new Faults();
  const app = buildSimulator({ state, faults, credentials }, opts.logger);
  await app.listen({ port: opts.port ?? 0, host: opts.host ?? '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    state,
    faults,
    app,
    close: () => app.close(),
  };
}

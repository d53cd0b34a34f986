/**
 * The HTTP API: a thin layer over the migrations client. Versioned under /v1, bearer-token auth
 * and a per-token rate limit on everything but health, the OpenAPI document and the (HMAC-signed)
 * webhooks. Errors are RFC 9457 problems; request IDs go in and out as `x-request-id`.
 */
import { randomUUID } from 'node:crypto';
import fastifySwagger from '@fastify/swagger';
import type { Client } from '@temporalio/client';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { createMigrationsClient, type MigrationsClient } from '../client';
import { createOutsideWorld } from '../integrations';
import { wabaDirectory } from '../integrations/waba-directory';
import type { Logger } from '../observability/logger';
import type { Config } from '../temporal.config';
import { bearerAuth, DEFAULT_RATE_LIMIT, rateLimit, type RateLimitOptions } from './auth';
import { errorHandler } from './error-handler';
import { frameworkErrorHandler, MAX_PARAM_LENGTH } from './framework-errors';
import type { ApiMetrics } from './metrics';
import { methodNotAllowed } from './method-not-allowed';
import { openApiOptions } from './openapi';
import { ownerLinkIssuer } from '../secrets/action-links';
import { ownerPageRoutes } from './owner/routes';
import { HttpProblem, sendProblem } from './problem';
import { recordRoutes } from './route-table';
import { inRequestSpan, nameRequestSpan, tracedServerFactory } from './tracing';
import { batchRoutes } from './routes/batches';
import { entityRoutes } from './routes/entities';
import { healthRoutes } from './routes/health';
import { eventRoutes } from './routes/events';
import { migrationRoutes } from './routes/migrations';
import { partnerChangeActionRoutes } from './routes/partner-change-actions';
import { portInActionRoutes } from './routes/port-in-actions';
import { portOutActionRoutes } from './routes/port-out-actions';
import { startRoutes } from './routes/starts';
import { webhookRoutes } from './routes/webhooks';
import { installJsonParser, zodValidatorCompiler } from './validation';
import type { EventDedupe } from './webhooks/dedupe';

export interface BuildAppOptions {
  config: Config;
  client: Client;
  logger?: Logger;
  /** Defaults to a client on `client` and `config`; tests may inject their own. */
  migrations?: MigrationsClient;
  /** How long Temporal may take to answer a query or update (defaults: client/context.ts). */
  temporalTimeouts?: { queryMs?: number; updateMs?: number };
  rateLimit?: RateLimitOptions;
  webhookDedupe?: EventDedupe;
  bodyLimitBytes?: number;
  /** A server span per request (the tracer provider is set up by api/main.ts). */
  tracing?: boolean;
  /** Records requests and the API's own outside calls (api/main.ts serves them). */
  metrics?: ApiMetrics;
  /** The owner page's settings beyond the config (tests shorten its refresh). */
  ownerPage?: { refreshMs?: number };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const { config, client } = opts;
  // Partner-change starts look the WABA up on 360dialog first (one quick read, no side effect).
  const wabas = wabaDirectory(createOutsideWorld(config, opts.logger, opts.metrics?.observeCall).dialog360);
  const migrations =
    opts.migrations ?? createMigrationsClient({ client, config, wabas, timeouts: opts.temporalTimeouts });
  const v1Hooks = [bearerAuth(config.API_TOKENS), rateLimit(opts.rateLimit ?? DEFAULT_RATE_LIMIT)];
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the instance type the default one.
    loggerInstance: opts.logger as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    bodyLimit: opts.bodyLimitBytes ?? 64 * 1024,
    ...(opts.tracing && { serverFactory: tracedServerFactory }),
    requestIdHeader: false,
    // Long enough for any (percent-encoded) migration ID: the params schema answers 404 for the rest.
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH },
    frameworkErrors: frameworkErrorHandler(v1Hooks),
    // Accept the caller's ID when it is harmless (it ends up in logs), otherwise make one.
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  recordRoutes(app);
  const notAllowed = methodNotAllowed(app);
  app.setValidatorCompiler(zodValidatorCompiler);
  // Plain JSON out: response schemas document the API (and tests check them), never fail a reply.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.setErrorHandler(errorHandler);
  const notFound = (req: FastifyRequest, reply: FastifyReply) =>
    sendProblem(req, reply, new HttpProblem(404, 'not-found', `no route ${req.method} ${req.url.split('?')[0]}`));
  app.setNotFoundHandler(notFound);
  installJsonParser(app);

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    if (opts.tracing) nameRequestSpan(req);
  });
  // Outside /v1 (health, OpenAPI); under /v1 the same hook runs after the token check.
  app.addHook('onRequest', async function (req, reply) {
    if (!req.url.startsWith('/v1/')) await notAllowed.call(this, req, reply, () => undefined);
  });
  app.addHook('onResponse', async (req, reply) => {
    // One line per request, without bodies, query strings or headers (they may carry secrets).
    // The route is the template (`/a/:token`), so neither logs nor metrics see IDs or links.
    const route = req.routeOptions.url ?? 'unmatched';
    inRequestSpan(req, () =>
      req.log.info(
        {
          method: req.method,
          route,
          status: reply.statusCode,
          ms: Math.round(reply.elapsedTime),
          caller: req.callerId,
        },
        'request',
      ),
    );
    opts.metrics?.request({ method: req.method, route, status: reply.statusCode }, reply.elapsedTime / 1000);
  });

  await app.register(fastifySwagger, openApiOptions());

  await app.register(healthRoutes, { client });
  await app.register(ownerPageRoutes, { migrations, config, refreshMs: opts.ownerPage?.refreshMs });
  // Without PUBLIC_BASE_URL a status shows the link on the address it was asked on.
  const ownerLinks = ownerLinkIssuer(config, '');
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(webhookRoutes, {
    prefix: '/v1',
    migrations,
    signingSecret: config.WEBHOOK_SIGNING_SECRET,
    dedupe: opts.webhookDedupe,
  });
  await app.register(
    async (v1) => {
      for (const hook of v1Hooks) v1.addHook('onRequest', hook);
      v1.addHook('onRequest', notAllowed);
      v1.setNotFoundHandler(notFound);
      for (const routes of [
        startRoutes,
        migrationRoutes,
        eventRoutes,
        portInActionRoutes,
        portOutActionRoutes,
        partnerChangeActionRoutes,
        entityRoutes,
        batchRoutes,
      ]) {
        await v1.register(routes, { migrations, ownerLinks });
      }
    },
    { prefix: '/v1' },
  );
  return app;
}

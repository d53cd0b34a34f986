/**
 * 405 with `Allow` for a method a resource does not have (RFC 9110 §15.5.6): Fastify answers an
 * unknown method on a known path with 404, and the OpenAPI document then looks incomplete to
 * clients and to schemathesis. Runs as an onRequest hook of not-found requests, after the hooks
 * of its scope (so under /v1 the bearer token is checked first) and before any body is parsed.
 */
import type { FastifyInstance, FastifyRequest, onRequestHookHandler } from 'fastify';
import { HttpProblem } from './problem';
import { registeredRoutes } from './route-table';

interface PathMethods {
  pattern: RegExp;
  methods: Set<string>;
}

/** `/v1/migrations/:id/pin` → `^/v1/migrations/[^/]+/pin$` */
const toPattern = (url: string) =>
  new RegExp(`^${url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}/?$`);

function methodsByPath(app: FastifyInstance): PathMethods[] {
  const byUrl = new Map<string, Set<string>>();
  for (const route of registeredRoutes(app)) {
    const methods = byUrl.get(route.url) ?? new Set<string>();
    methods.add(route.method);
    // Fastify answers HEAD for every GET route by itself.
    if (route.method === 'GET') methods.add('HEAD');
    byUrl.set(route.url, methods);
  }
  return [...byUrl].map(([url, methods]) => ({ pattern: toPattern(url), methods }));
}

/** The methods the path has, or undefined when no route has this path at all (a real 404). */
export function allowedMethods(table: PathMethods[], req: FastifyRequest): string[] | undefined {
  const path = req.url.split('?')[0] ?? req.url;
  const allowed = new Set<string>();
  for (const { pattern, methods } of table) if (pattern.test(path)) methods.forEach((m) => allowed.add(m));
  return allowed.size ? [...allowed].sort() : undefined;
}

/** The hook; the route table is read lazily, once every route is registered. */
export function methodNotAllowed(app: FastifyInstance): onRequestHookHandler {
  let table: PathMethods[] | undefined;
  return async (req) => {
    if (!req.is404) return;
    table ??= methodsByPath(app);
    const allowed = allowedMethods(table, req);
    if (!allowed || allowed.includes(req.method)) return;
    throw new HttpProblem(405, 'method-not-allowed', `${req.method} is not allowed here; use ${allowed.join(', ')}`, {
      headers: { allow: allowed.join(', ') },
    });
  };
}

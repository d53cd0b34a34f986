/**
 * The routes an app registered, as Fastify saw them (method, URL, declared statuses, security).
 * Tests compare this list with the OpenAPI document and with the statuses real requests got, so
 * a route added without documentation or tests shows up.
 */
import type { FastifyInstance, RouteOptions } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** Fastify's form, e.g. `/v1/migrations/:id/pin`. */
  url: string;
  /** Response statuses declared in the route schema. */
  statuses: string[];
  /** `[]` for public routes; undefined means the global bearer requirement. */
  security?: unknown[];
  hidden: boolean;
  /** The route's own body limit (bytes), where it differs from the app's. */
  bodyLimit?: number;
}

const tables = new WeakMap<object, RegisteredRoute[]>();

/** Call right after creating the app: routes registered later are recorded. */
export function recordRoutes(app: FastifyInstance): void {
  const list: RegisteredRoute[] = [];
  tables.set(app, list);
  app.addHook('onRoute', (route: RouteOptions) => {
    const schema = (route.schema ?? {}) as { response?: object; security?: unknown[]; hide?: boolean };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // HEAD routes are Fastify's automatic twins of the GET routes.
    for (const method of methods.filter((m) => m !== 'HEAD')) {
      list.push({
        method,
        url: route.url,
        statuses: Object.keys(schema.response ?? {}),
        security: schema.security,
        hidden: schema.hide === true,
        ...(route.bodyLimit === undefined ? {} : { bodyLimit: route.bodyLimit }),
      });
    }
  });
}

export function registeredRoutes(app: FastifyInstance): readonly RegisteredRoute[] {
  const list = tables.get(app);
  if (!list) throw new Error('recordRoutes(app) was not called for this app');
  return list;
}

/**
 * Errors Fastify's router raises before any hook runs: a path segment longer than the router's
 * limit, or a path that is not valid percent-encoding. Fastify would answer them in plain JSON
 * without our request ID, token check or rate limit; here they get the same treatment as every
 * other request under /v1 (token first, rate limit, then a problem).
 */
import type { FastifyError, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { HttpProblem, sendProblem } from './problem';

/** Longer than any percent-encoded migration ID; longer segments never reach a route. */
export const MAX_PARAM_LENGTH = 1024;

// Public under /v1: signed instead of authenticated.
const PUBLIC_V1 = /^\/v1\/webhooks\//;

export function frameworkErrorHandler(v1Hooks: onRequestHookHandler[]) {
  return async (err: FastifyError, req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    void reply.header('x-request-id', req.id);
    try {
      const path = req.url.split('?')[0] ?? req.url;
      if (path.startsWith('/v1/') && !PUBLIC_V1.test(path)) {
        for (const hook of v1Hooks) await hook.call(req.server, req, reply, () => undefined);
      }
      throw err.code === 'FST_ERR_MAX_PARAM_LENGTH'
        ? new HttpProblem(404, 'not-found', 'no migration has this ID')
        : new HttpProblem(400, 'malformed-request', 'the path is not valid percent-encoding');
    } catch (problem) {
      if (!(problem instanceof HttpProblem)) throw problem;
      req.log.info({ status: problem.status, problem: problem.slug }, 'request rejected by the router');
      await sendProblem(req, reply, problem);
    }
  };
}

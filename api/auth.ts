/**
 * Bearer-token authentication (tokens from API_TOKENS) and a simple per-token rate limit.
 * Tokens are compared in constant time and never logged; logs name the caller by a short hash.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { plural } from '../contracts/plural';
import { HttpProblem } from './problem';

declare module 'fastify' {
  interface FastifyRequest {
    /** Short, non-reversible ID of the caller's token, for logs and rate limiting. */
    callerId?: string;
  }
}

const REALM = 'Bearer realm="wa-migrations"';
const digest = (s: string) => createHash('sha256').update(s).digest();

export function callerIdOf(token: string): string {
  return digest(token).toString('hex').slice(0, 12);
}

export function bearerAuth(tokens: readonly string[]): onRequestHookHandler {
  const known = tokens.map(digest);
  return async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    if (!header) {
      throw new HttpProblem(401, 'unauthorized', 'send Authorization: Bearer <token>', {
        headers: { 'www-authenticate': REALM },
      });
    }
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    // Comparing fixed-length digests keeps the comparison constant-time whatever the token length.
    const given = m?.[1] ? digest(m[1]) : undefined;
    if (!given || !known.some((k) => timingSafeEqual(k, given))) {
      throw new HttpProblem(401, 'unauthorized', 'the bearer token is not valid', {
        headers: { 'www-authenticate': `${REALM}, error="invalid_token"` },
      });
    }
    req.callerId = given.toString('hex').slice(0, 12);
  };
}

export interface RateLimitOptions {
  /** Requests allowed per caller and window. */
  max: number;
  windowMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, windowMs: 60_000 };

/**
 * Fixed-window counter per caller, in memory: enough to stop a runaway script hammering Temporal
 * through one API instance. (Several instances each count on their own.)
 */
export function rateLimit(opts: RateLimitOptions): onRequestHookHandler {
  const windows = new Map<string, { start: number; count: number }>();
  return async (req: FastifyRequest, reply: FastifyReply) => {
    const key = req.callerId ?? req.ip;
    const now = Date.now();
    let w = windows.get(key);
    if (!w || now - w.start >= opts.windowMs) {
      if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of distinct callers
      w = { start: now, count: 0 };
      windows.set(key, w);
    }
    w.count++;
    const resetSec = Math.max(Math.ceil((w.start + opts.windowMs - now) / 1000), 1);
    void reply.header('ratelimit-limit', String(opts.max));
    void reply.header('ratelimit-remaining', String(Math.max(opts.max - w.count, 0)));
    void reply.header('ratelimit-reset', String(resetSec));
    if (w.count > opts.max) {
      throw new HttpProblem(
        429,
        'rate-limited',
        `more than ${plural(opts.max, 'request')} in ${opts.windowMs / 1000} s`,
        {
          headers: { 'retry-after': String(resetSec) },
        },
      );
    }
  };
}

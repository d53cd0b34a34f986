/**
 * What keeps the owner page safe to put in a text message: strict headers (scripts and calls from
 * our own origin only, no framing, no referrer), a CSRF check on every POST (a SameSite cookie plus a form field bound to
 * it and to the link), and per-IP and per-link rate limits. In memory, per API instance.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The page's Content-Security-Policy; `extra` adds sources to a directive (Meta's, on the signup step). */
export function contentSecurityPolicy(extra: Partial<Record<string, string[]>> = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'style-src': ["'self'"],
    'img-src': ["'self'"],
    'script-src': ["'self'"],
    'connect-src': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    'base-uri': ["'none'"],
  };
  for (const [name, sources] of Object.entries(extra))
    directives[name] = [...(directives[name] ?? []), ...(sources ?? [])];
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': contentSecurityPolicy(),
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=()',
  'cache-control': 'no-store',
};

const COOKIE = 'owner_csrf';

/** CSRF: a random cookie per browser, and a form field = HMAC(key, cookie | link). */
export function csrfGuard(key: Uint8Array) {
  const fieldFor = (cookie: string, token: string) =>
    createHmac('sha256', key)
      .update(`${cookie}|${createHash('sha256').update(token).digest('base64url')}`)
      .digest('base64url');
  return {
    /** The form field for this browser and link; sets the cookie when the browser has none. */
    issue(req: FastifyRequest, reply: FastifyReply, token: string): string {
      let cookie = readCookie(req);
      if (!cookie) {
        cookie = randomBytes(18).toString('base64url');
        const secure = req.protocol === 'https' ? '; Secure' : '';
        void reply.header('set-cookie', `${COOKIE}=${cookie}; Path=/a/; HttpOnly; SameSite=Strict${secure}`);
      }
      return fieldFor(cookie, token);
    },
    /** True when the POST comes from our own form for this link in this browser. */
    check(req: FastifyRequest, token: string, field: unknown): boolean {
      const cookie = readCookie(req);
      if (!cookie || typeof field !== 'string' || !sameOrigin(req)) return false;
      const expected = Buffer.from(fieldFor(cookie, token));
      const given = Buffer.from(field);
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
}

function readCookie(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie ?? '';
  const match = header.split(';').find((c) => c.trim().startsWith(`${COOKIE}=`));
  const value = match?.trim().slice(COOKIE.length + 1);
  return value && /^[\w-]{20,40}$/.test(value) ? value : undefined;
}

/** A browser names the page's origin on a form POST; another site's page fails here. */
function sameOrigin(req: FastifyRequest): boolean {
  const origin = req.headers.origin;
  // With no-referrer the browser says "null" for its own forms too: then Fetch Metadata decides.
  if (origin === undefined || origin === 'null') return req.headers['sec-fetch-site'] !== 'cross-site';
  if (!URL.canParse(origin)) return false;
  return new URL(origin).host === req.headers.host;
}

/** Fixed-window counters: `allow(key)` is false once `max` is reached within `windowMs`. */
export function windowCounter(max: number, windowMs: number) {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    allow(key: string): boolean {
      const now = Date.now();
      let w = windows.get(key);
      if (!w || now - w.start >= windowMs) {
        if (windows.size > 10_000) windows.clear(); // bounded memory under a flood of distinct keys
        w = { start: now, count: 0 };
        windows.set(key, w);
      }
      return ++w.count <= max;
    },
  };
}

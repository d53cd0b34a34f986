/**
 * What `HttpClient` (integrations/http.ts) and the services' classifiers share about failures: the
 * failed response a classifier sees, the fallback classification by status, Retry-After parsing and
 * the scrubbing of secrets from upstream text.
 */
import { UpstreamError, type UpstreamErrorInit } from './errors';

export type Service = UpstreamErrorInit['service'];

/** What a classifier sees of a failed (non-2xx) response. */
export interface FailedResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
  /** Raw body text, already scrubbed and truncated. */
  text: string;
  /** `METHOD /path` for context in messages (no query string, no body). */
  request: string;
  /** Scrubs this request's secrets from upstream text: apply it to every message taken from the body. */
  scrub: (text: string) => string;
}

/** Maps a failed response to the service's error class and reason. */
export type Classifier = (res: FailedResponse) => UpstreamError;

const SECRET_PATTERNS: RegExp[] = [
  /(bearer\s+)[^\s"',;]+/gi,
  // Not a bare `code` key: Graph error bodies carry numeric error codes under that name.
  /((?:api[_-]?key|access[_-]?token|token|password|secret|pin|otp|verification[_ ]?code)["']?\s*[:=]\s*["']?)[^\s"',;&}]+/gi,
];

/** Removes known secret values and secret-looking key/value pairs from text. */
export function scrub(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('[redacted]');
  for (const re of SECRET_PATTERNS) out = out.replace(re, '$1[redacted]');
  return out;
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date; undefined when absent or invalid. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** The classification every service shares when its envelope says nothing more specific. */
export function classifyByStatus(service: Service, res: FailedResponse, message: string): UpstreamError {
  const base = { service, httpStatus: res.status, message: `${res.request} -> ${res.status}: ${message}` };
  const s = res.status;
  if (s === 429) {
    return new UpstreamError({
      ...base,
      errorClass: 'rate-limited',
      reason: 'RATE_LIMIT',
      retryAfterMs: parseRetryAfter(res.headers.get('retry-after')),
    });
  }
  if (s === 408) return new UpstreamError({ ...base, errorClass: 'transient', reason: 'TIMEOUT' });
  if (s >= 500) return new UpstreamError({ ...base, errorClass: 'transient', reason: 'SERVER_ERROR' });
  if (s === 401) return new UpstreamError({ ...base, errorClass: 'permission', reason: 'INVALID_CREDENTIALS' });
  if (s === 403) return new UpstreamError({ ...base, errorClass: 'permission', reason: 'PERMISSION_DENIED' });
  if (s === 404) return new UpstreamError({ ...base, errorClass: 'input', reason: 'NOT_FOUND' });
  if (s >= 400) return new UpstreamError({ ...base, errorClass: 'input', reason: 'BAD_REQUEST' });
  // 1xx/3xx reaching us means a proxy or misrouting; worth another try.
  return new UpstreamError({ ...base, errorClass: 'transient', reason: 'SERVER_ERROR' });
}

/** A network failure as text, with its cause (undici puts the real reason there). */
export function networkMessage(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : '';
  return `${err.message}${cause}`;
}

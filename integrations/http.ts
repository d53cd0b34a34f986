/**
 * The one way adapters talk HTTP: JSON over global `fetch`, a base URL, auth headers, a timeout
 * (combined with the caller's AbortSignal), the response parsed with a zod schema, and every
 * failure turned into a classified `UpstreamError` by the service's own classifier.
 *
 * Secrets: request bodies and headers are never echoed; upstream text is scrubbed of the
 * credentials and of per-request secrets (codes) before it reaches an error message or a log.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { z } from 'zod';
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { UpstreamError } from './errors';
import { networkMessage, scrub, type Classifier, type Service } from './http-errors';

// Re-exported so adapters, classifiers and tests keep one import for everything HTTP.
export { classifyByStatus, parseRetryAfter, scrub } from './http-errors';
export type { Classifier, FailedResponse, Service } from './http-errors';

export interface HttpClientOptions {
  service: Service;
  baseUrl: string;
  headers: Record<string, string>;
  timeoutMs: number;
  classify: Classifier;
  /** Credential values to scrub from any upstream text. */
  secrets: string[];
  logger?: Logger;
  /** Told of every finished call (metrics); never of its body, headers or IDs. */
  observe?: CallObserver;
}

export interface RequestOptions<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL; build it with `path` so IDs are encoded and left out of metrics. */
  path: string | UrlPath;
  query?: Record<string, string | undefined>;
  body?: unknown;
  schema: z.ZodType<T>;
  idempotencyKey?: string;
  signal?: AbortSignal;
  /** Per-request secrets (a verification code) to scrub from upstream text. */
  secrets?: string[];
}

/** A request path and its template: `/partners/p-1/channels` and `/partners/{}/channels`. */
export class UrlPath {
  constructor(
    readonly value: string,
    readonly route: string,
  ) {}

  toString(): string {
    return this.value;
  }
}

/** Tagged template that URL-encodes every interpolated path segment: path`/partners/${pid}`. */
export function path(strings: TemplateStringsArray, ...values: string[]): UrlPath {
  const value = strings.reduce(
    (acc, s, i) => acc + s + (i < values.length ? encodeURIComponent(values[i] as string) : ''),
    '',
  );
  return new UrlPath(value, strings.join('{}'));
}

/** A client for a service that authenticates with a bearer token (scrubbed from every upstream text). */
export function bearerHttpClient(opts: {
  service: Service;
  baseUrl: string;
  token: string;
  timeoutMs: number;
  classify: Classifier;
  logger?: Logger;
  observe?: CallObserver;
}): HttpClient {
  const { token, ...rest } = opts;
  return new HttpClient({ ...rest, headers: { authorization: `Bearer ${token}` }, secrets: [token] });
}

/** A JSON client bound to one service. */
export class HttpClient {
  constructor(private readonly opts: HttpClientOptions) {}

  /**
   * One span per call (a child of the activity's, when tracing is on: observability/tracing.ts),
   * named by the path template, its context passed on in `traceparent`.
   */
  async request<T>(req: RequestOptions<T>): Promise<T> {
    const operation = `${req.method} ${typeof req.path === 'string' ? req.path || '/' : req.path.route}`;
    const attributes = {
      'http.request.method': req.method,
      'url.template': operation,
      'peer.service': this.opts.service,
    };
    return trace
      .getTracer('wa-migrations')
      .startActiveSpan(operation, { kind: SpanKind.CLIENT, attributes }, async (span) => {
        try {
          return await this.send(req, operation);
        } catch (err) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
          throw err;
        } finally {
          span.end();
        }
      });
  }

  private async send<T>(req: RequestOptions<T>, operation: string): Promise<T> {
    const { service, timeoutMs, logger } = this.opts;
    const secrets = [...this.opts.secrets, ...(req.secrets ?? [])];
    const url = this.url(String(req.path), req.query);
    const label = `${req.method} ${new URL(url).pathname}`;
    const headers: Record<string, string> = { accept: 'application/json', ...this.opts.headers };
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (req.idempotencyKey) headers['idempotency-key'] = req.idempotencyKey;
    propagation.inject(context.active(), headers);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = req.signal ? AbortSignal.any([timeout, req.signal]) : timeout;
    const started = Date.now();
    const observed = (outcome: string) =>
      this.opts.observe?.({ service, operation, outcome, seconds: (Date.now() - started) / 1000 });

    let status: number;
    let resHeaders: Headers;
    let text: string;
    try {
      const res = await fetch(url, {
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        signal,
        redirect: 'follow',
      });
      status = res.status;
      resHeaders = res.headers;
      // Reading the body is covered by the same signal, so a stalled body also times out.
      text = await res.text();
    } catch (err) {
      const timedOut = timeout.aborted;
      const aborted = !timedOut && req.signal?.aborted;
      logger?.debug({ service, request: label, ms: Date.now() - started, timedOut }, 'upstream request failed');
      observed('transient');
      throw new UpstreamError({
        service,
        errorClass: 'transient',
        reason: timedOut ? 'TIMEOUT' : 'NETWORK',
        message: timedOut
          ? `${label}: no response within ${timeoutMs} ms`
          : `${label}: ${aborted ? 'aborted by caller' : scrub(networkMessage(err), secrets)}`,
        cause: timedOut || aborted ? undefined : scrub(networkMessage(err), secrets),
      });
    }
    logger?.debug({ service, request: label, status, ms: Date.now() - started }, 'upstream response');
    trace.getActiveSpan()?.setAttribute('http.response.status_code', status);

    const body = parseJson(text);
    if (status < 200 || status >= 300) {
      const clean = (t: string) => scrub(t, secrets);
      const failure = this.opts.classify({
        status,
        headers: resHeaders,
        body,
        text: clean(text).slice(0, 500),
        request: label,
        scrub: clean,
      });
      observed(failure.errorClass);
      throw failure;
    }
    const parsed = req.schema.safeParse(body ?? {});
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      observed('transient');
      // The service answered 2xx with something we do not understand: a proxy page or a contract change.
      throw new UpstreamError({
        service,
        errorClass: 'transient',
        reason: 'SERVER_ERROR',
        httpStatus: status,
        message: `${label}: unexpected response (${issues})`,
      });
    }
    observed('ok');
    return parsed.data;
  }

  private url(p: string, query?: Record<string, string | undefined>): string {
    // An empty path means the base URL is the endpoint (callbacks): keep it exactly as given.
    const url = new URL(p ? this.opts.baseUrl.replace(/\/+$/, '') + p : this.opts.baseUrl);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
    return url.toString();
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The API's part of a trace (observability/tracing.ts): a server span per request, continuing the
 * caller's `traceparent`, active while Fastify handles the request, so the Temporal client's
 * OpenTelemetry interceptor carries it into the workflow and the request's log lines name it.
 */
import { createServer } from 'node:http';
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { FastifyRequest, FastifyServerFactory } from 'fastify';
import { TRACER_NAME } from '../observability/tracing';

/** An HTTP server whose requests each run inside their own server span. */
export const tracedServerFactory: FastifyServerFactory = (handler) =>
  createServer((req, res) => {
    const parent = propagation.extract(ROOT_CONTEXT, req.headers);
    const span = trace
      .getTracer(TRACER_NAME)
      .startSpan(
        req.method ?? 'HTTP',
        { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
        parent,
      );
    res.once('close', () => {
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => handler(req, res));
  });

const spans = new WeakMap<FastifyRequest, Span>();

/** Names the request's span by its route template (`POST /v1/port-ins`), never by its IDs. */
export function nameRequestSpan(req: FastifyRequest): void {
  const route = req.routeOptions.url ?? 'unmatched';
  const span = trace.getActiveSpan();
  if (!span) return;
  span.updateName(`${req.method} ${route}`).setAttribute('http.route', route);
  spans.set(req, span);
}

/** Runs `fn` inside the request's span: hooks that run after the response (its log line) lost it. */
export function inRequestSpan<T>(req: FastifyRequest, fn: () => T): T {
  const span = spans.get(req);
  return span ? context.with(trace.setSpan(context.active(), span), fn) : fn();
}

/**
 * A process's Prometheus `/metrics` on a listener of its own (never on a public port), for the
 * processes that keep their metrics in a prom-client registry: the API and the codec server. The
 * worker's come from the Temporal Runtime's exporter instead (temporal-runtime.ts).
 */
import { createServer, type Server } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * A registry with Node's process metrics and the request histogram both processes share:
 * `http_request_duration_seconds{method,route,status}` (`_count` is the request count).
 */
export function requestMetrics(help: string, buckets: number[]) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Histogram({
    name: 'http_request_duration_seconds',
    help,
    labelNames: ['method', 'route', 'status'] as const,
    buckets,
    registers: [registry],
  });
  return {
    registry,
    request: ({ method, route, status }: { method: string; route: string; status: number }, seconds: number) =>
      requests.observe({ method, route, status: String(status) }, seconds),
  };
}

/** `GET /metrics` on its own listener; resolves once it listens. */
export async function serveMetrics(registry: Registry, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}

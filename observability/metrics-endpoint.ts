/**
 * A process's Prometheus `/metrics` on a listener of its own (never on a public port), for the
 * processes that keep their metrics in a prom-client registry: the API and the codec server. The
 * worker's come from the Temporal Runtime's exporter instead (temporal-runtime.ts).
 */
import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

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

/**
 * A tiny real HTTP server for adapter tests: listens on 127.0.0.1 port 0, records every request
 * (method, path, query, headers, raw body) and answers with whatever the test queued, in order.
 * Unqueued requests get 500, so a test never passes on an answer it did not script.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON, or undefined. */
  json: unknown;
}

export interface StubAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Never answer (the client must time out); the socket closes when the stub does. */
  hang?: true;
}

export interface HttpStub {
  url: string;
  requests: StubRequest[];
  /** Queues answers for the next requests, in order. */
  answer(...answers: StubAnswer[]): void;
  /** The single request received since the last `reset()`; fails if there were more or none. */
  only(): StubRequest;
  reset(): void;
  close(): Promise<void>;
}

export async function startHttpStub(): Promise<HttpStub> {
  const requests: StubRequest[] = [];
  let queue: StubAnswer[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(req.url ?? '/', 'http://stub');
      requests.push({
        method: req.method ?? '',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        json: parse(body),
      });
      const a = queue.shift() ?? { status: 500, body: { error: 'unscripted request' } };
      if (a.hang) return;
      const text = typeof a.body === 'string' ? a.body : a.body === undefined ? '' : JSON.stringify(a.body);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...a.headers });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    answer: (...answers) => void queue.push(...answers),
    only() {
      if (requests.length !== 1) throw new Error(`expected exactly one request, got ${requests.length}`);
      return requests[0] as StubRequest;
    },
    reset() {
      requests.length = 0;
      queue = [];
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function parse(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

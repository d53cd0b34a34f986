/**
 * A requester's callback endpoint that answers slowly (a real HTTP server in the test process), so
 * a delivery is in flight long enough for a worker kill to land on it. Records every delivery with
 * its event ID: a redelivery after a crash is allowed (at least once), a lost event is not.
 */
import { createServer, type Server } from 'node:http';
import { listen } from '../../codec-server/server';

export interface SlowCallbackSink {
  /** Base URL; append any path to tell requesters apart. */
  url: string;
  /** Deliveries received (including repeats), by event ID. */
  deliveries(): Map<string, number>;
  /** Event types received per path. */
  eventTypes(path: string): string[];
  close(): Promise<void>;
}

export async function startSlowCallbackSink(delayMs: number): Promise<SlowCallbackSink> {
  const byId = new Map<string, number>();
  const byPath = new Map<string, string[]>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      setTimeout(() => {
        try {
          const event = JSON.parse(body) as { id?: string; type?: string };
          if (event.id) byId.set(event.id, (byId.get(event.id) ?? 0) + 1);
          byPath.set(req.url ?? '', [...(byPath.get(req.url ?? '') ?? []), String(event.type)]);
        } catch {
          // Not JSON: counted nowhere, answered all the same.
        }
        res.writeHead(204).end();
      }, delayMs);
    });
  });
  const port = await listen(server, 0);
  return {
    url: `http://127.0.0.1:${port}`,
    deliveries: () => byId,
    eventTypes: (path) => byPath.get(path) ?? [],
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

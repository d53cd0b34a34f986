/**
 * What the API really answered, per route: a pino logger for `buildApp` that keeps the API's own
 * one-line-per-request log (method, route pattern, status) in memory. Tests compare these
 * observations with the statuses each route declares, without any hook into the app.
 */
import { Writable } from 'node:stream';
import pino from 'pino';

export class StatusLog {
  private readonly lines: string[] = [];
  readonly logger = pino(
    { level: 'info' },
    new Writable({
      write: (chunk: Buffer, _enc, done) => {
        this.lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    }),
  );

  /** `METHOD /route/:pattern` -> statuses answered (requests that matched no route are left out). */
  observed(): Map<string, Set<number>> {
    const seen = new Map<string, Set<number>>();
    for (const line of this.lines) {
      const entry = JSON.parse(line) as { msg?: string; method?: string; route?: string; status?: number };
      if (entry.msg !== 'request' || !entry.route || entry.route === 'unmatched' || !entry.status) continue;
      const key = `${entry.method} ${entry.route}`;
      seen.set(key, (seen.get(key) ?? new Set()).add(entry.status));
    }
    return seen;
  }
}

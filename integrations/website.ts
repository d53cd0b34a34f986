/**
 * The business-website check of the port-in checklist: a real GET with a short timeout. Live means
 * 2xx or 3xx (redirects are not followed: a redirecting site is up). Never throws: any failure is
 * `{ live: false, detail }` so the checklist can report it next to the other items.
 */
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import type { WebsiteChecker } from './ports';

export class HttpWebsiteChecker implements WebsiteChecker {
  constructor(private readonly opts: { timeoutMs: number; logger?: Logger; observe?: CallObserver }) {}

  async isLive(url: string): Promise<{ live: boolean; detail: string }> {
    let target: URL;
    try {
      target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:')
        return { live: false, detail: `not an http(s) URL: ${url}` };
    } catch {
      return { live: false, detail: `not a valid URL: ${url}` };
    }
    const signal = AbortSignal.timeout(this.opts.timeoutMs);
    const started = Date.now();
    const observed = (outcome: string) =>
      this.opts.observe?.({
        service: 'website',
        operation: 'GET {site}',
        outcome,
        seconds: (Date.now() - started) / 1000,
      });
    try {
      const res = await fetch(target, {
        method: 'GET',
        redirect: 'manual',
        signal,
        headers: { accept: 'text/html,*/*' },
      });
      // Drain the body so the connection is released; its content does not matter.
      await res.arrayBuffer().catch(() => undefined);
      const live = res.status >= 200 && res.status < 400;
      observed('ok');
      return { live, detail: `HTTP ${res.status}` };
    } catch (err) {
      observed('transient');
      if (signal.aborted) return { live: false, detail: `no response within ${this.opts.timeoutMs} ms` };
      const cause =
        err instanceof Error && err.cause instanceof Error
          ? err.cause.message
          : err instanceof Error
            ? err.message
            : String(err);
      this.opts.logger?.debug({ url: target.origin, cause }, 'website check failed');
      return { live: false, detail: `unreachable: ${cause}` };
    }
  }
}

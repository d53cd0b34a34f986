/**
 * What every part of the `npm start` demo (scripts/demo.ts) works with: calls to the HTTP API, each
 * echoed as its curl line, and to the simulator; a migration's step timeline printed live, with the
 * human's part played at the step that waits for it; the terminal's bold and dim.
 */
import { randomInt } from 'node:crypto';
import type { Config } from '../temporal.config';

/** A migration as GET /v1/migrations/{id} shows it: the fields the demo reads. */
export interface Timeline {
  step: string;
  outcome?: string;
  reason?: string;
  timeline: { step: string; at: string; note?: string }[];
  /** The number owner's page while the migration waits for the owner. */
  ownerAction?: { action: string; url: string; expiresAt: string };
}
/** What the demo does, playing the human, when a migration reaches the step named. */
export type Actions = Record<string, (status: Timeline) => Promise<void>>;

export interface StartedRun {
  migrationId: string;
  runId: string;
}

export interface SeededWaba {
  wabaId: string;
  channels: { id: string; e164: string }[];
}

type Http = <T>(method: string, url: string, body?: unknown, auth?: boolean) => Promise<T>;

export interface DemoSession {
  /** The HTTP API's base URL. */
  api: string;
  /** The simulator's base URL. */
  sim: string;
  /** Sends the API token unless `auth` is false (the simulator's routes); throws on a non-2xx answer. */
  http: Http;
  /** GET as text with the API token, for answers that are not JSON (CSV). */
  text: (url: string, accept: string) => Promise<string>;
  /** Prints the curl line of an API call, with $API and $TOKEN in place of the values. */
  curl: (method: string, url: string, body?: unknown) => void;
  out: (s?: string) => void;
  bold: (s: string) => string;
  dim: (s: string) => string;
  /** `/v1/migrations/{id}` and, with a `suffix`, one of its actions. */
  migrationUrl: (id: string, suffix?: string) => string;
  /** Starts a migration (POST /v1/{kind}), echoed and remembered in `started`; resolves to its ID. */
  start: (kind: string, body: unknown) => Promise<string>;
  /** A new simulated WABA with `count` new numbers. */
  seedWaba: (count: number) => Promise<SeededWaba>;
  simPost: (url: string, body: unknown) => Promise<Record<string, string>>;
  /** Prints timeline entries as they appear and runs each step's action once; resolves at the outcome. */
  follow: (id: string, actions?: Actions) => Promise<Timeline>;
  /** Every migration started, for the Web UI links at the end. */
  started: StartedRun[];
}

export const bold = (s: string) => `\x1b[1m${s}\x1b[0m`;
export const dim = (s: string) => `\x1b[2m${s}\x1b[0m`;
export const out = (s = '') => process.stdout.write(`${s}\n`);
const time = (iso: string) => new Date(iso).toISOString().slice(11, 23);
export const mask = (secret: string) => `${secret.slice(0, 4)}…${'•'.repeat(6)}`;

export function printOutcome(s: Timeline): void {
  out(
    `  ${s.outcome === 'completed' ? '✔' : '✖'} outcome ${bold(s.outcome ?? '?')}${s.reason ? ` (${s.reason})` : ''}\n`,
  );
}

export function openDemoSession(config: Config): DemoSession {
  const api = `http://127.0.0.1:${config.API_PORT}`;
  const sim = `http://127.0.0.1:${config.SIMULATOR_PORT}`;
  const token = config.API_TOKENS[0] ?? '';
  const http = httpWithToken(token);
  const migrationUrl = (id: string, suffix = '') => `${api}/v1/migrations/${encodeURIComponent(id)}${suffix}`;
  const curl = (method: string, url: string, body?: unknown) =>
    out(
      dim(
        `  $ curl -sX ${method} ${url.replace(api, '$API')} -H "Authorization: Bearer $TOKEN"${body ? ` -H 'content-type: application/json' -d '${JSON.stringify(body)}'` : ''}`,
      ),
    );
  const started: StartedRun[] = [];
  const start = async (kind: string, body: unknown): Promise<string> => {
    curl('POST', `${api}/v1/${kind}`, body);
    const run = await http<{ migrationId: string; runId: string; created: boolean }>('POST', `${api}/v1/${kind}`, body);
    out(`  → ${bold(run.migrationId)} ${run.created ? 'started' : 'already running'}`);
    started.push(run);
    return run.migrationId;
  };
  // Seeded with fresh IDs: the dev server keeps finished migrations across runs (SQLite).
  const seedWaba = (count: number) =>
    http<SeededWaba>(
      'POST',
      `${sim}/_sim/wabas`,
      {
        wabaId: `waba-demo-${randomInt(1e9, 1e10)}`,
        numbers: Array.from({ length: count }, () => `+4917${randomInt(100_000_000, 999_999_999)}`),
        twoFaEnabled: false,
      },
      false,
    );
  return {
    api,
    sim,
    http,
    text: async (url, accept) => (await fetch(url, { headers: { authorization: `Bearer ${token}`, accept } })).text(),
    curl,
    out,
    bold,
    dim,
    migrationUrl,
    start,
    seedWaba,
    simPost: (url, body) => http<Record<string, string>>('POST', `${sim}${url}`, body, false),
    follow: (id, actions = {}) => follow(id, () => http<Timeline>('GET', migrationUrl(id)), actions),
    started,
  };
}

function httpWithToken(token: string): Http {
  return async <T>(method: string, url: string, body?: unknown, auth = true): Promise<T> => {
    const res = await fetch(url, {
      method,
      headers: {
        ...(auth ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${url} -> ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

async function follow(id: string, read: () => Promise<Timeline>, actions: Actions): Promise<Timeline> {
  let shown = 0;
  const done = new Set<string>();
  const deadline = Date.now() + 120_000;
  for (;;) {
    const s = await read();
    for (const e of s.timeline.slice(shown)) out(`  ${dim(time(e.at))}  ${bold(e.step.padEnd(36))} ${e.note ?? ''}`);
    shown = s.timeline.length;
    const action = actions[s.step];
    if (action && !done.has(s.step)) {
      done.add(s.step);
      if (s.ownerAction) {
        out(
          `  ${bold("owner's page")} (${s.ownerAction.action}, until ${s.ownerAction.expiresAt}): ${s.ownerAction.url}`,
        );
      }
      await action(s);
    }
    if (s.outcome) return s;
    if (Date.now() > deadline) throw new Error(`${id} did not finish within 2 minutes (step ${s.step})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

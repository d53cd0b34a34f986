/**
 * The pieces of the batch benchmark (bench/batch.ts): numbers ready to leave on the simulator, the
 * humans who answer at once, the HTTP API for the separate starts, a worker-RSS sampler, and the
 * batch workflow's history summed over its runs (continue-as-new).
 */
import type { Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../api/app';
import { UpdateRejectedError, type MigrationsClient } from '../../client';
import { PortOutStep, type PortOutTimings } from '../../contracts/port-out';
import type { Config } from '../../temporal.config';
import type { SimulatorControl, WabaView } from '../../simulator/control-client';
import { encodedHistoryBytes, eventTypeCounts } from './history';
import { now, pool, sleep } from './stats';

/** The simulator's cap on the numbers of one seeded WABA. */
export const NUMBERS_PER_WABA = 50;
/** As the batch tests run port-outs (test/harness/waba-fixtures.ts FAST_PORT_OUT); the same on both sides. */
export const PORT_OUT_TIMINGS: Partial<PortOutTimings> = { pollEvery: '200ms', remindEvery: '1h' };
const MiB = 2 ** 20;

export interface PortOutNumber {
  phoneNumber: string;
  wabaId: string;
}

/**
 * `count` numbers on WABAs of up to 50, 2FA off and already migrated away: each port-out reads the
 * account (three outside calls) and goes straight to waiting for the owner's subscription decision.
 */
export async function leavingNumbers(sim: SimulatorControl, count: number): Promise<PortOutNumber[]> {
  const sizes = Array.from({ length: Math.ceil(count / NUMBERS_PER_WABA) }, (_, i) =>
    Math.min(NUMBERS_PER_WABA, count - i * NUMBERS_PER_WABA),
  );
  const wabas: WabaView[] = [];
  const seeded = await pool(sizes.length, 8, async (i) => {
    const waba = await sim.createWaba({ count: sizes[i], twoFaEnabled: false, ownership: 'owned' });
    wabas.push(waba);
    for (const c of waba.channels) await sim.markNumberLeft(c.e164);
  });
  if (seeded.errors.length) throw new Error(`seeding failed: ${String(seeded.errors[0])}`);
  return wabas.flatMap((w) => w.channels.map((c) => ({ phoneNumber: c.e164, wabaId: w.wabaId })));
}

/**
 * Open port-outs waiting for the owner's subscription decision, from visibility (`waitingSince`:
 * only those waiting since before it), all pages.
 */
export async function waitingPortOuts(client: MigrationsClient, waitingSince?: Date): Promise<string[]> {
  const ids: string[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client
      .listMigrations({
        kind: 'port-out',
        step: PortOutStep.AWAITING_CANCELLATION_CONFIRMATION,
        running: true,
        waitingSinceBefore: waitingSince?.toISOString(),
        pageSize: 100,
        pageToken,
      })
      .catch(() => undefined);
    ids.push(...(page?.items.map((m) => m.migrationId) ?? []));
    pageToken = page?.nextPageToken;
  } while (pageToken);
  return ids;
}

/**
 * The owners: each migration offered is answered once (the `answer` call, e.g. a decline), at most
 * `parallel` at a time, as soon as it is offered; an answer that fails is tried twice more, then
 * left until it is offered again (the next listing that still shows it waiting).
 */
/** What an answer that already went through gets when asked again. */
const DONE = new Set(['MigrationFinished', 'AlreadyDecided']);

export class Humans {
  private readonly seen = new Set<string>();
  private readonly queue: string[] = [];
  private lanes = 0;
  answered = 0;
  /** Answers that failed (e.g. the update's deadline under load) and were asked again. */
  retried = 0;
  /** The first few of those errors. */
  readonly errors: string[] = [];

  constructor(
    private readonly answer: (migrationId: string) => Promise<unknown>,
    private readonly parallel = 20,
  ) {}

  has(migrationId: string): boolean {
    return this.seen.has(migrationId);
  }

  /** True when it is new (not offered before). */
  offer(migrationId: string): boolean {
    if (this.seen.has(migrationId)) return false;
    this.seen.add(migrationId);
    this.queue.push(migrationId);
    this.pump();
    return true;
  }

  private pump(): void {
    while (this.lanes < this.parallel && this.queue.length) {
      const id = this.queue.shift() as string;
      this.lanes++;
      void this.run(id).finally(() => {
        this.lanes--;
        this.pump();
      });
    }
  }

  private async run(id: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.answer(id);
        this.answered++;
        return;
      } catch (err) {
        // An earlier attempt that timed out went through (nobody else answers): the migration took it.
        if (err instanceof UpdateRejectedError && DONE.has(err.type)) {
          this.answered++;
          return;
        }
        this.retried++;
        if (this.errors.length < 5) this.errors.push(`${id}: ${err instanceof Error ? err.message : String(err)}`);
        // Given up for now: offered again by the next listing that still shows it waiting.
        if (attempt >= 3) return void this.seen.delete(id);
        await sleep(500 * attempt);
      }
    }
  }
}

/** Owners who keep their subscription: each port-out asked is declined, which completes it. */
export function decliningOwners(client: MigrationsClient, parallel: number): Humans {
  return new Humans((id) => client.declineSubscriptionCancellation(id, { declinedBy: 'owner' }), parallel);
}

/**
 * Owners hear from their migration itself too (action_required): a port-out waiting on its owner
 * for 15 s that the batch has not listed is answered anyway. `lost`: the batch holds it as
 * 'working' (its 'waiting' report never counted); `unlisted`: the batch did not answer the query.
 */
export async function answerUnlisted(
  client: MigrationsClient,
  batchId: string,
  humans: Humans,
): Promise<{ lost: string[]; unlisted: string[] }> {
  const fresh = (await waitingPortOuts(client, new Date(Date.now() - 15_000))).filter((id) => !humans.has(id));
  if (!fresh.length) return { lost: [], unlisted: [] };
  const working = await client.listBatchItems(batchId, { state: 'working', limit: 5000 }).catch(() => undefined);
  fresh.forEach((id) => humans.offer(id));
  const held = new Set(working?.items.map((i) => i.migrationId));
  return { lost: fresh.filter((id) => held.has(id)), unlisted: fresh.filter((id) => !held.has(id)) };
}

/** The worker's RSS every `everyMs` until stopped: the peak and the series (seconds, MiB). */
export function sampleRss(read: () => number, everyMs = 500) {
  const t0 = now();
  const points: [number, number][] = [];
  const take = () => {
    const v = read();
    if (Number.isFinite(v)) points.push([(now() - t0) / 1000, v / MiB]);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop(): { peakMiB: number; startMiB: number; points: [number, number][] } {
      clearInterval(timer);
      take();
      return { peakMiB: Math.max(...points.map((p) => p[1])), startMiB: points[0]?.[1] ?? NaN, points };
    },
  };
}

export const API_TOKEN = 'bench-token-0123456789';

/** The HTTP API (api/app.ts) on a free port, its rate limit out of the way (one caller makes all starts). */
export async function startApi(config: Config, client: Client): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp({
    config: { ...config, API_TOKENS: [API_TOKEN] },
    client,
    rateLimit: { max: 1_000_000, windowMs: 60_000 },
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the API has no TCP address');
  return { app, url: `http://127.0.0.1:${address.port}` };
}

/** POST /v1/port-outs over real HTTP; throws unless the API answers 200/201. */
export async function postPortOut(url: string, n: PortOutNumber): Promise<string> {
  const res = await fetch(`${url}/v1/port-outs`, {
    method: 'POST',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...n, timings: PORT_OUT_TIMINGS }),
  });
  const body = await res.text();
  if (res.status !== 200 && res.status !== 201) throw new Error(`POST /v1/port-outs ${res.status}: ${body}`);
  return (JSON.parse(body) as { migrationId: string }).migrationId;
}

export interface RunHistory {
  runId: string;
  events: number;
  bytes: number;
  /** Workflow tasks that failed, e.g. a continue-as-new refused (UnhandledCommand) while signals came in. */
  failedTasks: number;
}

/**
 * Every run of `workflowId` (one per continue-as-new) from visibility, each history fetched whole:
 * events and encoded bytes per run. Waits (up to a minute) until visibility lists `runs` runs.
 */
export async function historyOfRuns(client: Client, workflowId: string, runs: number): Promise<RunHistory[]> {
  let ids: string[] = [];
  for (let i = 0; i < 120; i++) {
    ids = [];
    for await (const wf of client.workflow.list({ query: `WorkflowId = "${workflowId}"` })) ids.push(wf.runId);
    if (ids.length >= runs) break;
    await sleep(500);
  }
  const out: RunHistory[] = [];
  for (const runId of ids) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const failedTasks = eventTypeCounts(history).WORKFLOW_TASK_FAILED ?? 0;
    out.push({ runId, events: history.events?.length ?? 0, bytes: encodedHistoryBytes(history), failedTasks });
  }
  return out;
}

/**
 * The Temporal dev server stops and restarts (same SQLite database) while migrations are in
 * flight: five port-ins wait for their PIN; one has its API key generation in flight (the outside
 * world answers slowly, so the key is minted while the server is down); one has a PIN escalation
 * timer that falls due while the server is down. The worker reconnects; the timer fires after the
 * restart and opens one ticket; every migration completes, each with exactly one API key.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { startDevServer } from '../../scripts/stack/dev-server';
import { stopAll } from '../../scripts/stack/processes';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../contracts/messages';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { atStep, portInInput, ticketsFor } from '../harness/port-in-fixtures';
import { attemptRecords } from '../harness/retry-bounds';
import { sealedPin } from '../harness/sealed-pin';

// Long enough for the key generation below to get in flight first; it falls due during the outage.
const STARTED = temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED;
const ESCALATE_AFTER_MS = 15_000;
let simulator: RunningSimulator;
let sim: SimulatorControl;

beforeAll(async () => {
  // A simulator of its own: this test slows down 360dialog for everyone using it.
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
});
afterAll(async () => {
  await simulator?.close();
});

test('migrations in flight, an activity mid-call and a timer due during the outage survive a Temporal server restart', async () => {
  const config = testConfig({
    DEV_SERVER_PORT: '29233',
    DEV_UI_PORT: '29234',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wa-restart-')),
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
    HTTP_TIMEOUT_MS: '10000', // above the 5 s answers below
  });
  const address = '127.0.0.1:29233';
  await startDevServer(config, ['--headless']);
  let stack: TestStack | undefined = await startStack({ address, config: { ...config, TEMPORAL_ADDRESS: address } });
  try {
    const start = (input: PortInInput) =>
      (stack as TestStack).client.workflow.start(portInWorkflow, {
        taskQueue: config.TEMPORAL_TASK_QUEUE,
        workflowId: `port-in:${input.phone.e164}`,
        args: [input],
      });
    const input = (timings = {}) =>
      portInInput({
        businessWebsite: sim.siteUrl('shop'),
        timings: { pollEvery: '200ms', resendCooldown: '1s', ...timings },
      });
    const waiting = Array.from({ length: 5 }, () => input());
    const midCall = input();
    const timer = input({ pinEscalateAfter: `${ESCALATE_AFTER_MS}ms` });
    const all = [...waiting, midCall, timer];
    const handles = await Promise.all(all.map(start));
    await Promise.all(handles.map((h) => atStep(h, PortInStep.AWAITING_PIN)));
    const timerDueAt = Date.now() + ESCALATE_AFTER_MS;
    const midHandle = handles[5] as WorkflowHandle<typeof portInWorkflow>;
    const timerHandle = handles[6] as WorkflowHandle<typeof portInWorkflow>;

    // 360dialog now answers after 5 s: the key generation of `midCall` is in flight when the server stops.
    await sim.faults({ latencyMs: 5000, services: ['360dialog'] });
    await midHandle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(await pinOf(midCall)) }] });
    await until(
      async () =>
        (await midHandle.describe()).raw.pendingActivities?.some(
          (a) => a.activityType?.name === 'generateApiKey' && a.state === STARTED,
        ) === true,
    );

    // The timer has not fired yet: it falls due while the server is down.
    expect(Date.now()).toBeLessThan(timerDueAt - 1000);
    expect((await timerHandle.query('getStatus')) as { escalated: boolean }).toMatchObject({ escalated: false });
    const downAt = Date.now();
    await stopAll(); // SIGTERM to the dev server's process group; the SQLite file stays
    // The key is not minted yet: 360dialog mints it while the server is down.
    const keyAtStop = (await sim.counters()).apiKeysMintedByNumber[midCall.phone.e164] ?? 0;
    // Down until the escalation timer is overdue and the slow key generation has answered the worker.
    await new Promise((r) => setTimeout(r, Math.max(timerDueAt - Date.now() + 1000, 5000)));
    await sim.clearFaults();
    const keyWhileDown = (await sim.counters()).apiKeysMintedByNumber[midCall.phone.e164] ?? 0;
    await startDevServer(config, ['--headless']);
    const downSeconds = ((Date.now() - downAt) / 1000).toFixed(1);

    // The timer fires after the restart: the escalation is recorded before the PIN arrives.
    await until(
      async () =>
        ((await timerHandle.query('getStatus').catch(() => undefined)) as { escalated?: boolean } | undefined)
          ?.escalated === true,
      60_000,
    );
    const results = await Promise.all(
      handles.map(async (handle, i) => {
        if (handle !== midHandle) {
          const pin = await pinOf(all[i] as PortInInput);
          await retry(() => handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] }));
        }
        return handle.result();
      }),
    );
    const counters = await sim.counters();
    const keys = all.map((i) => counters.apiKeysMintedByNumber[i.phone.e164]);
    const tickets = handles.map((h) => ticketsFor(counters, h.workflowId));
    const attempts = attemptRecords(midHandle.workflowId, await midHandle.fetchHistory()).find(
      (r) => r.type === 'generateApiKey',
    )?.attempts;
    process.stdout.write(
      `server restart: ${results.filter((r) => r.outcome === 'completed').length}/${all.length} migrations completed across a ${downSeconds} s outage ` +
        `(5 waiting for their PIN, 1 with generateApiKey in flight, its key minted while down and the activity done on attempt ${attempts}, 1 whose escalation timer fell due while down); API keys per migration: ${keys.join(',')}; ` +
        `tickets: ${tickets.join(',')}\n`,
    );
    expect({ keyAtStop, keyWhileDown }).toEqual({ keyAtStop: 0, keyWhileDown: 1 });
    expect(results.map((r) => r.outcome)).toEqual(Array(all.length).fill('completed'));
    expect(keys).toEqual(Array(all.length).fill(1));
    expect(tickets).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(results[6]?.tickets).toHaveLength(1);
  } finally {
    await stack?.close();
    stack = undefined;
    await stopAll();
  }
}, 240_000);

async function pinOf(input: PortInInput): Promise<string> {
  return (await sim.inbox(input.phone.e164)).at(-1)?.code ?? '';
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The client may see the server as unavailable for a moment after the restart. */
async function retry<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

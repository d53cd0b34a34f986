/**
 * Batches on the real dev server and simulator: WABAs whose numbers are ready to leave (2FA off,
 * already migrated away: the next wait is the owner's confirmation), numbers still behind 2FA, and
 * the typed client every batch test drives.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import type { BatchInput, BatchStatus } from '../../contracts/batch';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import type { SimulatorControl, WabaView } from '../../simulator/control-client';
import type { TestStack } from '../harness/env';
import { FAST_PORT_OUT } from '../harness/waba-fixtures';

export function batchClient(stack: TestStack): MigrationsClient {
  return createMigrationsClient({ client: stack.client, config: stack.config });
}

let seq = 0;
export const freshBatchId = (label: string) => `${label}-${process.pid}-${Date.now() % 1e7}-${++seq}`;

/** A WABA of `count` numbers that have left already and have 2FA off: each port-out waits only on its confirmation. */
export async function leavingWaba(sim: SimulatorControl, count: number): Promise<WabaView> {
  const waba = await sim.createWaba({ count, twoFaEnabled: false, ownership: 'owned' });
  await Promise.all(waba.channels.map((c) => sim.markNumberLeft(c.e164)));
  return waba;
}

export function portOutItems(waba: WabaView, wabaId = waba.wabaId) {
  return waba.channels.map((c) => ({ kind: 'port-out' as const, phoneNumber: c.e164, wabaId, timings: FAST_PORT_OUT }));
}

export async function batchStatusUntil(
  client: MigrationsClient,
  batchId: string,
  ok: (s: BatchStatus) => boolean,
  timeoutMs = 60_000,
  /** Runs on every look, e.g. the humans answering what the batch waits for. */
  each?: (s: BatchStatus) => Promise<void>,
): Promise<BatchStatus> {
  const giveUpAt = Date.now() + timeoutMs;
  let last: BatchStatus | undefined;
  while (Date.now() < giveUpAt) {
    last = await client.getBatch(batchId).catch(() => undefined);
    if (last && ok(last)) return last;
    if (last) await each?.(last);
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`batch ${batchId} did not get there in ${timeoutMs} ms; last status: ${JSON.stringify(last)}`);
}

/**
 * Starts the batch workflow itself (not through the client) with port-outs of `numbers` on `wabaId`,
 * for the knobs the client does not offer (continueAfterEvents, sweepEvery).
 */
export async function startBatchWorkflow(
  stack: TestStack,
  batchId: string,
  numbers: string[],
  wabaId: string,
  knobs: Pick<BatchInput, 'continueAfterEvents' | 'sweepEvery'>,
) {
  const input: BatchInput = {
    batchId,
    limits: { concurrency: 10, callsPerSecond: 50 },
    shared: { 'port-out': { wabaId, timings: FAST_PORT_OUT } },
    items: numbers.map((n) => {
      const { e164, cc, national } = normalisePhoneNumber(n);
      return { kind: 'port-out', migrationId: `port-out:${e164}`, input: { phone: { e164, cc, national } } };
    }),
    ...knobs,
  };
  return stack.client.workflow.start('batchWorkflow', {
    workflowId: `batch:${batchId}`,
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    args: [input],
  });
}

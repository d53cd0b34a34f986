/**
 * Batches on the real dev server and simulator: WABAs whose numbers are ready to leave (2FA off,
 * already migrated away: the next wait is the owner's confirmation), numbers still behind 2FA, and
 * the typed client every batch test drives.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import type { BatchStatus } from '../../contracts/batch';
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

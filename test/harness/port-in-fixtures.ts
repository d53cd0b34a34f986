/** Inputs and waiting helpers for port-in tests: a fresh number per test, step polling via the query. */
import type { WorkflowHandle } from '@temporalio/client';
import type { MigrationStatus } from '../../contracts/migration';
import type { PortInInput, PortInTimings } from '../../contracts/port-in';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import { getStatusQuery } from '../../contracts/messages';
import { simulatorUrl } from './env';

let counter = 0;

/** A unique German mobile number per call (the simulator keeps state per number). */
export function freshNumber(prefix = '+4915'): string {
  counter++;
  const tail = `${Date.now() % 1e6}${process.pid % 100}${counter}`.padStart(9, '0').slice(-9);
  return `${prefix}${tail}`;
}

/** Fast timings for dev-server tests (real-default timings are proven with time skipping). */
export const FAST: Partial<PortInTimings> = { pollEvery: '200ms', resendCooldown: '1s' };

export function portInInput(overrides: Partial<PortInInput> & { number?: string } = {}): PortInInput {
  const { number, ...rest } = overrides;
  const phone = normalisePhoneNumber(number ?? freshNumber());
  return {
    phone: { e164: phone.e164, cc: phone.cc, national: phone.national },
    wabaId: `waba-${phone.e164.slice(1)}`,
    metaBusinessId: '1234567890',
    businessWebsite: `${simulatorUrl()}/sites/example-shop`,
    attestations: { adminAccess: true, phoneAccess: true },
    codeMethod: 'SMS',
    language: 'en_US',
    timings: FAST,
    ...rest,
  };
}

/** Polls the status query until `predicate` holds (or fails with the last status seen). */
export async function waitForStatus(
  handle: WorkflowHandle,
  predicate: (s: MigrationStatus) => boolean,
  timeoutMs = 30_000,
): Promise<MigrationStatus> {
  const deadline = Date.now() + timeoutMs;
  let last: MigrationStatus | undefined;
  while (Date.now() < deadline) {
    last = await handle.query(getStatusQuery).catch(() => last);
    if (last && predicate(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`status condition not met in ${timeoutMs} ms; last status: ${JSON.stringify(last)}`);
}

export const atStep = (handle: WorkflowHandle, step: string, timeoutMs?: number) =>
  waitForStatus(handle, (s) => s.step === step, timeoutMs);

/** Support tickets the simulator opened for one migration (idempotency keys start with its workflow ID). */
export function ticketsFor(counters: { ticketsOpenedByKey: Record<string, number> }, workflowId: string): number {
  return Object.entries(counters.ticketsOpenedByKey)
    .filter(([key]) => key.startsWith(`${workflowId}:`))
    .reduce((sum, [, n]) => sum + n, 0);
}

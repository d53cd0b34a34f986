/**
 * How a benchmark drives workflows: the baselines, and a port-in the way a requester does it
 * (start, read the PIN the phone received, submit it through the update, await the result).
 */
import { randomInt } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { MigrationResult } from '../../contracts/migration';
import type { PortInInput, PortInTimings, SubmitPinResult } from '../../contracts/port-in';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import { DEFAULT_BUSINESS_ID } from '../../simulator';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../contracts/messages';
import { noopActivityWorkflow, noopWorkflow, parkedWorkflow } from '../workflows/baselines';
import type { BenchSimulator } from './simulator';
import { sleep } from './stats';
import { sealedPin } from '../../test/harness/sealed-pin';

export type PortInHandle = WorkflowHandle<typeof portInWorkflow>;

const RUN_BASE = randomInt(100, 999) * 1_000_000;
let seq = 0;

/** A fresh German mobile number (the simulator keeps state per number). */
export function benchNumber(): string {
  return `+4917${String(RUN_BASE + ++seq).padStart(9, '0')}`;
}

/** Polls the poll-based waits every 200 ms (as the tests do); escalations and deadlines stay at the defaults. */
export const BENCH_TIMINGS: Partial<PortInTimings> = { pollEvery: '200ms', resendCooldown: '1s' };

/** A happy-path input for a fresh number; `realTimings` keeps the defaults instead of BENCH_TIMINGS. */
export function portInInput(
  sim: BenchSimulator,
  opts: { callbacks?: boolean; timings?: Partial<PortInTimings>; realTimings?: boolean } = {},
): PortInInput {
  const phone = normalisePhoneNumber(benchNumber());
  return {
    phone: { e164: phone.e164, cc: phone.cc, national: phone.national },
    wabaId: `waba-${phone.e164.slice(1)}`,
    metaBusinessId: DEFAULT_BUSINESS_ID,
    businessWebsite: `${sim.url}/sites/bench`,
    attestations: { adminAccess: true, phoneAccess: true },
    codeMethod: 'SMS',
    language: 'en_US',
    callbackUrl: opts.callbacks === false ? undefined : `${sim.url}/callbacks/bench`,
    timings: { ...(opts.realTimings ? {} : BENCH_TIMINGS), ...opts.timings },
  };
}

export function startPortIn(client: Client, taskQueue: string, input: PortInInput): Promise<PortInHandle> {
  return client.workflow.start(portInWorkflow, { taskQueue, workflowId: `port-in:${input.phone.e164}`, args: [input] });
}

/** Waits until the phone received a code (read from the simulator's memory, no load on Temporal). */
export async function waitForCode(sim: BenchSimulator, e164: string, timeoutMs = 120_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const code = sim.latestCode(e164);
    if (code) return code;
    if (Date.now() > deadline) throw new Error(`no code for ${e164} within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** A 6-digit PIN that is not `code`. */
export const wrongPin = (code: string) => (code === '000000' ? '111111' : '000000');

/**
 * Submits a PIN; while the run is still between "code sent" and AWAITING_PIN the validator answers
 * WrongStep (no history written), so it retries briefly, as a client would.
 */
export async function submitPin(handle: PortInHandle, pin: string, timeoutMs = 60_000): Promise<SubmitPinResult> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await handle.executeUpdate(submitPinUpdate, { args: [{ pin: sealedPin(pin) }] });
    } catch (err) {
      const type =
        err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure
          ? err.cause.type
          : undefined;
      if (type !== 'WrongStep' || Date.now() > deadline) throw err;
      await sleep(20);
    }
  }
}

/** Parks a port-in at AWAITING_PIN and returns its handle and the PIN sent. */
export async function parkPortIn(client: Client, taskQueue: string, sim: BenchSimulator, input: PortInInput) {
  const handle = await startPortIn(client, taskQueue, input);
  const code = await waitForCode(sim, input.phone.e164);
  return { handle, code, e164: input.phone.e164 };
}

/** One full happy-path port-in, as the requester drives it. */
export async function completePortIn(
  client: Client,
  taskQueue: string,
  sim: BenchSimulator,
  input: PortInInput,
): Promise<{ result: MigrationResult; workflowId: string }> {
  const { handle, code } = await parkPortIn(client, taskQueue, sim, input);
  const answer = await submitPin(handle, code);
  if (answer.status !== 'verified') throw new Error(`PIN not verified: ${JSON.stringify(answer)}`);
  const result = await handle.result();
  if (result.outcome !== 'completed') throw new Error(`port-in ended ${result.outcome}: ${result.reason ?? ''}`);
  return { result, workflowId: handle.workflowId };
}

export async function runNoop(client: Client, taskQueue: string, workflowId: string): Promise<void> {
  await client.workflow.execute(noopWorkflow, { taskQueue, workflowId });
}

export async function runNoopActivity(client: Client, taskQueue: string, workflowId: string): Promise<void> {
  await client.workflow.execute(noopActivityWorkflow, { taskQueue, workflowId });
}

export function startParked(client: Client, taskQueue: string, workflowId: string) {
  return client.workflow.start(parkedWorkflow, { taskQueue, workflowId, args: [{}] });
}

/** Polls visibility until `query` counts `n` workflows; returns the ms it took (or throws on timeout). */
export async function waitForCount(
  client: Client,
  query: string,
  n: number,
  timeoutMs: number,
  everyMs = 250,
): Promise<number> {
  const started = Date.now();
  for (;;) {
    const { count } = await client.workflow.count(query);
    if (count >= n) return Date.now() - started;
    if (Date.now() - started > timeoutMs)
      throw new Error(`only ${count} of ${n} workflows match "${query}" after ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Fixtures for the WABA-level flows (port-out, partner change): seeded WABAs on the simulator,
 * inputs with fast timings, starts with the production workflow IDs, callback events and tickets.
 * The simulator is shared by parallel test files: everything here is unique per call, never reset.
 */
import { WorkflowUpdateFailedError, type WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { PartnerChangeInput, PartnerChangeTimings } from '../../contracts/partner-change';
import type { PortOutInput, PortOutTimings } from '../../contracts/port-out';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import type { SimulatorControl, TicketView, WabaView } from '../../simulator/control-client';
import type { SeedWaba } from '../../simulator/scenarios';
import { partnerChangeWorkflow, portOutWorkflow } from '../../workflows';
import type { TestStack } from './env';

let counter = 0;
const unique = () => `${Date.now() % 1e7}${process.pid % 100}${++counter}`;

/** Fast timings for dev-server tests: nothing escalates or gives up unless a test says so. */
export const FAST_PORT_OUT: Partial<PortOutTimings> = { pollEvery: '200ms', remindEvery: '1h' };
export const FAST_PARTNER_CHANGE: Partial<PartnerChangeTimings> = { pollEvery: '200ms', remindEvery: '1h' };

/** A destination Partner ID nobody else uses (partner IDs end in PA). */
export function freshPartnerId(): string {
  return `DEST${unique()}PA`;
}

/** A WABA on 360dialog with `count` running numbers (2FA on, as 360dialog sets it). */
export function seedWaba(sim: SimulatorControl, seed: Partial<SeedWaba> = {}): Promise<WabaView> {
  return sim.createWaba({ count: 2, ...seed });
}

export function portOutInput(waba: WabaView, overrides: Partial<PortOutInput> = {}): PortOutInput {
  const e164 = waba.channels[0]?.e164;
  if (!e164) throw new Error(`WABA ${waba.wabaId} has no numbers`);
  const { cc, national } = normalisePhoneNumber(e164);
  return { phone: { e164, cc, national }, wabaId: waba.wabaId, timings: FAST_PORT_OUT, ...overrides };
}

export function partnerChangeInput(
  waba: WabaView,
  destinationPartnerId: string,
  overrides: Partial<PartnerChangeInput> = {},
): PartnerChangeInput {
  return { wabaId: waba.wabaId, destinationPartnerId, timings: FAST_PARTNER_CHANGE, ...overrides };
}

export function startPortOut(
  stack: TestStack,
  input: PortOutInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof portOutWorkflow>> {
  return stack.client.workflow.start(portOutWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-out:${input.phone.e164}`,
    args: [input],
  });
}

export function startPartnerChange(
  stack: TestStack,
  input: PartnerChangeInput,
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof partnerChangeWorkflow>> {
  return stack.client.workflow.start(partnerChangeWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `partner-change:${input.wabaId}`,
    args: [input],
  });
}

/** A callback endpoint on the simulator unique to the test, and the event types it received. */
export function callbackSink(sim: SimulatorControl) {
  const name = `cb-${unique()}`;
  return {
    url: sim.callbackUrl(name),
    async events(): Promise<{ type: string; data: Record<string, unknown> }[]> {
      return (await sim.callbacks(name)).map((r) => r.body as { type: string; data: Record<string, unknown> });
    },
  };
}

/** Tickets whose subject or body mentions `text` (a number or WABA ID), oldest first. */
export async function ticketsAbout(sim: SimulatorControl, text: string): Promise<TicketView[]> {
  return (await sim.tickets()).filter(
    (t) => t.subject.includes(text) || (t.comments ?? []).some((c) => c.includes(text)),
  );
}

/** Polls `read` until `predicate` holds (for simulator state and callbacks, which arrive asynchronously). */
export async function eventually<T>(
  read: () => Promise<T>,
  predicate: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!predicate(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}

/** The typed reason of a rejected update (validator or handler): its failure type and message. */
export async function rejectionOf(update: Promise<unknown>): Promise<{ type?: string; message: string }> {
  try {
    await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      return { type: err.cause.type ?? undefined, message: err.cause.message };
    }
    throw err;
  }
  throw new Error('expected the update to be rejected, but it was accepted');
}

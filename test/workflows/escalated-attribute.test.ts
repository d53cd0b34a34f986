/**
 * One rule for ops, every flow: a support ticket opened = `Escalated = true` in visibility (and in
 * the status), whether the ticket escalates a stalled wait or is a step of the flow itself (the
 * port-out "2FA disable request", the partner change routed to support). Checked on each
 * ticket-opening path through the search attributes ops filter on.
 */
import type { WorkflowHandle } from '@temporalio/client';
import { PortInStep } from '../../contracts/port-in';
import { PortOutStep } from '../../contracts/port-out';
import { PartnerChangeStep } from '../../contracts/partner-change';
import { confirmNumbersUpdate } from '../../contracts/messages';
import { EscalatedKey, TicketIdsKey } from '../../contracts/search-attributes';
import { portInWorkflow } from '../../workflows';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { FAST, atStep, portInInput, waitForStatus } from '../harness/port-in-fixtures';
import {
  freshPartnerId,
  partnerChangeInput,
  portOutInput,
  seedWaba,
  startPartnerChange,
  startPortOut,
} from '../harness/waba-fixtures';

const sim = simulatorControl();
let stack: TestStack;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.close();
});

/** What ops see in visibility: Escalated and TicketIds, once the attribute index has caught up. */
async function visibleEscalation(handle: WorkflowHandle): Promise<{ escalated?: boolean; tickets: string[] }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const attrs = (await handle.describe()).typedSearchAttributes;
    const seen = { escalated: attrs.get(EscalatedKey), tickets: attrs.get(TicketIdsKey) ?? [] };
    if (seen.tickets.length > 0 || Date.now() > deadline) return seen;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function listedAsEscalated(workflowId: string): Promise<boolean> {
  const query = `WorkflowId = '${workflowId}' AND Escalated = true`;
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    for await (const wf of stack.client.workflow.list({ query })) if (wf.workflowId === workflowId) return true;
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

test('port-in: a wait that escalates (no PIN in time) sets Escalated', async () => {
  const input = portInInput({ timings: { ...FAST, pinEscalateAfter: '1s' } });
  const handle = await stack.client.workflow.start(portInWorkflow, {
    taskQueue: stack.config.TEMPORAL_TASK_QUEUE,
    workflowId: `port-in:${input.phone.e164}`,
    args: [input],
  });
  const status = await waitForStatus(handle, (s) => s.step === PortInStep.AWAITING_PIN && s.tickets.length > 0);
  expect(status.escalated).toBe(true);
  expect(await visibleEscalation(handle)).toEqual({ escalated: true, tickets: [status.tickets[0]?.ticketId] });
  expect(await listedAsEscalated(handle.workflowId)).toBe(true);
  await handle.cancel();
});

test('port-out: the "2FA disable request" ticket of a shared WABA sets Escalated before any SLA breach', async () => {
  const waba = await seedWaba(sim, { ownership: 'shared', count: 1 });
  const handle = await startPortOut(stack, portOutInput(waba, { timings: { pollEvery: '200ms', twoFaSla: '1h' } }));
  const status = await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  expect(status.tickets.map((t) => t.level)).toEqual([0]);
  expect(status.escalated).toBe(true);
  expect(await visibleEscalation(handle)).toEqual({ escalated: true, tickets: [status.tickets[0]?.ticketId] });
  expect(await listedAsEscalated(handle.workflowId)).toBe(true);
  await handle.cancel();
});

test('partner change: routed to support ("different payment processor") sets Escalated', async () => {
  const waba = await seedWaba(sim, { count: 1 });
  const dest = freshPartnerId();
  await sim.setPartner(dest, { paymentProcessor: 'another-processor' });
  const handle = await startPartnerChange(stack, partnerChangeInput(waba, dest));
  await atStep(handle, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
  await handle.executeUpdate(confirmNumbersUpdate, { args: [{ channelIds: [waba.channels[0]?.id ?? ''] }] });
  const result = await handle.result();
  expect(result.outcome).toBe('routed-to-support');
  expect(await visibleEscalation(handle)).toEqual({ escalated: true, tickets: [result.tickets[0]?.ticketId] });
  expect(await listedAsEscalated(handle.workflowId)).toBe(true);
});

test('a migration without tickets stays listed as not escalated', async () => {
  const waba = await seedWaba(sim, { ownership: 'owned', count: 1, twoFaEnabled: true });
  const handle = await startPortOut(stack, portOutInput(waba));
  const status = await atStep(handle, PortOutStep.AWAITING_2FA_DISABLED);
  expect(status).toMatchObject({ escalated: false, tickets: [] });
  // Started here without the client's initial attributes: unset, never true.
  expect((await handle.describe()).typedSearchAttributes.get(EscalatedKey)).not.toBe(true);
  await handle.cancel();
});

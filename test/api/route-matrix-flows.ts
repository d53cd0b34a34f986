/**
 * The flows of the route matrix (route-matrix.test.ts): each drives real migrations (or batches) over
 * HTTP to the states where a route succeeds, then checks the conflicts once the migration has ended.
 */
import { batchWorkflowId } from '../../contracts/batch';
import { freshBatchId } from '../batches/batch-fixtures';
import { freshNumber } from '../harness/port-in-fixtures';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';
import {
  batchPath,
  call,
  expectProblem,
  latestPin,
  path,
  preparedPortIn,
  sim,
  waitFor,
  waitForBatch,
  type ApiStack,
  type Api,
  type Res,
} from './api-fixtures';

const FAST = { pollEvery: '200ms', remindEvery: '1h' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function expectStatus(res: Res, status: number, body?: unknown) {
  expect({ status: res.statusCode, body: res.json() }).toEqual({ status, body: body ?? expect.anything() });
}

/** After the end, every command on the migration is a 409 naming why. */
async function expectEnded(api: Api, id: string, commands: [string, unknown?][]) {
  // The outcome is visible before the run closes (it still gives its leases back and flushes
  // callbacks); until then a fact is accepted. "Ended" here means the run has closed.
  await waitFor(api, id, (m) => m.execution.executionStatus !== 'RUNNING');
  for (const [suffix, body] of commands) {
    const problem = expectProblem(await call(api, 'POST', path(id, suffix), body), 409, 'conflict');
    expect({ suffix, detail: problem.detail }).toEqual({ suffix, detail: expect.stringMatching(/ended|completed/) });
  }
}

export async function portInFlows(api: Api): Promise<void> {
  const body = await preparedPortIn();
  const started = await call(api, 'POST', '/v1/port-ins', body);
  expect(started.statusCode).toBe(201);
  const { migrationId: id, runId } = started.json();
  expectStatus(await call(api, 'POST', '/v1/port-ins', body), 200, { migrationId: id, runId, created: false });
  await waitFor(api, id, (m) => m.step === 'AWAITING_PIN');
  expect(expectProblem(await call(api, 'GET', path(id, '/api-key')), 409, 'conflict').detail).toMatch(/not completed/);
  const signup = { wabaId: body.wabaId, phoneNumberId: '1234567', code: `AQ${'z'.repeat(20)}` };
  expect(expectProblem(await call(api, 'POST', path(id, '/embedded-signup'), signup), 409, 'conflict')).toMatchObject({
    code: 'WrongStep',
  });
  // Facts are accepted whenever the migration runs (a fact it no longer needs changes nothing).
  expectStatus(await call(api, 'POST', path(id, '/events/mob-accepted'), { eventId: 'mob-1' }), 202, {
    accepted: true,
  });
  expectStatus(await call(api, 'POST', path(id, '/events/two-factor-disabled')), 202, { accepted: true });

  const pin = await latestPin(body.phoneNumber);
  const wrong = pin === '000000' ? '111111' : '000000';
  expectStatus(await call(api, 'POST', path(id, '/pin'), { pin: wrong }), 200, { status: 'wrong', attemptsLeft: 4 });
  await sleep(1_100); // the resend cooldown of portInBody's timings
  const resent = await call(api, 'POST', path(id, '/resend-code'));
  expectStatus(resent, 200, expect.objectContaining({ method: 'SMS', sendsLeft: expect.any(Number) }));
  const fresh = await latestPin(body.phoneNumber);
  expectStatus(await call(api, 'POST', path(id, '/pin'), { pin: fresh }), 200, { status: 'verified' });
  await waitFor(api, id, (m) => m.outcome === 'completed');
  expectStatus(
    await call(api, 'GET', path(id, '/api-key')),
    200,
    expect.objectContaining({ keyId: expect.any(String) }),
  );
  await expectEnded(api, id, [
    ['/pin', { pin: fresh }],
    ['/embedded-signup', signup],
    ['/resend-code', {}],
    ['/business-id', { metaBusinessId: '1234567890' }],
    ['/events/mob-accepted'],
    ['/events/two-factor-disabled'],
    ['/cancel', { reason: 'too late' }],
  ]);
  expectProblem(await call(api, 'POST', '/v1/port-ins', body), 409, 'conflict');
  await sleep(4_000); // past the route matrix's API_KEY_PICKUP_WINDOW
  expectProblem(await call(api, 'GET', path(id, '/api-key')), 410, 'api-key-expired');

  // "Same business": the number's WABA belongs to another Meta business than the one requested.
  const owner = `8${body.metaBusinessId.slice(1)}`;
  const mismatch = await preparedPortIn({}, { metaBusinessId: owner });
  const second = (await call(api, 'POST', '/v1/port-ins', mismatch)).json().migrationId;
  await waitFor(api, second, (m) => m.step === 'AWAITING_BUSINESS_ID_CORRECTION');
  const corrected = await call(api, 'POST', path(second, '/business-id'), { metaBusinessId: owner });
  expectStatus(corrected, 200, { accepted: true });
  await waitFor(api, second, (m) => m.step === 'AWAITING_PIN');
  expectStatus(await call(api, 'POST', path(second, '/cancel'), { reason: 'route matrix' }), 202);
  await embeddedSignupFlow(api);
}

/** A Cloud-API port-in waiting for its Embedded Signup: a report for another WABA, then the right one. */
async function embeddedSignupFlow(api: Api): Promise<void> {
  const phoneNumber = freshNumber('+4917');
  const business = '777000333';
  const [sourceWabaId, wabaId] = [`src-rm-${phoneNumber.slice(1)}`, `dest-rm-${phoneNumber.slice(1)}`];
  await sim.setCloudSource(phoneNumber, { sourceWabaId, businessId: business });
  await sim.setCloudWaba(wabaId, { businessId: business });
  const started = await call(api, 'POST', '/v1/port-ins', {
    phoneNumber,
    wabaId,
    metaBusinessId: business,
    businessWebsite: sim.siteUrl('example-shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: FAST,
    path: 'cloud-api',
    cloud: { way: 'embedded-signup' },
  });
  const { migrationId: id } = started.json();
  await waitFor(api, id, (m) => m.step === 'AWAITING_EMBEDDED_SIGNUP');
  const { code, phoneNumberId } = await sim.embeddedSignup({ e164: phoneNumber, wabaId });
  const elsewhere = await call(api, 'POST', path(id, '/embedded-signup'), {
    wabaId: 'dest-other',
    phoneNumberId,
    code,
  });
  expect(expectProblem(elsewhere, 422, 'update-rejected')).toMatchObject({ code: 'SignupForAnotherWaba' });
  const accepted = await call(api, 'POST', path(id, '/embedded-signup'), { wabaId, phoneNumberId, code });
  expectStatus(accepted, 200, { status: 'accepted', phoneNumberId, accountModel: 'classic' });
  expectStatus(await call(api, 'POST', path(id, '/cancel'), { reason: 'route matrix' }), 202);
}

export async function portOutFlows(api: Api): Promise<void> {
  const start = async (twoFaEnabled: boolean) => {
    const waba = await seedWaba(sim, { count: 1, twoFaEnabled });
    const body = { phoneNumber: waba.channels[0]?.e164, wabaId: waba.wabaId, timings: FAST };
    const res = await call(api, 'POST', '/v1/port-outs', body);
    expect(res.statusCode).toBe(201);
    return { body, id: res.json().migrationId as string, e164: body.phoneNumber ?? '' };
  };
  const cancelled = await start(false);
  const { id } = cancelled;
  expectStatus(
    await call(api, 'POST', '/v1/port-outs', cancelled.body),
    200,
    expect.objectContaining({ created: false }),
  );
  await waitFor(api, id, (m) => m.step === 'AWAITING_NUMBER_LEFT');
  expectStatus(await call(api, 'POST', path(id, '/events/two-factor-disabled')), 202, { accepted: true });
  await sim.markNumberLeft(cancelled.e164); // a reported departure is confirmed with 360dialog
  expectStatus(await call(api, 'POST', path(id, '/events/number-left'), { eventId: 'left-1' }), 202, {
    accepted: true,
  });
  await waitFor(api, id, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');
  const confirm = { confirm: true, confirmedBy: 'ops@example.com' };
  const done = await call(api, 'POST', path(id, '/subscription/cancel'), confirm);
  expectStatus(done, 200, { subscription: 'cancelled', decidedBy: 'ops@example.com' });
  await waitFor(api, id, (m) => m.outcome === 'completed');
  await expectEnded(api, id, [
    ['/events/number-left'],
    ['/events/two-factor-disabled'],
    ['/subscription/cancel', confirm],
    ['/subscription/keep', { declinedBy: 'ops@example.com' }],
  ]);
  expectProblem(await call(api, 'POST', '/v1/port-outs', cancelled.body), 409, 'conflict');

  const kept = await start(false);
  await sim.markNumberLeft(kept.e164);
  expectStatus(await call(api, 'POST', path(kept.id, '/events/number-left')), 202, { accepted: true });
  await waitFor(api, kept.id, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');
  const keep = await call(api, 'POST', path(kept.id, '/subscription/keep'), { declinedBy: 'owner@example.com' });
  expectStatus(keep, 200, { subscription: 'kept', decidedBy: 'owner@example.com' });
}

export async function partnerChangeFlows(api: Api): Promise<void> {
  const waba = await seedWaba(sim, { count: 2 });
  const body = { wabaId: waba.wabaId, destinationPartnerId: freshPartnerId(), timings: FAST };
  const started = await call(api, 'POST', '/v1/partner-changes', body);
  expect(started.statusCode).toBe(201);
  const { migrationId: id, runId } = started.json();
  expectStatus(await call(api, 'POST', '/v1/partner-changes', body), 200, { migrationId: id, runId, created: false });
  await waitFor(api, id, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  const view = await call(api, 'GET', path(id, '/partner-change'));
  expectStatus(view, 200, expect.objectContaining({ wabaId: waba.wabaId, numbersConfirmed: false }));
  expectStatus(await call(api, 'POST', path(id, '/events/company-info-completed')), 202, { accepted: true });
  expectStatus(await call(api, 'POST', path(id, '/events/payment-method-added')), 202, { accepted: true });
  const channelIds = waba.channels.map((c) => c.id);
  const confirmed = await call(api, 'POST', path(id, '/numbers/confirm'), { channelIds });
  expect({ status: confirmed.statusCode, count: confirmed.json().confirmed?.length }).toEqual({
    status: 200,
    count: 2,
  });
  await waitFor(api, id, (m) => m.step === 'AWAITING_PERMISSION_SELECTION');
  const selected = await call(api, 'POST', path(id, '/numbers/permissions'), { channelIds: channelIds.slice(0, 1) });
  expect({ status: selected.statusCode, count: selected.json().selected?.length }).toEqual({ status: 200, count: 1 });
  await waitFor(api, id, (m) => m.outcome === 'completed');
  await expectEnded(api, id, [
    ['/numbers/confirm', { channelIds }],
    ['/numbers/permissions', { channelIds }],
    ['/events/company-info-completed'],
    ['/events/payment-method-added'],
    ['/events/partner-decision', { status: 'completed' }],
  ]);
  expectProblem(await call(api, 'POST', '/v1/partner-changes', body), 409, 'conflict');

  // The WABA gains a number between the review and the confirmation: NumberListChanged.
  const small = await seedWaba(sim, { count: 1 });
  const second = (
    await call(api, 'POST', '/v1/partner-changes', { wabaId: small.wabaId, destinationPartnerId: freshPartnerId() })
  ).json().migrationId;
  await waitFor(api, second, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  const grown = await sim.createWaba({ wabaId: small.wabaId, count: 1 });
  const added = grown.channels.find((c) => c.id !== small.channels[0]?.id);
  const stale = await call(api, 'POST', path(second, '/numbers/confirm'), { channelIds: [small.channels[0]?.id] });
  expect(expectProblem(stale, 409, 'conflict')).toMatchObject({
    code: 'NumberListChanged',
    detail: expect.stringContaining(`added: ${added?.e164}`),
  });
  expect((await call(api, 'GET', path(second, '/partner-change'))).json().numbers).toHaveLength(2);
  // Before a request was submitted a decision changes nothing, but it is accepted as a fact.
  expectStatus(await call(api, 'POST', path(second, '/events/partner-decision'), { status: 'failed' }), 202);
  expectStatus(await call(api, 'POST', path(second, '/cancel'), { reason: 'route matrix' }), 202);
  await waitFor(api, second, (m) => m.outcome === 'cancelled');
}

/** Numbers and WABAs: 200 whether a migration touched them or not, 400 for a path that is not one. */
export async function entityFlows(api: Api): Promise<void> {
  const waba = await seedWaba(sim, { count: 1 });
  const phoneNumber = waba.channels[0]?.e164 ?? '';
  const started = await call(api, 'POST', '/v1/port-outs', { phoneNumber, wabaId: waba.wabaId, timings: FAST });
  const id = started.json().migrationId as string;
  await waitFor(api, id, (m) => m.step === 'AWAITING_2FA_DISABLED');
  const held = { holders: [expect.objectContaining({ workflowId: id })] };
  expectStatus(
    await call(api, 'GET', `/v1/numbers/${encodeURIComponent(phoneNumber)}`),
    200,
    expect.objectContaining(held),
  );
  expectStatus(await call(api, 'GET', `/v1/wabas/${waba.wabaId}`), 200, expect.objectContaining(held));
  expectStatus(
    await call(api, 'GET', `/v1/numbers/${encodeURIComponent(freshNumber())}`),
    200,
    expect.objectContaining({ known: false }),
  );
  expectStatus(await call(api, 'GET', '/v1/wabas/waba-never-touched'), 200, expect.objectContaining({ known: false }));
  expectProblem(await call(api, 'GET', '/v1/numbers/0151%202345678'), 400, 'malformed-request');
  expectProblem(await call(api, 'GET', '/v1/wabas/not%20a%20waba'), 400, 'malformed-request');
  expectStatus(await call(api, 'POST', path(id, '/cancel'), { reason: 'route matrix' }), 202);
}

/**
 * Batches: a scheduled one (nothing starts before its window, so every command meets the same
 * state) takes pause, resume, cancel and refuses what does not apply; one whose only item fails at
 * once is retried, then closed by a cancel, after which its ID and every command are conflicts.
 */
export async function batchFlows(api: ApiStack): Promise<void> {
  const by = { by: 'ops@example.com' };
  const waba = await seedWaba(sim, { count: 1 });
  const e164 = waba.channels[0]?.e164 ?? '';
  const scheduledId = freshBatchId('rm-scheduled');
  const scheduled = {
    batchId: scheduledId,
    windowStart: new Date(Date.now() + 3_600_000).toISOString(),
    items: [{ kind: 'port-out', phoneNumber: e164, wabaId: waba.wabaId, timings: FAST }],
  };
  const started = await call(api, 'POST', '/v1/batches', scheduled);
  const runId = started.json().runId as string;
  expectStatus(started, 201, {
    batchId: scheduledId,
    runId: expect.any(String),
    created: true,
    accepted: 1,
    skipped: [],
  });
  expect(started.headers.location).toBe(batchPath(scheduledId));
  expectStatus(await call(api, 'POST', '/v1/batches', scheduled), 200, {
    batchId: scheduledId,
    runId,
    created: false,
    accepted: 1,
    skipped: [],
  });
  const at = (suffix = '') => batchPath(scheduledId, suffix);
  expectStatus(
    await call(api, 'GET', at()),
    200,
    expect.objectContaining({ batchId: scheduledId, state: 'scheduled', total: 1, retryable: 0 }),
  );
  expectStatus(await call(api, 'GET', at('/items')), 200, {
    total: 1,
    items: [{ index: 0, kind: 'port-out', migrationId: `port-out:${e164}`, state: 'pending', waitingOnHuman: false }],
  });
  expect(expectProblem(await call(api, 'GET', at('/items?limit=0')), 422, 'validation-error').errors).toEqual([
    { field: 'limit', message: expect.any(String) },
  ]);
  expectStatus(await call(api, 'POST', at('/pause'), by), 200, expect.objectContaining({ state: 'paused' }));
  expectStatus(await call(api, 'POST', at('/resume'), by), 200, expect.objectContaining({ state: 'scheduled' }));
  expect(expectProblem(await call(api, 'POST', at('/resume'), by), 409, 'conflict')).toMatchObject({
    code: 'NotPaused',
  });
  expect(expectProblem(await call(api, 'POST', at('/retry'), by), 409, 'conflict')).toMatchObject({
    code: 'NothingToRetry',
  });
  expectStatus(await call(api, 'POST', at('/cancel'), { ...by, reason: 'route matrix' }), 200, {
    notStarted: [`port-out:${e164}`],
    cancelRequested: [],
    leftToFinish: [],
  });
  expect(expectProblem(await call(api, 'POST', at('/pause'), by), 409, 'conflict')).toMatchObject({
    code: 'BatchDrained',
  });

  // A port-out of a number the WABA does not have fails at once: the batch drains.
  const other = await seedWaba(sim, { count: 1 });
  const failing = `port-out:${other.channels[0]?.e164}`;
  const closingId = freshBatchId('rm-closing');
  const closing = {
    batchId: closingId,
    items: [{ kind: 'port-out', phoneNumber: other.channels[0]?.e164, wabaId: waba.wabaId, timings: FAST }],
  };
  expect((await call(api, 'POST', '/v1/batches', closing)).statusCode).toBe(201);
  const drained = (s: { state: string }) => s.state === 'drained';
  expect(await waitForBatch(api, closingId, drained)).toMatchObject({ byOutcome: { failed: 1 }, retryable: 1 });
  const retried = await call(api, 'POST', batchPath(closingId, '/retry'), by);
  expectStatus(retried, 200, { retried: [failing] });
  await waitForBatch(api, closingId, drained);
  // Cancelling a drained batch closes it.
  const cancelled = await call(api, 'POST', batchPath(closingId, '/cancel'), { ...by, reason: 'route matrix' });
  expectStatus(cancelled, 200, { notStarted: [], cancelRequested: [], leftToFinish: [] });
  await api.stack.client.workflow.getHandle(batchWorkflowId(closingId)).result();
  // Closed, it still shows its progress (a query of the closed run)...
  expectStatus(
    await call(api, 'GET', batchPath(closingId)),
    200,
    expect.objectContaining({ state: 'drained', byOutcome: { failed: 1 } }),
  );
  // ...but its ID starts nothing and it takes no command.
  const again = expectProblem(await call(api, 'POST', '/v1/batches', closing), 409, 'conflict');
  expect(again.detail).toBe(`batch ${closingId}: a batch with this batchId already ran; choose another batchId`);
  for (const [command, body] of [
    ['/pause', by],
    ['/resume', by],
    ['/retry', by],
    ['/cancel', { ...by, reason: 'too late' }],
  ] as const) {
    const problem = expectProblem(await call(api, 'POST', batchPath(closingId, command), body), 409, 'conflict');
    expect({ command, detail: problem.detail }).toEqual({ command, detail: expect.stringMatching(/has closed/) });
  }
}

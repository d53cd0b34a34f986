/**
 * A port-in driven entirely over HTTP against the real stack: idempotent start, status, PIN entry
 * (malformed, wrong, repeated with an idempotency key, right), resend with cooldown, API key,
 * conflicts after the end, cancellation and restart, the porting window, list filters.
 */
import { migrationPageSchema, migrationViewSchema, startResultSchema } from '../../api/schemas';
import {
  call,
  expectProblem,
  latestPin,
  path,
  preparedPortIn,
  sim,
  startApi,
  waitFor,
  type ApiStack,
} from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
});
afterAll(async () => {
  await api?.close();
});

async function start(body?: Awaited<ReturnType<typeof preparedPortIn>>) {
  body ??= await preparedPortIn();
  const res = await call(api, 'POST', '/v1/port-ins', body);
  expect(res.statusCode).toBe(201);
  return { body, ...startResultSchema.parse(res.json()), location: res.headers.location };
}

test('happy path over HTTP: 201 + Location, idempotent repeat, PIN, API key, then 409 for anything that needs it running', async () => {
  const started = await start();
  const { migrationId, body } = started;
  expect(migrationId).toBe(`port-in:${body.phoneNumber}`);
  expect(started.location).toBe(`/v1/migrations/${encodeURIComponent(migrationId)}`);

  const again = await call(api, 'POST', '/v1/port-ins', body);
  expect(again.statusCode).toBe(200);
  expect(again.json()).toMatchObject({ migrationId, runId: started.runId, created: false });

  const waiting = migrationViewSchema.parse(await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN'));
  expect(waiting).toMatchObject({ kind: 'port-in', waitingFor: expect.stringMatching(/PIN/), escalated: false });
  expect(waiting.execution).toMatchObject({
    executionStatus: 'RUNNING',
    phoneNumber: body.phoneNumber,
    wabaId: body.wabaId,
    kind: 'port-in',
  });
  // Search attributes trail the query by a moment: the step is one the timeline has seen.
  expect(waiting.timeline.map((t) => t.step)).toContain(waiting.execution.step);
  expect(waiting.timeline.map((t) => t.step)).toEqual(
    expect.arrayContaining(['PREFLIGHT', 'SUBMITTING', 'REQUESTING_PIN', 'AWAITING_PIN']),
  );

  expectProblem(await call(api, 'GET', path(migrationId, '/api-key')), 409, 'conflict');

  const pin = await latestPin(body.phoneNumber);
  const verified = await call(api, 'POST', path(migrationId, '/pin'), { pin });
  expect(verified.statusCode).toBe(200);
  expect(verified.json()).toEqual({ status: 'verified' });

  const done = await waitFor(api, migrationId, (m) => m.execution.executionStatus === 'COMPLETED');
  expect(done).toMatchObject({ step: 'DONE', outcome: 'completed', execution: { outcome: 'completed' } });

  const key = await call(api, 'GET', path(migrationId, '/api-key'));
  expect(key.statusCode).toBe(200);
  expect(key.headers['cache-control']).toBe('no-store');
  expect(key.json()).toMatchObject({ apiKey: expect.stringMatching(/\S{16,}/), keyId: expect.any(String) });
  expect(key.json().apiKey).not.toMatch(/^sealed:/); // unsealed by the client for the requester

  expect(expectProblem(await call(api, 'POST', path(migrationId, '/pin'), { pin }), 409, 'conflict').detail).toMatch(
    /already ended/,
  );
  expectProblem(await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'too late' }), 409, 'conflict');
  expectProblem(await call(api, 'POST', path(migrationId, '/events/mob-accepted')), 409, 'conflict');
  expect(expectProblem(await call(api, 'POST', '/v1/port-ins', body), 409, 'conflict').detail).toMatch(/completed/);
});

test('PIN handling: wrong step, wrong PIN with attempts left, idempotent retry, resend cooldown and VOICE', async () => {
  const { migrationId, body } = await start(
    await preparedPortIn({ timings: { pollEvery: '200ms', resendCooldown: '2s' } }),
  );
  expect(
    expectProblem(
      await call(api, 'POST', path(migrationId, '/business-id'), { metaBusinessId: '9876543210' }),
      409,
      'conflict',
    ).code,
  ).toBe('WrongStep');

  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
  const pin = await latestPin(body.phoneNumber);
  const wrong = pin === '000000' ? '111111' : '000000';
  const headers = { 'idempotency-key': `retry-${Date.now()}` };
  const first = await call(api, 'POST', path(migrationId, '/pin'), { pin: wrong }, headers);
  expect(first.json()).toEqual({ status: 'wrong', attemptsLeft: 4 });
  // The same key again is the same update: not a second wrong attempt.
  expect((await call(api, 'POST', path(migrationId, '/pin'), { pin: wrong }, headers)).json()).toEqual({
    status: 'wrong',
    attemptsLeft: 4,
  });

  const cooldown = expectProblem(
    await call(api, 'POST', path(migrationId, '/resend-code'), { method: 'VOICE' }),
    409,
    'conflict',
  );
  expect(cooldown).toMatchObject({ code: 'ResendCooldown', detail: expect.stringMatching(/wait \d+ s/) });
  await new Promise((r) => setTimeout(r, 2_100));
  const resent = await call(api, 'POST', path(migrationId, '/resend-code'), { method: 'VOICE' });
  expect(resent.statusCode).toBe(200);
  expect(resent.json()).toMatchObject({ method: 'VOICE', sendsLeft: 3 });
  const inbox = await sim.inbox(body.phoneNumber);
  expect(inbox.at(-1)?.method).toBe('VOICE');

  expect(
    (await call(api, 'POST', path(migrationId, '/pin'), { pin: await latestPin(body.phoneNumber) })).json(),
  ).toEqual({ status: 'verified' });
  await waitFor(api, migrationId, (m) => m.outcome === 'completed');
});

test('cancel with a reason ends the migration; the number can then be started again (new run)', async () => {
  const { migrationId, body, runId } = await start();
  await waitFor(api, migrationId, (m) => m.step === 'AWAITING_PIN');
  expectProblem(await call(api, 'POST', path(migrationId, '/cancel'), { reason: '' }), 422, 'validation-error');
  const cancelled = await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'requester withdrew' });
  expect(cancelled.statusCode).toBe(202);
  expect(cancelled.json()).toEqual({ migrationId, cancelRequested: true });
  await waitFor(api, migrationId, (m) => m.outcome === 'cancelled');

  const history = await api.stack.client.workflow.getHandle(migrationId).fetchHistory();
  const request = history.events?.find((e) => e.workflowExecutionCancelRequestedEventAttributes);
  expect(request?.workflowExecutionCancelRequestedEventAttributes?.cause).toBe('requester withdrew');

  const restarted = await call(api, 'POST', '/v1/port-ins', body);
  expect(restarted.statusCode).toBe(201);
  expect(restarted.json()).toMatchObject({ migrationId, created: true });
  expect(restarted.json().runId).not.toBe(runId);
  await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'cleanup' });
});

test('a porting window defers the start; status says so until then', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const res = await call(api, 'POST', '/v1/port-ins', await preparedPortIn({ portingWindowStart: at }));
  expect(res.statusCode).toBe(201);
  const { migrationId, scheduledFor } = res.json();
  expect(Math.abs(Date.parse(scheduledFor) - Date.parse(at))).toBeLessThan(2_000);
  const status = await call(api, 'GET', path(migrationId));
  expect(status.statusCode).toBe(200);
  expect(status.json()).toMatchObject({
    step: 'PREFLIGHT',
    waitingFor: expect.stringMatching(/porting window/),
    timeline: [],
  });
  expect((await call(api, 'POST', path(migrationId, '/cancel'), { reason: 'window moved' })).statusCode).toBe(202);
});

test('unknown and impossible IDs are 404; commands for another kind are 409', async () => {
  expectProblem(await call(api, 'GET', path('port-in:+4915199999999')), 404, 'not-found');
  expectProblem(await call(api, 'GET', path('no-such-kind:1')), 404, 'not-found');
  expectProblem(await call(api, 'POST', path('port-in:+4915199999999', '/pin'), { pin: '123456' }), 404, 'not-found');
  expectProblem(
    await call(api, 'POST', path('port-in:+4915199999999', '/events/two-factor-disabled'), { eventId: 'e-1' }),
    404,
    'not-found',
  );
  expectProblem(await call(api, 'POST', path('partner-change:waba-1', '/pin'), { pin: '123456' }), 409, 'conflict');
  expectProblem(await call(api, 'POST', path('port-in:+4915199999999', '/events/number-left')), 409, 'conflict');
});

test('list filters by kind, step, phone and escalation, with pages', async () => {
  const a = await start();
  const b = await start();
  await waitFor(api, a.migrationId, (m) => m.step === 'AWAITING_PIN');
  await waitFor(api, b.migrationId, (m) => m.step === 'AWAITING_PIN');
  const byPhone = async () =>
    migrationPageSchema.parse(
      (await call(api, 'GET', `/v1/migrations?phone=${encodeURIComponent(a.body.phoneNumber)}&kind=port-in`)).json(),
    );
  // Visibility is eventually consistent.
  for (let i = 0; i < 50 && (await byPhone()).items.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
  expect((await byPhone()).items.map((i) => i.migrationId)).toEqual([a.migrationId]);
  // An unencoded "+" (a space once decoded) still means the number.
  expect(
    (await call(api, 'GET', `/v1/migrations?phone=${a.body.phoneNumber}`))
      .json()
      .items.map((i: { migrationId: string }) => i.migrationId),
  ).toEqual([a.migrationId]);

  const q = `/v1/migrations?kind=port-in&step=AWAITING_PIN&escalated=false&running=true&pageSize=1`;
  const page1 = migrationPageSchema.parse((await call(api, 'GET', q)).json());
  expect(page1.items).toHaveLength(1);
  expect(page1.nextPageToken).toBeDefined();
  const page2 = migrationPageSchema.parse((await call(api, 'GET', `${q}&pageToken=${page1.nextPageToken}`)).json());
  expect(page2.items[0]?.migrationId).not.toBe(page1.items[0]?.migrationId);
  // A token the API never gave out is refused at once, never passed on to Temporal (which would
  // spend ~20 s on it and then answer "something went wrong").
  const startedAt = Date.now();
  const forged = expectProblem(await call(api, 'GET', `${q}&pageToken=Z2FyYmFnZS10b2tlbg`), 422, 'validation-error');
  expect(forged.errors).toEqual([{ field: 'pageToken', message: 'invalid or expired page token' }]);
  expect(Date.now() - startedAt).toBeLessThan(5_000);
  expect(
    (await call(api, 'GET', '/v1/migrations?escalated=true&phone=' + encodeURIComponent(a.body.phoneNumber))).json()
      .items,
  ).toEqual([]);
  expectProblem(
    await call(api, 'GET', `/v1/migrations?step=${encodeURIComponent("x' OR 1=1")}`),
    422,
    'validation-error',
  );
  for (const m of [a, b]) await call(api, 'POST', path(m.migrationId, '/cancel'), { reason: 'cleanup' });
});

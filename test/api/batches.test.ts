/**
 * Batches over real HTTP on the test stack: a batch of port-outs started, repeated, watched, paged
 * as JSON and CSV, paused, resumed, cancelled (split by the point of no return) and retried; a
 * scheduled batch cancelled before its window (and a cancel reason that would be a spreadsheet
 * formula); invalid items refused all at once, or skipped with `skipInvalid`; 5,001 items.
 */
import { prefersCsv, toCsv } from '../../api/batch-csv';
import type { BatchItemView } from '../../contracts/batch';
import { freshBatchId, leavingWaba } from '../batches/batch-fixtures';
import { freshNumber } from '../harness/port-in-fixtures';
import { FAST_PORT_OUT, seedWaba } from '../harness/waba-fixtures';
import { batchPath, call, expectProblem, path, sim, startApi, waitForBatch, type ApiStack } from './api-fixtures';

let api: ApiStack;
beforeAll(async () => {
  api = await startApi();
}, 120_000);
afterAll(async () => {
  await api?.close();
});

const by = { by: 'ops@example.com' };
const portOut = (e164: string | undefined) => `port-out:${e164}`;
const COLUMNS = 'index,kind,migrationId,state,step,outcome,escalated,waitingOnHuman,reason';

/** RFC 4180: quoted cells with doubled quotes, CRLF after every row. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      row.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  expect({ rest: cell, open: row }).toEqual({ rest: '', open: [] }); // every row ends with CRLF
  return rows;
}

/** What the CSV must hold for an item of the JSON page. */
const csvRow = (v: BatchItemView) => [
  String(v.index),
  v.kind,
  v.migrationId,
  v.state,
  v.step ?? '',
  v.outcome ?? '',
  String(!!v.escalated),
  String(v.waitingOnHuman),
  v.reason ?? '',
];

test('a batch of port-outs: start and repeat, progress, items filtered as JSON and CSV, pause/resume, cancel by the point of no return, retry', async () => {
  const leaving = await leavingWaba(sim, 2); // each port-out waits for the owner's confirmation (past no return)
  const guarded = await seedWaba(sim, { count: 1 }); // 2FA still on: waits before the point of no return
  const [l0, l1, g0] = [leaving.channels[0]?.e164, leaving.channels[1]?.e164, guarded.channels[0]?.e164];
  const batchId = freshBatchId('api-batch');
  const body = {
    batchId,
    defaults: { 'port-out': { wabaId: leaving.wabaId, timings: FAST_PORT_OUT } },
    items: [
      { kind: 'port-out', phoneNumber: l0 },
      { kind: 'port-out', phoneNumber: g0, wabaId: guarded.wabaId },
      { kind: 'port-out', phoneNumber: l1 },
    ],
    concurrency: 2,
  };
  const started = await call(api, 'POST', '/v1/batches', body);
  expect({ status: started.statusCode, location: started.headers.location, body: started.json() }).toEqual({
    status: 201,
    location: `/v1/batches/${batchId}`,
    body: { batchId, runId: expect.any(String), created: true, accepted: 3, skipped: [] },
  });
  const repeat = await call(api, 'POST', '/v1/batches', body);
  expect({ status: repeat.statusCode, body: repeat.json() }).toEqual({
    status: 200,
    body: { batchId, runId: started.json().runId, created: false, accepted: 3, skipped: [] },
  });

  const waiting = await waitForBatch(api, batchId, (s) => s.waitingOnHuman === 3);
  expect(waiting).toMatchObject({
    batchId,
    state: 'running',
    limits: { concurrency: 2, callsPerSecond: 20 },
    total: 3,
    byState: { pending: 0, working: 0, waiting: 3, ended: 0, cancelled: 0, 'not-started': 0 },
    byStep: { AWAITING_CANCELLATION_CONFIRMATION: 2, AWAITING_2FA_DISABLED: 1 },
    byOutcome: {},
    waitingOnHuman: 3,
    escalated: 0,
    retryable: 0,
    commands: [],
    run: 1,
  });
  expect(waiting.estimatedEndAt).toBeUndefined(); // no item has ended yet
  // Each item is a normal migration with its usual ID.
  const item = await call(api, 'GET', path(portOut(l0)));
  expect({ status: item.statusCode, step: item.json().step }).toEqual({
    status: 200,
    step: 'AWAITING_CANCELLATION_CONFIRMATION',
  });

  // Pages, filters, `next`.
  const first = await call(api, 'GET', batchPath(batchId, '/items?state=waiting&limit=2'));
  expect({ status: first.statusCode, body: first.json() }).toEqual({
    status: 200,
    body: {
      total: 3,
      next: 2,
      items: [
        expect.objectContaining({ index: 0, migrationId: portOut(l0), step: 'AWAITING_CANCELLATION_CONFIRMATION' }),
        {
          index: 1,
          kind: 'port-out',
          migrationId: portOut(g0),
          state: 'waiting',
          step: 'AWAITING_2FA_DISABLED',
          escalated: false,
          starts: 1,
          waitingOnHuman: true,
        },
      ],
    },
  });
  const second = (await call(api, 'GET', batchPath(batchId, '/items?state=waiting&offset=2&limit=2'))).json();
  expect(second).toEqual({ total: 3, items: [expect.objectContaining({ index: 2, migrationId: portOut(l1) })] });
  const byStep = await call(api, 'GET', batchPath(batchId, '/items?step=AWAITING_2FA_DISABLED&waitingOnHuman=true'));
  expect(byStep.json()).toMatchObject({ total: 1, items: [{ migrationId: portOut(g0) }] });
  expect((await call(api, 'GET', batchPath(batchId, '/items?outcome=failed'))).json()).toEqual({ total: 0, items: [] });
  const bogus = await call(api, 'GET', batchPath(batchId, '/items?state=bogus&surprise=1'));
  expect(
    expectProblem(bogus, 422, 'validation-error')
      .errors?.map((e) => e.field)
      .sort(),
  ).toEqual(['state', 'surprise']);

  // The same page as CSV: by Accept, or by ?format=csv whatever Accept says; a tie goes to JSON.
  const json = (await call(api, 'GET', batchPath(batchId, '/items'))).json();
  const csv = await call(api, 'GET', batchPath(batchId, '/items'), undefined, { accept: 'text/csv' });
  expect({ status: csv.statusCode, type: csv.headers['content-type'] }).toEqual({
    status: 200,
    type: 'text/csv; charset=utf-8',
  });
  expect(parseCsv(csv.body)).toEqual([COLUMNS.split(','), ...json.items.map(csvRow)]);
  expect(parseCsv(csv.body)).toHaveLength(4);
  const byFormat = await call(api, 'GET', batchPath(batchId, '/items?format=csv'), undefined, {
    accept: 'application/json',
  });
  expect(byFormat.body).toBe(csv.body);
  const tie = await call(api, 'GET', batchPath(batchId, '/items'), undefined, { accept: 'application/json, text/csv' });
  expect(tie.json()).toEqual(json);

  // Pause (twice is harmless), resume, and what does not apply.
  const paused = await call(api, 'POST', batchPath(batchId, '/pause'), by);
  expect({ status: paused.statusCode, body: paused.json() }).toMatchObject({
    status: 200,
    body: { state: 'paused', commands: [{ by: 'ops@example.com', what: 'paused', at: expect.any(String) }] },
  });
  const pausedAgain = await call(api, 'POST', batchPath(batchId, '/pause'), by);
  expect({
    status: pausedAgain.statusCode,
    state: pausedAgain.json().state,
    commands: pausedAgain.json().commands.length,
  }).toEqual({ status: 200, state: 'paused', commands: 2 });
  const resumed = await call(api, 'POST', batchPath(batchId, '/resume'), { by: 'lead@example.com' });
  expect({ status: resumed.statusCode, state: resumed.json().state, last: resumed.json().commands[2] }).toEqual({
    status: 200,
    state: 'running',
    last: { by: 'lead@example.com', what: 'resumed', at: expect.any(String) },
  });
  const notPaused = expectProblem(await call(api, 'POST', batchPath(batchId, '/resume'), by), 409, 'conflict');
  expect(notPaused).toMatchObject({ code: 'NotPaused', detail: 'the batch is not paused' });
  const nothing = expectProblem(await call(api, 'POST', batchPath(batchId, '/retry'), by), 409, 'conflict');
  expect(nothing).toMatchObject({ code: 'NothingToRetry', detail: 'no item failed, stalled or was cancelled' });

  // Cancel: the item before its point of no return is cancelled, the numbers already gone finish.
  const cancel = await call(api, 'POST', batchPath(batchId, '/cancel'), { ...by, reason: 'client withdrew' });
  expect({ status: cancel.statusCode, body: cancel.json() }).toEqual({
    status: 200,
    body: { notStarted: [], cancelRequested: [portOut(g0)], leftToFinish: [portOut(l0), portOut(l1)] },
  });
  const cancelling = await waitForBatch(api, batchId, (s) => s.byOutcome.cancelled === 1);
  expect(cancelling).toMatchObject({
    state: 'cancelling',
    byState: { waiting: 2, ended: 1 },
    byStep: { AWAITING_CANCELLATION_CONFIRMATION: 2 },
    retryable: 1,
  });
  for (const e164 of [l0, l1]) {
    const kept = await call(api, 'POST', path(portOut(e164), '/subscription/keep'), {
      declinedBy: 'owner@example.com',
    });
    expect({ e164, status: kept.statusCode }).toEqual({ e164, status: 200 });
  }
  const drained = await waitForBatch(api, batchId, (s) => s.state === 'drained');
  expect(drained).toMatchObject({
    byState: { pending: 0, working: 0, waiting: 0, ended: 3, cancelled: 0, 'not-started': 0 },
    byStep: {},
    byOutcome: { completed: 2, cancelled: 1 },
    waitingOnHuman: 0,
    retryable: 1,
  });
  const completed = (await call(api, 'GET', batchPath(batchId, '/items?outcome=completed'))).json();
  expect(completed).toEqual({
    total: 2,
    items: [0, 2].map((index) =>
      expect.objectContaining({
        index,
        state: 'ended',
        outcome: 'completed',
        reason: 'subscription kept: cancellation declined by owner@example.com',
      }),
    ),
  });
  const drainedPause = expectProblem(await call(api, 'POST', batchPath(batchId, '/pause'), by), 409, 'conflict');
  expect(drainedPause).toMatchObject({ code: 'BatchDrained' });

  // Retry starts the cancelled item again (a new run of the same migration).
  const retry = await call(api, 'POST', batchPath(batchId, '/retry'), by);
  expect({ status: retry.statusCode, body: retry.json() }).toEqual({ status: 200, body: { retried: [portOut(g0)] } });
  const again = await waitForBatch(api, batchId, (s) => s.waitingOnHuman === 1);
  expect(again).toMatchObject({ state: 'running', retryable: 0, byStep: { AWAITING_2FA_DISABLED: 1 } });
  const retried = (await call(api, 'GET', batchPath(batchId, '/items?state=waiting'))).json();
  expect(retried).toEqual({ total: 1, items: [expect.objectContaining({ migrationId: portOut(g0), starts: 2 })] });
  const cleanup = await call(api, 'POST', batchPath(batchId, '/cancel'), { ...by, reason: 'test over' });
  expect(cleanup.json()).toEqual({ notStarted: [], cancelRequested: [portOut(g0)], leftToFinish: [] });
}, 120_000);

test('a scheduled batch cancelled before its window: nothing starts; a formula in the reason is defused in CSV', async () => {
  const numbers = [freshNumber(), freshNumber()];
  const batchId = freshBatchId('api-window');
  const windowStart = new Date(Date.now() + 3_600_000).toISOString();
  const started = await call(api, 'POST', '/v1/batches', {
    batchId,
    windowStart,
    defaults: { 'port-out': { wabaId: 'waba-window-test' } },
    items: numbers.map((phoneNumber) => ({ kind: 'port-out', phoneNumber })),
  });
  expect(started.statusCode).toBe(201);
  const scheduled = (await call(api, 'GET', batchPath(batchId))).json();
  expect(scheduled).toMatchObject({ state: 'scheduled', windowStart, total: 2, byState: { pending: 2 } });

  const reason = '=HYPERLINK("https://evil.example/x","Open")';
  const cancel = await call(api, 'POST', batchPath(batchId, '/cancel'), { ...by, reason });
  expect(cancel.json()).toEqual({ notStarted: numbers.map(portOut), cancelRequested: [], leftToFinish: [] });
  const after = (await call(api, 'GET', batchPath(batchId))).json();
  expect(after).toMatchObject({ state: 'drained', byState: { pending: 0, cancelled: 2 }, retryable: 2 });
  expect(after.commands).toEqual([{ by: 'ops@example.com', what: `cancelled: ${reason}`, at: expect.any(String) }]);
  for (const id of numbers.map(portOut)) expect((await call(api, 'GET', path(id))).statusCode).toBe(404);

  const csv = await call(api, 'GET', batchPath(batchId, '/items?format=csv'));
  const cell = `"'=HYPERLINK(""https://evil.example/x"",""Open"")"`;
  expect(csv.body).toBe(
    `${COLUMNS}\r\n` +
      `0,port-out,${portOut(numbers[0])},cancelled,,,false,false,${cell}\r\n` +
      `1,port-out,${portOut(numbers[1])},cancelled,,,false,false,${cell}\r\n`,
  );
  const json = (await call(api, 'GET', batchPath(batchId, '/items'))).json();
  expect(json.items.map((i: BatchItemView) => i.reason)).toEqual([reason, reason]);
  expect(
    parseCsv(csv.body)
      .slice(1)
      .map((row) => row[8]),
  ).toEqual([`'${reason}`, `'${reason}`]);
});

test('invalid items: 422 naming every one and nothing started; with skipInvalid the valid ones start', async () => {
  const waba = await seedWaba(sim, { count: 2 });
  const [v0, v2] = waba.channels.map((c) => c.e164);
  const items = [
    { kind: 'port-out', phoneNumber: v0, wabaId: waba.wabaId },
    { kind: 'port-out', phoneNumber: '0151 2345678', wabaId: waba.wabaId },
    { kind: 'port-out', phoneNumber: v2, wabaId: waba.wabaId },
    { kind: 'port-out', phoneNumber: freshNumber() },
  ];
  const refusedId = freshBatchId('api-invalid');
  const refused = await call(api, 'POST', '/v1/batches', {
    batchId: refusedId,
    defaults: { 'port-out': { timings: FAST_PORT_OUT } },
    items,
  });
  const problem = expectProblem(refused, 422, 'invalid-batch-items');
  expect(problem.errors).toEqual([
    { field: 'items[1].phoneNumber', message: expect.stringContaining('must start with + and the country code') },
    { field: 'items[3].wabaId', message: expect.any(String) },
  ]);
  expect(problem.detail).toMatch(/^invalid batch items: items\[1\]\.phoneNumber: .*; items\[3\]\.wabaId: /);
  const none = expectProblem(await call(api, 'GET', batchPath(refusedId)), 404, 'not-found');
  expect(none.detail).toBe(`batch ${refusedId} not found`);
  for (const id of [portOut(v0), portOut(v2)]) {
    expect({ id, status: (await call(api, 'GET', path(id))).statusCode }).toEqual({ id, status: 404 });
  }

  const skippingId = freshBatchId('api-skip');
  const skipping = await call(api, 'POST', '/v1/batches', {
    batchId: skippingId,
    defaults: { 'port-out': { timings: FAST_PORT_OUT } },
    items,
    skipInvalid: true,
  });
  expect({ status: skipping.statusCode, body: skipping.json() }).toEqual({
    status: 201,
    body: {
      batchId: skippingId,
      runId: expect.any(String),
      created: true,
      accepted: 2,
      skipped: [
        { index: 1, issues: [{ field: 'items[1].phoneNumber', message: expect.stringContaining('country code') }] },
        { index: 3, issues: [{ field: 'items[3].wabaId', message: expect.any(String) }] },
      ],
    },
  });
  await waitForBatch(api, skippingId, (s) => s.waitingOnHuman === 2);
  // The batch numbers its own items: the two it accepted.
  const page = (await call(api, 'GET', batchPath(skippingId, '/items'))).json();
  expect(page).toMatchObject({
    total: 2,
    items: [
      { index: 0, migrationId: portOut(v0), step: 'AWAITING_2FA_DISABLED' },
      { index: 1, migrationId: portOut(v2), step: 'AWAITING_2FA_DISABLED' },
    ],
  });
  const cancel = await call(api, 'POST', batchPath(skippingId, '/cancel'), { ...by, reason: 'test over' });
  expect(cancel.json()).toEqual({ notStarted: [], cancelRequested: [portOut(v0), portOut(v2)], leftToFinish: [] });
  const drained = await waitForBatch(api, skippingId, (s) => s.state === 'drained');
  expect(drained).toMatchObject({ byOutcome: { cancelled: 2 }, byState: { ended: 2 } });
}, 120_000);

test('a batch start takes bodies over 64 KiB; more than 5,000 items is a 422 naming items', async () => {
  const items = Array.from({ length: 5_001 }, () => ({ kind: 'port-out' }));
  expect(JSON.stringify({ items }).length).toBeGreaterThan(64 * 1024);
  const res = await call(api, 'POST', '/v1/batches', { items });
  expect(expectProblem(res, 422, 'validation-error').errors).toEqual([
    { field: 'items', message: 'a batch holds at most 5000 items' },
  ]);
});

test('CSV cells: quotes, commas and line breaks quoted; = + - @ and tab defused; Accept weighs q', () => {
  const item = (reason: string): BatchItemView => ({
    index: 7,
    kind: 'port-in',
    migrationId: 'port-in:+4915123456789',
    state: 'ended',
    outcome: 'failed',
    step: 'PREFLIGHT',
    waitingOnHuman: false,
    reason,
  });
  const reasons = ['+1 call', '-2', '@SUM(A1)', '\tx', 'a, "b"\nc', 'plain'];
  const [header, ...lines] = toCsv(reasons.map(item)).split('\r\n');
  expect(header).toBe(COLUMNS);
  expect(lines.map((l) => l.slice(l.lastIndexOf(',false,') + 7))).toEqual([
    "'+1 call",
    "'-2",
    "'@SUM(A1)",
    "'\tx",
    '"a, ""b""\nc"',
    'plain',
    '',
  ]);
  expect(lines[0]).toBe("7,port-in,port-in:+4915123456789,ended,PREFLIGHT,failed,false,false,'+1 call");
  expect(
    ['text/csv', 'text/csv;q=0.9, application/json;q=0.8', 'application/json, text/csv', 'text/csv;q=0', undefined].map(
      prefersCsv,
    ),
  ).toEqual([true, true, false, false, false]);
});

/**
 * A corpus of invalid requests across every endpoint, update and signal. Each gets a specific 4xx
 * problem+json and NOTHING is started or changed: no new workflow on this test's task queue (counted
 * once visibility has caught up), no history event on the parked migrations, no simulator effect
 * for their numbers.
 */
import { numberEntityId, wabaEntityId } from '../../contracts/entities';
import { getEntityQuery } from '../../contracts/messages';
import { meaningfulEvents } from '../harness/meaningful-events';
import { PortInStep } from '../../contracts/port-in';
import { call, expectProblem, path, preparedPortIn, sim, startApi, waitFor, type ApiStack } from '../api/api-fixtures';
import { seedWaba } from '../harness/waba-fixtures';
import { badInputCases, type CorpusContext } from './bad-input-cases';

// The API is set in beforeAll; the cases read the context only when they are sent.
const ctx = { ids: { atMob: '', atPin: '', portOut: '', change: '' }, phone: '' } as CorpusContext;
const ids = ctx.ids;
let api: ApiStack;
let phone = '';
let changeWabaId = '';

beforeAll(async () => {
  api = await startApi();
  const atMob = await preparedPortIn({}, { mobAccepted: false });
  const atPin = await preparedPortIn({ timings: { pollEvery: '200ms', resendCooldown: '1h' } });
  phone = atPin.phoneNumber;
  ids.atMob = (await call(api, 'POST', '/v1/port-ins', atMob)).json().migrationId;
  ids.atPin = (await call(api, 'POST', '/v1/port-ins', atPin)).json().migrationId;
  const outWaba = await seedWaba(sim, { count: 1 });
  ids.portOut = (
    await call(api, 'POST', '/v1/port-outs', {
      phoneNumber: outWaba.channels[0]?.e164,
      wabaId: outWaba.wabaId,
      timings: { pollEvery: '200ms' },
    })
  ).json().migrationId;
  const changeWaba = await seedWaba(sim, { count: 2 });
  changeWabaId = changeWaba.wabaId;
  ids.change = (
    await call(api, 'POST', '/v1/partner-changes', {
      wabaId: changeWaba.wabaId,
      destinationPartnerId: 'DESTCORPUS1PA',
      timings: { pollEvery: '200ms' },
    })
  ).json().migrationId;
  await waitFor(api, ids.atMob, (m) => m.step === PortInStep.AWAITING_MOB_ACCEPTANCE);
  await waitFor(api, ids.atPin, (m) => m.step === PortInStep.AWAITING_PIN);
  await waitFor(api, ids.portOut, (m) => m.step === 'AWAITING_2FA_DISABLED');
  await waitFor(api, ids.change, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION');
  Object.assign(ctx, { api, phone });
}, 120_000);
// Closing drains the worker of the parked migrations' pollers: on a loaded CI machine, over a minute.
afterAll(async () => api?.close(), 120_000);

const cases = badInputCases(ctx);
test(`the corpus has at least 50 invalid requests (${cases.length})`, () => {
  expect(cases.length).toBeGreaterThanOrEqual(50);
});

test('every invalid request gets its specific 4xx and changes nothing', async () => {
  const before = await snapshot();
  expect(before.workflows).toEqual(Object.values(ids).sort()); // visibility lists the parked migrations, nothing else
  const answers: string[] = [];
  const mismatches: string[] = [];
  const byStatus: Record<number, number> = {};
  for (const c of cases) {
    const res = await c.send();
    answers.push(`${res.statusCode} ${c.name}: ${res.body.slice(0, 160)}`);
    if (res.statusCode !== c.status) {
      mismatches.push(`${c.name}: expected ${c.status}, got ${res.statusCode} ${res.body.slice(0, 200)}`);
      continue;
    }
    const problem = expectProblem(res, c.status, String(res.json().type).replace('/problems/', ''));
    expect(problem.detail ?? problem.title).toBeTruthy();
    byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  }
  // Visibility is eventually consistent: a start made by the corpus might not be listed yet. A
  // marker started after the corpus is listed once visibility caught up; then only it may be new.
  const markerBody = await preparedPortIn();
  const marker = (await call(api, 'POST', '/v1/port-ins', markerBody)).json().migrationId as string;
  const after = await snapshot(marker);
  // The marker takes its own leases (its number and WABA entities): not the corpus's doing.
  delete after.leases[numberEntityId(markerBody.phoneNumber)];
  delete after.leases[wabaEntityId(markerBody.wabaId)];
  await call(api, 'POST', path(marker, '/cancel'), { reason: 'corpus marker, no longer needed' });
  process.stdout.write(`bad-input corpus: ${cases.length} requests answered:\n${answers.join('\n')}\n`);
  const statuses = Object.entries(byStatus)
    .map(([st, n]) => `${n}x ${st}`)
    .join(', ');
  process.stdout.write(
    `bad inputs: ${cases.length} tried, ${cases.length - mismatches.length} answered with their specific 4xx (${statuses}); ` +
      `${after.workflows.length - before.workflows.length - 1} workflows started by them (visibility caught up: the marker started after them is listed)\n`,
  );
  expect(mismatches).toEqual([]);
  expect(after).toEqual({ ...before, workflows: [...before.workflows, marker].sort() });
}, 120_000);

const ENTITY_TYPES = new Set(['numberEntityWorkflow', 'wabaEntityWorkflow']);

/** Leases granted by the entities on this task queue (a refused request must take none). */
async function leaseGrants(): Promise<Record<string, number>> {
  const client = api.stack.client;
  const grants: Record<string, number> = {};
  const query = `TaskQueue = "${api.stack.config.TEMPORAL_TASK_QUEUE}" AND ExecutionStatus = "Running"`;
  for await (const wf of client.workflow.list({ query })) {
    if (ENTITY_TYPES.has(wf.type))
      grants[wf.workflowId] = (await client.workflow.getHandle(wf.workflowId).query(getEntityQuery)).grants;
  }
  return grants;
}

/**
 * What must not change: workflows on this task queue (IDs, as visibility lists them once it shows
 * `until`, or the parked ones), history of the parked ones, simulator effects for their numbers and
 * WABAs (scoped, because other suites share the simulator in parallel).
 */
async function snapshot(until?: string) {
  const client = api.stack.client;
  const listed = async () => {
    const found: string[] = [];
    // Migrations only: the number and WABA entities their leases created are compared apart (below).
    for await (const wf of client.workflow.list({ query: `TaskQueue = "${api.stack.config.TEMPORAL_TASK_QUEUE}"` }))
      if (!ENTITY_TYPES.has(wf.type)) found.push(wf.workflowId);
    return found.sort();
  };
  const deadline = Date.now() + 20_000;
  let workflows = await listed();
  while (!workflows.includes(until ?? ids.change) || workflows.length < Object.keys(ids).length) {
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 200));
    workflows = await listed();
  }
  const histories = await Promise.all(Object.values(ids).map((id) => meaningfulEvents(client, id)));
  const c = await sim.counters();
  return {
    workflows,
    histories,
    leases: await leaseGrants(),
    codes: c.codesSentByNumber[phone],
    keys: c.apiKeysMintedByNumber[phone],
    pcrs: [c.pcrsCreatedByWaba[changeWabaId], c.pcrsCreatedByWaba['w1']],
  };
}

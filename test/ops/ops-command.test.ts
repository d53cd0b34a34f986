/**
 * `npm run ops` beyond the documented recipes: what it refuses before sending anything (bad
 * arguments, a PIN on the command line, a malformed PIN, a command for another kind), a wrong PIN
 * (checked, not accepted, exit 4), an unknown ID, and `--json`. Every refusal is checked for its
 * effect too: nothing in the migration's history, nothing on the simulator, no PIN echoed.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { startStack, type TestStack } from '../harness/env';
import { latestPin, sim, startPortIn, startPortOut, statusOf, type Started } from './ops-command-fixtures';
import { runRecipe, session } from './ops-doc';
import { meaningfulEvents } from '../harness/meaningful-events';

let stack: TestStack;
let migrations: MigrationsClient;
let portIn: Started;

beforeAll(async () => {
  stack = await startStack();
  migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  portIn = await startPortIn(migrations);
  await statusOf(stack, portIn.id, (s) => s.step === PortInStep.AWAITING_PIN);
}, 90_000);
afterAll(async () => {
  await migrations?.cancel(portIn.id, { reason: 'test over' }).catch(() => undefined);
  await stack?.close();
});

const ops = (args: string, input?: string) => runRecipe(session(`npm run -s ops -- ${args}`), { input });
/** Events that record something (a rejected update may leave a bare workflow task under load). */
const historyLength = async (id: string) => (await meaningfulEvents(stack.client, id)).length;
/** The history length once the workflow has stopped adding events for a second (it waits). */
async function settledHistoryLength(id: string): Promise<number> {
  let last = -1;
  for (;;) {
    const now = await historyLength(id);
    if (now === last) return now;
    last = now;
    await new Promise((r) => setTimeout(r, 1_000));
  }
}
const sideEffects = async () => {
  const c = await sim.counters();
  return [c.codesSentByNumber[portIn.phoneNumber], c.codeVerificationsByNumber[portIn.phoneNumber]];
};

test('refused before anything is sent: exit 2, the reason, no PIN echoed, nothing changed', async () => {
  const before = { events: await settledHistoryLength(portIn.id), effects: await sideEffects() };
  const pin = await latestPin(portIn.phoneNumber);
  const cases: [string, string | undefined, RegExp][] = [
    [`submit-pin '${portIn.id}' ${pin}`, undefined, /too many arguments: .*never from the command line/],
    [`submit-pin '${portIn.id}' --pin=${pin}`, undefined, /Unknown option '--pin'/],
    [`submit-pin '${portIn.id}'`, '12345\n', /the PIN must be exactly 6 digits/],
    [`submit-pin '${portIn.id}'`, undefined, /no PIN on stdin/],
    [`resend-code '${portIn.id}' --method FAX`, undefined, /--method: .*"SMS"\|"VOICE"/],
    [`confirm-cancellation 'port-out:+4915123456789'`, undefined, /confirm-cancellation needs --by/],
    [`cancel '${portIn.id}'`, undefined, /--reason/],
    [`status '${portIn.id}' --by someone`, undefined, /--by does not apply to status/],
    [`event '${portIn.id}' pinSubmitted`, undefined, /<type>: Invalid option/],
    [`status 'port-in:+49 151'`, undefined, /<migrationId>: not a migration ID/],
  ];
  for (const [args, input, reason] of cases) {
    const run = await ops(args, input);
    expect({ args, status: run.status, stdout: run.stdout }).toEqual({ args, status: 2, stdout: '' });
    expect(run.stderr).toMatch(/^nothing sent: /);
    expect(run.stderr).toMatch(reason);
    expect(run.stderr).not.toContain(pin);
  }
  expect(await historyLength(portIn.id)).toBe(before.events);
  expect(await sideEffects()).toEqual(before.effects);
}, 180_000);

test('a command for another kind or an unknown ID is refused: exit 1, nothing changed', async () => {
  const portOut = await startPortOut(migrations);
  await statusOf(stack, portOut.id, (s) => s.step === 'AWAITING_2FA_DISABLED');
  const events = await settledHistoryLength(portOut.id);
  const resend = await ops(`resend-code '${portOut.id}'`);
  expect(resend.status).toBe(1);
  expect(resend.stderr.trim()).toBe(`refused: migration ${portOut.id}: this applies to port-in migrations only`);
  const fact = await ops(`event '${portOut.id}' mobAccepted`);
  expect(fact.status).toBe(1);
  expect(fact.stderr).toMatch(/does not take the event mobAccepted/);
  expect(await historyLength(portOut.id)).toBe(events);
  const unknown = await ops(`status 'port-in:+4900000000001'`);
  expect({ status: unknown.status, stderr: unknown.stderr.trim() }).toEqual({
    status: 1,
    stderr: 'not found: migration port-in:+4900000000001 not found',
  });
  await migrations.cancel(portOut.id, { reason: 'test over' });
}, 120_000);

test('a wrong PIN is checked and not accepted: exit 4, one verification, the attempts left', async () => {
  const [, verifications = 0] = await sideEffects();
  const right = await latestPin(portIn.phoneNumber);
  const wrong = right === '000000' ? '111111' : '000000';
  const run = await ops(`submit-pin '${portIn.id}'`, `${wrong}\n`);
  expect(run.status).toBe(4);
  expect(run.stderr.trim()).toMatch(
    new RegExp(`^${portIn.id.replace('+', '\\+')}: PIN checked and not accepted: wrong PIN, \\d+ attempt\\(s\\) left$`),
  );
  expect(run.stderr + run.stdout).not.toContain(wrong);
  expect((await sideEffects())[1]).toBe(verifications + 1);
  expect((await statusOf(stack, portIn.id, () => true)).step).toBe(PortInStep.AWAITING_PIN);
}, 60_000);

test('--json: the result or the typed refusal as one JSON object', async () => {
  const status = await ops(`status '${portIn.id}' --json`);
  expect(status.status).toBe(0);
  expect(JSON.parse(status.stdout)).toMatchObject({
    ok: true,
    migrationId: portIn.id,
    step: PortInStep.AWAITING_PIN,
    execution: { executionStatus: 'RUNNING' },
  });
  const refused = await ops(`confirm-cancellation 'port-out:+4900000000002' --by ops --json`);
  expect(refused.status).toBe(1);
  expect(JSON.parse(refused.stdout)).toMatchObject({ ok: false, error: { name: 'MigrationNotFoundError' } });
}, 60_000);

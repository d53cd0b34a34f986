/**
 * The `npm run ops` recipes of docs/ops.md, each run as written (after the page's setup block)
 * against migrations started here, checking what it printed, its exit code and what it did:
 * a code re-sent is one more send on the simulator; a refused command changed nothing there or in
 * the migration; a PIN moves the port-in on and is sealed in history; facts move the flows on.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { PortOutStep } from '../../contracts/port-out';
import { startStack, type TestStack } from '../harness/env';
import { eventually } from '../harness/waba-fixtures';
import { latestPin, sim, startPortIn, startPortOut, statusOf, type Started } from './ops-command-fixtures';
import { opsCommand, runRecipe, session, substitute, unusedRecipes } from './ops-doc';
import { meaningfulEvents } from '../harness/meaningful-events';

let stack: TestStack;
let migrations: MigrationsClient;

beforeAll(async () => {
  stack = await startStack();
  migrations = createMigrationsClient({ client: stack.client, config: stack.config });
});
afterAll(async () => {
  await stack?.close();
});

/** Runs the recipe containing `text`, for `id` ("$ID", or the port-out placeholder), optionally with stdin. */
function ops(text: string, id: string, input?: string) {
  const recipe = opsCommand(text);
  const script = recipe.includes("'port-out:+4915123456789'")
    ? substitute(recipe, [['port-out:+4915123456789', id]])
    : recipe;
  return runRecipe(session(script, { migrationId: id }), { input });
}

const at = (id: string, step: string) => statusOf(stack, id, (s) => s.step === step);
const counters = () => sim.counters();
/** Events that record something (a rejected update may leave a bare workflow task under load). */
const historyLength = async (id: string) => (await meaningfulEvents(stack.client, id)).length;

/** Encoding and raw bytes of every update input the migration's history holds. */
async function updateInputs(id: string): Promise<{ encoding: string; data: string }[]> {
  const { history } = await stack.client.workflowService.getWorkflowExecutionHistory({
    namespace: stack.config.TEMPORAL_NAMESPACE,
    execution: { workflowId: id },
  });
  return (history?.events ?? [])
    .flatMap((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads ?? [])
    .map((p) => ({
      encoding: Buffer.from(p.metadata?.encoding ?? []).toString(),
      data: Buffer.from(p.data ?? []).toString(),
    }));
}

test('help, status and list say what is there', async () => {
  const waiting = await startPortIn(migrations, { timings: { pinEscalateAfter: '1s' } });
  await statusOf(stack, waiting.id, (s) => s.step === PortInStep.AWAITING_PIN && s.escalated);

  const help = await ops('npm run ops -- help', waiting.id);
  expect(help.status).toBe(0);
  for (const command of ['status', 'list', 'submit-pin', 'resend-code', 'confirm-cancellation', 'event', 'cancel'])
    expect(help.stdout).toContain(command);

  const status = await ops('npm run ops -- status', waiting.id);
  expect({ status: status.status, stderr: status.stderr }).toEqual({ status: 0, stderr: '' });
  expect(status.stdout).toMatch(
    new RegExp(`${escape(waiting.id)}: port-in at AWAITING_PIN \\(running\\); waiting for the PIN .*; tickets \\d+`),
  );

  const list = await eventually(
    () => ops('npm run ops -- list --escalated --step AWAITING_PIN', waiting.id),
    (run) => run.status === 0 && run.stdout.includes(waiting.id),
  );
  expect(list.stdout).toMatch(new RegExp(`^${escape(waiting.id)}\\tAWAITING_PIN\\tRUNNING\\t`, 'm'));
  await migrations.cancel(waiting.id, { reason: 'test over' });
}, 120_000);

describe('port-in', () => {
  let portIn: Started;
  beforeAll(async () => {
    portIn = await startPortIn(migrations, { scenario: { setupMs: 'manual' } });
    await at(portIn.id, PortInStep.AWAITING_PIN);
  });

  test('resend-code: one more code sent, by voice, and the command says so', async () => {
    const before = (await counters()).codesSentByNumber[portIn.phoneNumber] ?? 0;
    await new Promise((r) => setTimeout(r, 1_000)); // the 1 s cooldown after the first send
    const run = await ops('npm run ops -- resend-code', portIn.id);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toMatch(new RegExp(`${escape(portIn.id)}: code sent again by VOICE at .*send\\(s\\) left`));
    expect((await counters()).codesSentByNumber[portIn.phoneNumber]).toBe(before + 1);
    expect((await sim.inbox(portIn.phoneNumber)).at(-1)?.method).toBe('VOICE');
  });

  test('submit-pin with the right PIN on stdin: verified, the port-in moves on, the PIN sealed and never printed', async () => {
    const pin = await latestPin(portIn.phoneNumber);
    const run = await ops('npm run ops -- submit-pin', portIn.id, `${pin}\n`);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`${portIn.id}: PIN verified, the port-in moves on to channel setup`);
    expect(run.stdout).not.toContain(pin);
    await at(portIn.id, PortInStep.AWAITING_SETUP);
    const inputs = await updateInputs(portIn.id);
    expect(inputs.length).toBeGreaterThanOrEqual(2); // the resend and the PIN
    for (const input of inputs) {
      expect(input.encoding).toBe('binary/encrypted');
      expect(input.data).not.toContain(pin);
    }
  });

  test('submit-pin at the wrong step: exit 1 with the reason, no verification, nothing in history', async () => {
    const before = { verifications: (await counters()).codeVerificationsByNumber[portIn.phoneNumber], events: 0 };
    before.events = await historyLength(portIn.id);
    const run = await ops('npm run ops -- submit-pin', portIn.id, `${await latestPin(portIn.phoneNumber)}\n`);
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `rejected: WrongStep: the migration is at step ${PortInStep.AWAITING_SETUP}, not waiting for a PIN`,
    );
    expect((await counters()).codeVerificationsByNumber[portIn.phoneNumber]).toBe(before.verifications);
    expect(await historyLength(portIn.id)).toBe(before.events);
    expect((await statusOf(stack, portIn.id, () => true)).step).toBe(PortInStep.AWAITING_SETUP);
  });

  test('cancel: the migration ends "cancelled"; a second cancel is refused and changes nothing', async () => {
    const run = await ops('npm run ops -- cancel', portIn.id);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`${portIn.id}: cancellation requested; it ends with outcome "cancelled"`);
    expect(await stack.client.workflow.getHandle(portIn.id).result()).toMatchObject({ outcome: 'cancelled' });
    const events = await historyLength(portIn.id);
    const again = await ops('npm run ops -- cancel', portIn.id);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/^refused: migration .*: the migration has already ended \(COMPLETED\)/);
    expect(await historyLength(portIn.id)).toBe(events);
  });
});

test('event mobAccepted: the port-in waiting for MoB moves on to the PIN', async () => {
  const waiting = await startPortIn(migrations, { scenario: { mobAccepted: false }, timings: { pollEvery: '10m' } });
  await at(waiting.id, PortInStep.AWAITING_MOB_ACCEPTANCE);
  const run = await ops('mobAccepted', waiting.id);
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  expect(run.stdout).toMatch(new RegExp(`^${escape(waiting.id)}: fact mobAccepted recorded`, 'm'));
  await at(waiting.id, PortInStep.AWAITING_PIN);
  await migrations.cancel(waiting.id, { reason: 'test over' });
}, 120_000);

describe('port-out', () => {
  test('a confirmation before the number left is refused and cancels nothing; facts move it on; then it cancels', async () => {
    const portOut = await startPortOut(migrations);
    await at(portOut.id, PortOutStep.AWAITING_2FA_DISABLED);

    const twoFa = await ops('twoFactorDisabled', portOut.id);
    expect({ status: twoFa.status, stderr: twoFa.stderr }).toEqual({ status: 0, stderr: '' });
    await at(portOut.id, PortOutStep.AWAITING_NUMBER_LEFT);

    const early = await ops('npm run ops -- confirm-cancellation', portOut.id);
    expect(early.status).toBe(1);
    expect(early.stderr).toMatch(/^rejected: WrongStep: the migration is at step AWAITING_NUMBER_LEFT/);
    expect((await sim.waba(portOut.wabaId)).subscription).toBe('active');
    expect((await counters()).subscriptionsCancelledByClient[portOut.clientId]).toBeUndefined();

    await sim.markNumberLeft(portOut.phoneNumber);
    const left = await ops('numberLeft', portOut.id);
    expect(left.status).toBe(0);
    await at(portOut.id, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);

    const confirmed = await ops('npm run ops -- confirm-cancellation', portOut.id);
    expect({ status: confirmed.status, stderr: confirmed.stderr }).toEqual({ status: 0, stderr: '' });
    expect(confirmed.stdout).toContain(`${portOut.id}: subscription cancelled, confirmed by ops@example.com`);
    expect((await sim.waba(portOut.wabaId)).subscription).toBe('cancelled');
    expect((await counters()).subscriptionsCancelledByClient[portOut.clientId]).toBe(1);
  }, 120_000);

  test('decline-cancellation: the subscription is kept and the port-out completes', async () => {
    const portOut = await startPortOut(migrations, { numberLeft: true });
    await at(portOut.id, PortOutStep.AWAITING_CANCELLATION_CONFIRMATION);
    const run = await ops('npm run ops -- decline-cancellation', portOut.id);
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).toContain(`${portOut.id}: subscription kept, cancellation declined by ops@example.com`);
    expect(await stack.client.workflow.getHandle(portOut.id).result()).toMatchObject({
      outcome: 'completed',
      subscription: 'kept',
    });
    expect((await sim.waba(portOut.wabaId)).subscription).toBe('active');
    expect((await counters()).subscriptionsCancelledByClient[portOut.clientId]).toBeUndefined();
  }, 120_000);
});

test('every npm run ops recipe of docs/ops.md was run above', () => {
  expect(unusedRecipes((c) => c.startsWith('npm run ops'))).toEqual([]);
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

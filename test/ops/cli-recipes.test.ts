/**
 * The CLI recipes of docs/ops.md, taken from the document and run with bash and the cached
 * Temporal CLI against a port-in started here (escalated after 1 s without a PIN): the escalated
 * PIN-wait query with its date arithmetic, lookups by ticket, number and WABA, the jq table, and
 * the getStatus query through the codec server (with a token, as documented; without it no
 * plaintext), plus an operator update refused by the workflow's validator.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { freshNumber, waitForStatus } from '../harness/port-in-fixtures';
import { eventually } from '../harness/waba-fixtures';
import { opsCommand, runRecipe, substitute } from './ops-doc';

let stack: TestStack;
let migrations: MigrationsClient;
let id: string;
let phoneNumber: string;
let wabaId: string;
let ticketId: string;
let waitingSince: number;

beforeAll(async () => {
  stack = await startStack();
  migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  phoneNumber = freshNumber();
  wabaId = `waba-${phoneNumber.slice(1)}`;
  ({ migrationId: id } = await migrations.startPortIn({
    phoneNumber,
    wabaId,
    metaBusinessId: '1234567890',
    businessWebsite: simulatorControl().siteUrl('shop'),
    attestations: { adminAccess: true, phoneAccess: true },
    timings: { pollEvery: '200ms', pinEscalateAfter: '1s' },
  }));
  const status = await waitForStatus(
    stack.client.workflow.getHandle(id),
    (s) => s.step === PortInStep.AWAITING_PIN && s.tickets.length > 0,
  );
  ticketId = status.tickets[0]?.ticketId ?? '';
  waitingSince = Date.parse(status.waitingSince ?? '');
}, 60_000);
afterAll(async () => {
  if (id)
    await stack.client.workflow
      .getHandle(id)
      .cancel()
      .catch(() => undefined);
  await stack?.close();
});

/** Runs a recipe until its output satisfies `ok` (visibility is eventually consistent). */
const listed = (script: string, ok: (stdout: string) => boolean) =>
  eventually(
    () => runRecipe(script),
    (run) => run.status === 0 && ok(run.stdout),
    15_000,
  );

test('escalated PIN waits older than a threshold: the documented date arithmetic and query syntax work', async () => {
  const recipe = opsCommand("Escalated = true AND MigrationStep = 'AWAITING_PIN' AND WaitingSince <");
  // Waiting for seconds only: not older than the documented hour...
  const hour = await runRecipe(recipe);
  expect({ status: hour.status, stderr: hour.stderr }).toEqual({ status: 0, stderr: '' });
  expect(hour.stdout).not.toContain(id);
  // ...but older than a threshold 2 s ago, once it has waited 3 s.
  await new Promise((r) => setTimeout(r, Math.max(waitingSince + 3_000 - Date.now(), 0)));
  const recent = substitute(recipe, [["-d '-1 hour'", "-d '-2 seconds'"]]);
  await listed(recent, (out) => out.includes(id));
});

test('lookups by ticket, number and WABA find the migration', async () => {
  await listed(substitute(opsCommand("TicketIds = '10001'"), [['10001', ticketId]]), (out) => out.includes(id));
  const byNumber = substitute(opsCommand("PhoneNumber = '+4915123456789'"), [['+4915123456789', phoneNumber]]);
  await listed(byNumber, (out) => out.includes(id));
  await listed(substitute(opsCommand("WabaId = '123456789012345'"), [['123456789012345', wabaId]]), (out) =>
    out.includes(id),
  );
  const count = await runRecipe(opsCommand('GROUP BY ExecutionStatus'));
  expect({ status: count.status, stdout: count.stdout }).toMatchObject({
    status: 0,
    stdout: expect.stringMatching(/Running/i),
  });
});

test('the jq table shows ID, step, waiting-since and tickets of escalated migrations', async () => {
  const table = opsCommand('.searchAttributes.indexedFields as $f');
  const run = await listed(table, (out) => out.includes(id));
  const row = run.stdout.split('\n').find((line) => line.startsWith(`${id}\t`));
  const [, step, since, tickets] = row?.split('\t') ?? [];
  expect({ step, tickets }).toEqual({ step: PortInStep.AWAITING_PIN, tickets: ticketId });
  expect(Math.abs(Date.parse(since ?? '') - waitingSince)).toBeLessThan(1_000);
});

describe('getStatus through the codec server', () => {
  const codec = (token: string) =>
    substitute(opsCommand('CODEC=(--codec-endpoint'), [
      ['http://127.0.0.1:8888', process.env.TEST_CODEC_URL ?? ''],
      ['<token from CODEC_AUTH_TOKENS>', token],
    ]);
  const withId = (command: string, token = process.env.TEST_CODEC_TOKEN ?? '') =>
    [
      codec(token),
      substitute(opsCommand("ID='port-in:+4915123456789'"), [['+4915123456789', phoneNumber]]),
      command,
    ].join('\n');

  test('with the token: step, tickets and the timeline in clear, as the jq recipe prints it', async () => {
    const plain = await runRecipe(
      withId(opsCommand('temporal workflow query -w "$ID" --name getStatus "${CODEC[@]}"', { exact: true })),
    );
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(PortInStep.AWAITING_PIN);
    const timeline = await runRecipe(withId(opsCommand('.queryResult[0].timeline[]')));
    expect({ status: timeline.status, stderr: timeline.stderr }).toEqual({ status: 0, stderr: '' });
    const lines = timeline.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('  ')[1])).toEqual(expect.arrayContaining(['PREFLIGHT', 'AWAITING_PIN']));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`AWAITING_PIN  escalated to support ticket ${ticketId}$`)),
    );
  });

  test('with a wrong token the codec server refuses; without the codec the CLI shows ciphertext only', async () => {
    const refused = await runRecipe(withId(opsCommand('.queryResult[0].timeline[]'), 'not-a-token'));
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Unauthorized.*not authorised to decode payloads/);
    expect(refused.stdout).not.toContain('escalated to support ticket');
    // Without the codec flags the CLI shows the encrypted payload as it is.
    const query = opsCommand('temporal workflow query -w "$ID" --name getStatus "${CODEC[@]}"', { exact: true });
    const raw = await runRecipe(withId(substitute(query, [[' "${CODEC[@]}"', '']])));
    expect(raw.status).toBe(0);
    expect(raw.stdout).not.toMatch(/AWAITING_PIN|escalated to support ticket/);
  });

  test('an operator update with a malformed PIN is refused by the validator, as documented', async () => {
    const update = await runRecipe(withId(opsCommand('--name submitPin')));
    expect(update.status).not.toBe(0);
    expect(update.stderr).toMatch(/the PIN must be exactly 6 digits/);
    expect(update.stderr).toMatch(/InvalidPin/);
  });
});

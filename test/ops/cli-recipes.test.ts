/**
 * The `temporal` CLI recipes of docs/ops.md, taken from the document and run with bash after the
 * page's setup block against migrations started here: every list query (escalated PIN waits with
 * the date arithmetic, setups, port-outs on 2FA, partner changes at approval, lookups by number,
 * WABA and ticket, stalled and failed ones), the count, the jq table, getStatus, describe and the
 * history through the codec server (with the token; without it no plaintext), and the reset remedy.
 * Writing is `npm run ops` only (ops-command-recipes.test.ts): no recipe writes through the raw CLI.
 */
import { createMigrationsClient, type MigrationsClient } from '../../client';
import { PortInStep } from '../../contracts/port-in';
import { simulatorControl, startStack, type TestStack } from '../harness/env';
import { eventually, seedWaba } from '../harness/waba-fixtures';
import {
  latestPin,
  partnerChangeAtApproval,
  startPortIn,
  startPortOut,
  statusOf,
  type Started,
} from './ops-command-fixtures';
import { opsCommand, opsCommands, runRecipe, session, substitute, unusedRecipes } from './ops-doc';

let stack: TestStack;
let migrations: MigrationsClient;
let escalated: Started;
let ticketId: string;
let waitingSince: number;
let atSetup: Started;
let stalled: Started;
let portOut: Started;
let partnerChange: Started;

beforeAll(async () => {
  stack = await startStack();
  migrations = createMigrationsClient({ client: stack.client, config: stack.config });
  [escalated, atSetup, stalled, portOut, partnerChange] = await Promise.all([
    startPortIn(migrations, { timings: { pinEscalateAfter: '1s' } }),
    startPortIn(migrations, { scenario: { setupMs: 'manual' } }),
    startPortIn(migrations, { timings: { pinEscalateAfter: '1s', pinDeadline: '2s' } }),
    startPortOut(migrations),
    partnerChangeAtApproval(stack, migrations),
  ]);
  const status = await statusOf(stack, escalated.id, (s) => s.step === PortInStep.AWAITING_PIN && s.escalated);
  ticketId = status.tickets[0]?.ticketId ?? '';
  waitingSince = Date.parse(status.waitingSince ?? '');
  await statusOf(stack, atSetup.id, (s) => s.step === PortInStep.AWAITING_PIN);
  await migrations.submitPin(atSetup.id, { pin: await latestPin(atSetup.phoneNumber) });
  await Promise.all([
    statusOf(stack, atSetup.id, (s) => s.step === PortInStep.AWAITING_SETUP),
    statusOf(stack, stalled.id, (s) => s.outcome === 'stalled'),
    statusOf(stack, portOut.id, (s) => s.step === 'AWAITING_2FA_DISABLED'),
  ]);
}, 90_000);
afterAll(async () => {
  const started = [escalated, atSetup, portOut, partnerChange].filter(Boolean);
  await Promise.all(
    started.map((m) =>
      stack.client.workflow
        .getHandle(m.id)
        .cancel()
        .catch(() => undefined),
    ),
  );
  await stack?.close();
});

/** Runs a recipe after the setup block until its output satisfies `ok` (visibility is eventually consistent). */
const listed = (script: string, ok: (stdout: string) => boolean) =>
  eventually(
    () => runRecipe(session(script)),
    (run) => run.status === 0 && ok(run.stdout),
    15_000,
  );
const isoIn = (ms: number) => new Date(Date.now() + ms).toISOString().replace(/\.\d+Z$/, 'Z');

describe('no recipe writes through the raw CLI', () => {
  test('no temporal workflow update, signal, start or cancel anywhere on the page', () => {
    const writes = opsCommands().filter((c) =>
      /\btemporal\s+workflow\s+(update|signal|start|execute|cancel)\b/.test(c),
    );
    expect(writes).toEqual([]);
    expect(opsCommands().filter((c) => /\btemporal\b.*--input\b/s.test(c))).toEqual([]);
  });

  test('every recipe is the setup, ID=, a temporal command with the codec flags, or npm run ops', () => {
    const other = opsCommands().filter(
      (c) =>
        !/^(alias temporal=|export |CODEC=\(|ID=)/.test(c) &&
        !(c.startsWith('temporal ') && c.includes('"${CODEC[@]}"')) &&
        !c.startsWith('npm run ops -- '),
    );
    expect(other).toEqual([]);
  });
});

describe('who waits on what, since when', () => {
  test('everything still open lists running migrations of all three kinds', async () => {
    const recipe = opsCommand("MigrationKind IN ('port-in','port-out','partner-change') AND ExecutionStatus");
    await listed(recipe, (out) => [escalated, portOut, partnerChange].every((m) => out.includes(m.id)));
  });

  test('escalated PIN waits older than a threshold: the documented date arithmetic and query syntax work', async () => {
    const recipe = opsCommand("Escalated = true AND MigrationStep = 'AWAITING_PIN' AND WaitingSince <");
    // Waiting for seconds only: not older than the documented hour...
    const hour = await runRecipe(session(recipe));
    expect({ status: hour.status, stderr: hour.stderr }).toEqual({ status: 0, stderr: '' });
    expect(hour.stdout).not.toContain(escalated.id);
    // ...but older than a threshold 2 s ago, once it has waited 3 s.
    await new Promise((r) => setTimeout(r, Math.max(waitingSince + 3_000 - Date.now(), 0)));
    await listed(substitute(recipe, [["-d '-1 hour'", "-d '-2 seconds'"]]), (out) => out.includes(escalated.id));
  });

  test('setups waiting, port-outs on 2FA, partner changes at approval', async () => {
    const setups = substitute(opsCommand("MigrationStep = 'AWAITING_SETUP'"), [['<1h ago>', isoIn(60_000)]]);
    await listed(setups, (out) => out.includes(atSetup.id) && !out.includes(escalated.id));
    await listed(opsCommand("MigrationStep = 'AWAITING_2FA_DISABLED'"), (out) => out.includes(portOut.id));
    await listed(opsCommand("MigrationStep = 'AWAITING_PARTNER_APPROVAL'"), (out) => out.includes(partnerChange.id));
  });

  test('lookups by ticket, number and WABA find the migration', async () => {
    const byTicket = substitute(opsCommand("TicketIds = '10001'"), [['10001', ticketId]]);
    await listed(byTicket, (out) => out.includes(escalated.id) && !out.includes(atSetup.id));
    const byNumber = substitute(opsCommand("PhoneNumber = '+4915123456789'"), [
      ['+4915123456789', escalated.phoneNumber],
    ]);
    await listed(byNumber, (out) => out.includes(escalated.id));
    const byWaba = substitute(opsCommand("WabaId = '123456789012345'"), [['123456789012345', portOut.wabaId]]);
    await listed(byWaba, (out) => out.includes(portOut.id));
  });

  test('how things ended: the stalled port-in since yesterday, and the count by status', async () => {
    const ended = substitute(opsCommand("MigrationOutcome IN ('stalled', 'failed')"), [
      ['<yesterday>', isoIn(-86_400_000)],
    ]);
    await listed(ended, (out) => out.includes(stalled.id) && !out.includes(escalated.id));
    const count = await runRecipe(session(opsCommand('GROUP BY ExecutionStatus')));
    expect({ status: count.status, stdout: count.stdout }).toMatchObject({
      status: 0,
      stdout: expect.stringMatching(/Running/i),
    });
  });

  test("a batch's items by BatchId: the batch and every item; the open ones at one step", async () => {
    // Numbers that left already, 2FA off: each port-out waits for the subscription decision.
    const sim = simulatorControl();
    const waba = await seedWaba(sim, { count: 2, twoFaEnabled: false });
    await Promise.all(waba.channels.map((c) => sim.markNumberLeft(c.e164)));
    const batchId = `ops-${Date.now() % 1e8}`;
    const timings = { pollEvery: '10m', remindEvery: '1h' };
    await migrations.startBatch({
      batchId,
      items: waba.channels.map((c) => ({
        kind: 'port-out' as const,
        phoneNumber: c.e164,
        wabaId: waba.wabaId,
        timings,
      })),
    });
    const items = waba.channels.map((c) => `port-out:${c.e164}`);
    const all = substitute(opsCommand(`BatchId = 'spring-move'"`), [['spring-move', batchId]]);
    await listed(all, (out) => [`batch:${batchId}`, ...items].every((id) => out.includes(id)));
    const atStep = substitute(opsCommand("BatchId = 'spring-move' AND ExecutionStatus"), [['spring-move', batchId]]);
    await listed(atStep, (out) => items.every((id) => out.includes(id)) && !out.includes(`batch:${batchId}`));
    await migrations.cancelBatch(batchId, { by: 'test', reason: 'test over' });
  });

  const jqTable = () => opsCommand('def sa($k)');

  test('the jq table shows ID, step, waiting-since and tickets of escalated migrations', async () => {
    const run = await listed(jqTable(), (out) => out.includes(escalated.id));
    const row = run.stdout.split('\n').find((line) => line.startsWith(`${escalated.id}\t`));
    const [, step, since, tickets] = row?.split('\t') ?? [];
    expect({ step, tickets }).toEqual({ step: PortInStep.AWAITING_PIN, tickets: ticketId });
    expect(Math.abs(Date.parse(since ?? '') - waitingSince)).toBeLessThan(1_000);
  });

  test('the jq table prints a row with empty fields for an attribute not set (busy, not waiting; no ticket list)', async () => {
    // Once a run without WaitingSince broke the whole table (jq: null | @base64d); this is the CLI's JSON shape.
    const sa = (value: unknown) => ({ data: Buffer.from(JSON.stringify(value)).toString('base64') });
    const listing = [
      {
        execution: { workflowId: 'port-in:busy' },
        searchAttributes: { indexedFields: { MigrationStep: sa('MIGRATING') } },
      },
      {
        execution: { workflowId: 'port-in:waiting' },
        searchAttributes: {
          indexedFields: {
            MigrationStep: sa('AWAITING_PIN'),
            WaitingSince: sa('2026-12-05T10:00:00.000Z'),
            TicketIds: sa(['10001', '10002']),
          },
        },
      },
    ];
    const jqOnly = jqTable().replace(/^temporal workflow list [^|]*\|/, 'cat |');
    const run = await runRecipe(jqOnly, { input: JSON.stringify(listing) });
    expect(run).toMatchObject({ status: 0, stderr: '' });
    expect(run.stdout).toBe(
      'port-in:busy\tMIGRATING\t\t\nport-in:waiting\tAWAITING_PIN\t2026-12-05T10:00:00.000Z\t10001,10002\n',
    );
  });
});

describe('the timeline of one number, through the codec server', () => {
  const query = () => opsCommand('temporal workflow query -w "$ID" --name getStatus "${CODEC[@]}"', { exact: true });
  const inSession = (script: string, codecToken?: string) =>
    runRecipe(session(script, { migrationId: escalated.id, codecToken }));

  test('with the token: step, tickets and the timeline in clear, as the jq recipe prints it', async () => {
    const plain = await inSession(query());
    expect(plain.status).toBe(0);
    expect(plain.stdout).toContain(PortInStep.AWAITING_PIN);
    const timeline = await inSession(opsCommand('.queryResult[0].timeline[]'));
    expect({ status: timeline.status, stderr: timeline.stderr }).toEqual({ status: 0, stderr: '' });
    const lines = timeline.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('  ')[1])).toEqual(expect.arrayContaining(['PREFLIGHT', 'AWAITING_PIN']));
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`AWAITING_PIN  escalated to support ticket ${ticketId}$`)),
    );
  });

  test('describe and the full history: search attributes, and the encrypted parts in clear', async () => {
    const describe = await inSession(opsCommand('temporal workflow describe -w "$ID"'));
    expect(describe.status).toBe(0);
    expect(describe.stdout).toMatch(/MigrationStep:.*AWAITING_PIN/);
    // The summary is encrypted like every payload: in clear only through the codec.
    const summary = `Port-in ${escalated.phoneNumber} → 360dialog`;
    expect(describe.stdout).toContain(summary);
    const raw = await inSession(
      substitute(opsCommand('temporal workflow describe -w "$ID"'), [[' "${CODEC[@]}"', '']]),
    );
    expect(raw.status).toBe(0);
    expect(raw.stdout).not.toContain(summary);
    // The history as events: the start, activities, the escalation timer.
    const history = await inSession(opsCommand('temporal workflow show -w "$ID"'));
    expect(history.status).toBe(0);
    for (const event of ['WorkflowExecutionStarted', 'TimerFired', 'ActivityTaskCompleted'])
      expect(history.stdout).toMatch(new RegExp(`\\b${event}\\b`));
  });

  test('with a wrong token the codec server refuses; without the codec the CLI shows ciphertext only', async () => {
    const refused = await inSession(opsCommand('.queryResult[0].timeline[]'), 'not-a-token');
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/Unauthorized.*not authorised to decode payloads/);
    expect(refused.stdout).not.toContain('escalated to support ticket');
    const raw = await inSession(substitute(query(), [[' "${CODEC[@]}"', '']]));
    expect(raw.status).toBe(0);
    expect(raw.stdout).not.toMatch(/AWAITING_PIN|escalated to support ticket/);
  });
});

test('reset to the last workflow task: a new run of the same migration, still waiting for setup', async () => {
  const before = await migrations.describe(atSetup.id);
  const recipe = substitute(opsCommand('temporal workflow reset'), [['port-in:+4915123456789', atSetup.id]]);
  const run = await runRecipe(session(recipe));
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
  const after = await eventually(
    () => migrations.describe(atSetup.id),
    (d) => d.runId !== before.runId,
  );
  expect(after.executionStatus).toBe('RUNNING');
  expect((await statusOf(stack, atSetup.id, () => true)).step).toBe(PortInStep.AWAITING_SETUP);
});

test('every temporal recipe of docs/ops.md was run above', () => {
  expect(unusedRecipes((c) => c.startsWith('temporal '))).toEqual([]);
});

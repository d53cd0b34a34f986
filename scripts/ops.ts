/**
 * `npm run ops -- <command>`: the operator's commands, on the typed client (client/index.ts) with
 * the encryption codec, so payloads are sealed as the worker expects and a PIN never lands in
 * history in plain text. Arguments are validated before anything is sent; each command prints
 * one line (or JSON with --json) and exits 0 only when it acted (exit codes: scripts/ops/help.ts).
 */
import { createMigrationsClient } from '../client';
import { loadConfig } from '../temporal.config';
import { createTemporalClient } from '../temporal/client';
import { parseInvocation } from './ops/args';
import { acted, runCommand, type Report } from './ops/commands';
import { describeFailure, NotConnectedError, type Failure } from './ops/failure';
import { HELP } from './ops/help';
import { readPin } from './ops/read-pin';

async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  let outcome: Report | Failure;
  try {
    outcome = await run(argv);
  } catch (err) {
    outcome = describeFailure(err);
  }
  if (json) process.stdout.write(`${JSON.stringify({ ok: outcome.exitCode === 0, ...outcome.json })}\n`);
  else if (outcome.exitCode === 0) process.stdout.write(`${outcome.line}\n`);
  else process.stderr.write(`${outcome.line}\n`);
  return outcome.exitCode;
}

async function run(argv: string[]): Promise<Report> {
  const { command } = parseInvocation(argv);
  if (command.name === 'help') return acted(HELP, { help: HELP });
  const pin = command.name === 'submit-pin' ? await readPin() : undefined;
  const config = loadConfig();
  const client = await createTemporalClient(config).catch((err: unknown) => {
    throw new NotConnectedError(err);
  });
  try {
    return await runCommand(command, { migrations: createMigrationsClient({ client, config }), pin });
  } finally {
    await client.connection.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`ops failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(3);
  },
);

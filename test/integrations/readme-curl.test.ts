/**
 * simulator/README.md promises that a person can reproduce every documented error with curl and
 * the README alone. This runs its "documented errors, reproduced" block as written (bash, curl,
 * jq) against a fresh simulator and checks that each documented answer comes back, in order.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type RunningSimulator } from '../../simulator';

const README = path.resolve(__dirname, '../../simulator/README.md');

let sim: RunningSimulator;
beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});
afterAll(async () => sim.close());

/** The shell block under the heading, with the README's variables pointed at this simulator. */
function reproduceScript(url: string): string {
  const text = readFileSync(README, 'utf8');
  const section = text.slice(text.indexOf('## The documented errors, reproduced'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1];
  if (!block) throw new Error('no sh block under "The documented errors, reproduced" in simulator/README.md');
  const assumed = /All examples below assume `([^`]+)`\s*\nand `([^`]+)`/.exec(text);
  if (!assumed) throw new Error('simulator/README.md no longer says which variables the examples assume');
  const vars = `${assumed[1]}; ${assumed[2]}`.replace('http://127.0.0.1:8090', url);
  // One answer per line, so the checks below can find them in order.
  return `set -u\n${vars}\n${block.replace(/\bcurl /g, "curl -w '\\n' ")}`;
}

test('every documented error of the README comes back as documented, in order', async () => {
  const { stdout } = await promisify(execFile)('bash', ['-c', reproduceScript(sim.url)], {
    timeout: 60_000,
    maxBuffer: 8 * 1024 * 1024,
  });
  const expected = [
    'Message on behalf request not yet accepted',
    'Two-factor authentication not yet disabled',
    'eligible to be added directly',
    'already been moved to your destination WhatsApp Account',
    'need to represent the same business',
    'Something went wrong when trying to migrate',
    'the channel is not running yet',
    'Destination partner is using a different payment processor',
    'exceeded the limit of 1 request every 5 seconds',
    'Invalid api_key or token expired',
    'Permission denied for partner OTHERPA',
    '"code":133006',
    '"code":136025',
    'The verification code has expired',
    '"code":133005',
    '"code":133016',
    '"error_subcode":33',
  ];
  let from = 0;
  for (const answer of expected) {
    const at = stdout.indexOf(answer, from);
    if (at < 0)
      throw new Error(
        `"${answer}" not found (in order) in the output of the README's curl block:\n${stdout.slice(from, from + 2000)}`,
      );
    from = at + answer.length;
  }
  // The transient error answers twice, then the third submission succeeds.
  expect(stdout.split('Something went wrong when trying to migrate').length - 1).toBe(2);
  expect(stdout).toMatch(/"status":"pending","mob_status":"accepted"/);
}, 90_000);

/**
 * The launchers' shared stop-on-signal (scripts/stack/shutdown.ts), in a real process: a second
 * Ctrl-C while stopping changes nothing (the stop runs to its end, once), SIGINT exits 130 and
 * SIGTERM 143, and a stop that throws is reported and still exits non-zero.
 */
import path from 'node:path';
import { spawnScript } from '../harness/spawned-script';

const LAUNCHER = path.join(__dirname, 'stop-on-signals-launcher.ts');

function launch(env: Record<string, string>) {
  const { child, exited, output } = spawnScript(LAUNCHER, { env: { ...process.env, ...env } });
  const printed = async (text: string) => {
    const deadline = Date.now() + 10_000;
    while (!output().stdout.includes(text)) {
      if (child.exitCode !== null || Date.now() > deadline)
        throw new Error(`no "${text}" in:\n${output().stdout}${output().stderr}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { child, exited, printed, output };
}

test('a second SIGINT while stopping changes nothing: the stop runs once, to its end, then exit 130', async () => {
  const run = launch({ STOP_MS: '600' });
  await run.printed('ready');
  run.child.kill('SIGINT');
  await run.printed('stop 1 began');
  run.child.kill('SIGINT'); // the terminal's Ctrl-C, then npm's relay of it
  expect(await run.exited).toBe(130);
  expect(run.output().stdout).toBe('ready\nstopping (test)...\nstop 1 began\nstop 1 done\nstopped\n');
});

test('SIGTERM exits 143 after the stop', async () => {
  const run = launch({});
  await run.printed('ready');
  run.child.kill('SIGTERM');
  expect(await run.exited).toBe(143);
  expect(run.output().stdout).toMatch(/stop 1 done\nstopped\n$/);
});

test('a stop that throws is reported and still exits non-zero', async () => {
  const [signalled, byItself] = [launch({ STOP_FAILS: '1' }), launch({ STOP_FAILS: '1', EXIT_AT_ONCE: '1' })];
  await signalled.printed('ready');
  signalled.child.kill('SIGINT');
  expect(await signalled.exited).toBe(130);
  expect(await byItself.exited).toBe(1); // shutdown(0), but the stop failed
  for (const run of [signalled, byItself]) {
    expect(run.output().stderr).toMatch(/stopping failed: Error: the stop broke/);
    expect(run.output().stdout).not.toMatch(/stopped/);
  }
});

/**
 * The `npm start` launcher refuses to start when a port is taken, before starting anything.
 * (The full stack coming up and Ctrl-C leaving nothing behind: test/security/full-stack-logs.test.ts.)
 */
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { launchStack, stackPorts } from '../harness/stack-process';

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

test('a taken port fails fast with a clear message and starts nothing', async () => {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(28235, '127.0.0.1', resolve));
  try {
    const run = launchStack({ ...stackPorts(28233), DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wa-launcher-')) }, [
      '--no-demo',
    ]);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/Port 28235 \(simulator\) is already in use/);
    expect(await portFree(28233)).toBe(true); // no dev server was started
  } finally {
    blocker.close();
  }
}, 60_000);

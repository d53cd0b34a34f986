/**
 * The `npm start` launcher refuses to start when a port is taken, before starting anything.
 * (The full stack coming up and Ctrl-C leaving nothing behind: test/security/full-stack-logs.test.ts.)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function launch(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

function ports(base: number): Record<string, string> {
  return {
    DEV_SERVER_PORT: String(base),
    DEV_UI_PORT: String(base + 1),
    SIMULATOR_PORT: String(base + 2),
    API_PORT: String(base + 3),
    WORKER_HEALTH_PORT: String(base + 4),
    CODEC_SERVER_PORT: String(base + 5),
    D360_PARTNER_API_URL: `http://127.0.0.1:${base + 2}/360dialog/api/v2`,
    META_GRAPH_URL: `http://127.0.0.1:${base + 2}/meta/v21.0`,
    SUPPORT_DESK_URL: `http://127.0.0.1:${base + 2}/support/api`,
    CODEC_ALLOWED_ORIGINS: `http://127.0.0.1:${base + 1}`,
  };
}

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
    const run = launch({ ...ports(28233), DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wa-launcher-')) }, ['--no-demo']);
    expect(await run.exited).not.toBe(0);
    expect(run.output()).toMatch(/Port 28235 \(simulator\) is already in use/);
    expect(await portFree(28233)).toBe(true); // no dev server was started
  } finally {
    blocker.close();
  }
}, 60_000);

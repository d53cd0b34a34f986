/** The `npm start` launcher as a child process, on shifted ports, for tests of the whole stack. */
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

export function stackPorts(base: number): Record<string, string> {
  return {
    DEV_SERVER_PORT: String(base),
    DEV_UI_PORT: String(base + 1),
    SIMULATOR_PORT: String(base + 2),
    API_PORT: String(base + 3),
    WORKER_HEALTH_PORT: String(base + 4),
    CODEC_SERVER_PORT: String(base + 5),
    WORKER_METRICS_PORT: String(base + 6),
    API_METRICS_PORT: String(base + 7),
    DEV_SERVER_METRICS_PORT: String(base + 8),
    PROMETHEUS_PORT: String(base + 9),
    CODEC_METRICS_PORT: String(base + 10),
    D360_PARTNER_API_URL: `http://127.0.0.1:${base + 2}/360dialog/api/v2`,
    META_GRAPH_URL: `http://127.0.0.1:${base + 2}/meta/v21.0`,
    SUPPORT_DESK_URL: `http://127.0.0.1:${base + 2}/support/api`,
    CODEC_ALLOWED_ORIGINS: `http://127.0.0.1:${base + 1}`,
  };
}

export function launchStack(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts/start.ts'), ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env, LOG_PRETTY: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exited,
    output: () => output,
    async ready(timeoutMs = 150_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!/stack up in/.test(output)) {
        if (child.exitCode !== null) throw new Error(`launcher exited early:\n${output}`);
        if (Date.now() > deadline) throw new Error(`stack not up in ${timeoutMs} ms:\n${output}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    },
  };
}

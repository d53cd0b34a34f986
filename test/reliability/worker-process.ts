/** A real worker process (workers/main.ts) that tests can SIGKILL and restart. */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Config } from '../../temporal.config';

const ROOT = path.resolve(__dirname, '../..');

export class WorkerProcess {
  private child?: ChildProcess;
  output = '';

  constructor(private readonly env: Record<string, string>, private readonly healthPort: number) {}

  static forConfig(config: Config, healthPort: number, extra: Record<string, string> = {}): WorkerProcess {
    return new WorkerProcess(
      {
        TEMPORAL_ADDRESS: config.TEMPORAL_ADDRESS as string,
        TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
        D360_PARTNER_API_URL: config.D360_PARTNER_API_URL,
        META_GRAPH_URL: config.META_GRAPH_URL,
        SUPPORT_DESK_URL: config.SUPPORT_DESK_URL,
        HTTP_TIMEOUT_MS: String(config.HTTP_TIMEOUT_MS),
        WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE as string,
        WORKER_HEALTH_PORT: String(healthPort),
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
        ...extra,
      },
      healthPort,
    );
  }

  async start(): Promise<void> {
    this.child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'workers/main.ts')], {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout?.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr?.on('data', (d: Buffer) => (this.output += d.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.child.exitCode !== null) throw new Error(`worker exited early:\n${this.output}`);
      const ok = await fetch(`http://127.0.0.1:${this.healthPort}/`).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('worker did not become ready in 60 s');
  }

  /** kill -9: no shutdown, no goodbye to the server. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await exited;
  }
}

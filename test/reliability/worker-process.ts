/**
 * A real worker process (workers/main.ts, its compiled lib/workers/main.js, or another entry with
 * the same wiring) that tests can SIGKILL and restart. With `ledger`, the process writes activity
 * ledger lines on fd 3 (see ledger-worker.ts), read here line by line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Config } from '../../temporal.config';

const ROOT = path.resolve(__dirname, '../..');

export class WorkerProcess {
  private child?: ChildProcess;
  private closed?: Promise<void>;
  private partial = '';
  private killRequested = false;
  /** Everything every process printed, across restarts. */
  output = '';
  /** The ledger lines of the current (or last) process: one lifetime. */
  lifetime: string[] = [];
  /** Called for every complete ledger line as it arrives (a test may kill from inside it). */
  onLine?: (line: string) => void;

  constructor(
    private readonly env: Record<string, string>,
    private readonly healthPort: number,
    private readonly opts: { entry?: string; ledger?: boolean } = {},
  ) {}

  static forConfig(
    config: Config,
    healthPort: number,
    extra: Record<string, string> = {},
    opts: { entry?: string; ledger?: boolean } = {},
  ): WorkerProcess {
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
        WORKER_METRICS_PORT: '0', // parallel test workers would share the default port
        LOG_LEVEL: 'warn',
        LOG_PRETTY: 'false',
        ALLOW_DEV_SECRETS: 'true', // the test servers are a local cluster
        ...extra,
      },
      healthPort,
      opts,
    );
  }

  /** True when the current process ended without a kill from the test (a crash of its own). */
  get exitedOnItsOwn(): boolean {
    return this.child !== undefined && !this.running && !this.killRequested;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.lifetime = [];
    this.partial = '';
    this.killRequested = false;
    const entry = this.opts.entry ?? path.join(ROOT, 'workers/main.ts');
    // Compiled entries (`npm run build`) run on plain Node, as in production.
    const nodeArgs = entry.endsWith('.js') ? [entry] : ['--import', 'tsx', entry];
    const child = spawn(process.execPath, nodeArgs, {
      cwd: ROOT,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe', this.opts.ledger ? 'pipe' : 'ignore'],
    });
    this.child = child;
    // 'close' comes after the last byte of every pipe (ledger included): the lifetime is complete then.
    this.closed = new Promise((resolve) =>
      child.once('close', () => {
        if (this.partial) this.take('\n');
        resolve();
      }),
    );
    child.stdout?.on('data', (d: Buffer) => this.print(d.toString()));
    child.stderr?.on('data', (d: Buffer) => this.print(d.toString()));
    (child.stdio[3] as Readable | null)?.on('data', (d: Buffer) => this.take(d.toString()));
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null || child.signalCode !== null) {
        // Killed on purpose while starting (from onLine) is not an early exit.
        if (child.signalCode === 'SIGKILL') return;
        throw new Error(`worker exited early:\n${this.output.slice(-4000)}`);
      }
      const ok = await fetch(`http://127.0.0.1:${this.healthPort}/`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('worker did not become ready in 60 s');
  }

  /** Sends SIGKILL at once (synchronous: usable from `onLine`); `kill()` awaits the end. */
  killNow(): void {
    this.killRequested = true;
    if (this.running) this.child?.kill('SIGKILL');
  }

  /** kill -9: no shutdown, no goodbye to the server. Resolves when all its output is read. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.killRequested = true;
    if (this.running) child.kill(signal);
    await this.closed;
  }

  private print(text: string): void {
    // Keep the tail for error messages.
    this.output = (this.output + text).slice(-200_000);
  }

  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      this.lifetime.push(line);
      this.onLine?.(line);
    }
  }
}

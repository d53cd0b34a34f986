/**
 * Child processes of the local stack: each in its own process group (so Ctrl-C reaches its whole
 * tree), output prefixed or sent to a log file, and all stopped together with no orphans.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';

export interface Managed {
  name: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const children: Managed[] = [];

export function spawnManaged(
  name: string,
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; logFile?: string; echo?: boolean; uid?: number; gid?: number } = {},
): Managed {
  const child = spawn(command, args, {
    env: opts.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Another OS user (PostgreSQL refuses to run as root); undefined keeps ours.
    ...(opts.uid === undefined ? {} : { uid: opts.uid }),
    ...(opts.gid === undefined ? {} : { gid: opts.gid }),
  });
  const log = opts.logFile ? createWriteStream(opts.logFile, { flags: 'a' }) : undefined;
  log?.on('error', (err) => process.stderr.write(`[${name}] cannot write ${opts.logFile}: ${err.message}\n`));
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log?.write(chunk);
      if (opts.echo) process.stdout.write(prefix(name, chunk.toString()));
    });
  }
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const managed = { name, child, exited };
  children.push(managed);
  return managed;
}

function prefix(name: string, text: string): string {
  return text.replace(/^(?=.)/gm, `[${name}] `);
}

/** SIGTERM every process group, SIGKILL what is left after the grace period. */
export async function stopAll(graceMs = 10_000): Promise<void> {
  const alive = children.filter((c) => c.child.exitCode === null && c.child.signalCode === null);
  for (const c of [...alive].reverse()) signalGroup(c, 'SIGTERM');
  const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([Promise.all(alive.map((c) => c.exited)), timeout])) === 'timeout') {
    for (const c of alive) signalGroup(c, 'SIGKILL');
    await Promise.all(alive.map((c) => c.exited));
  }
}

function signalGroup(c: Managed, signal: NodeJS.Signals): void {
  try {
    if (c.child.pid) process.kill(-c.child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** A port free right now on 127.0.0.1 (for child processes that must be told one). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** Fails with a clear message when a port is taken (before anything is started). */
export async function assertPortFree(port: number, what: string, host = '127.0.0.1'): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', () =>
      reject(
        new Error(
          `Port ${port} (${what}) is already in use. Stop what uses it (e.g. \`lsof -i :${port}\`) or set another port.`,
        ),
      ),
    );
    server.listen(port, host, () => server.close(() => resolve()));
  });
}

/** Polls until `check` succeeds; fails with the process's exit if it dies first. */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  opts: { timeoutMs: number; process?: Managed },
): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let died = false;
  void opts.process?.exited.then(() => (died = true));
  while (Date.now() < deadline) {
    if (died) throw new Error(`${what}: process exited before it was ready (see its log)`);
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not ready after ${opts.timeoutMs / 1000} s`);
}

export async function httpOk(url: string): Promise<boolean> {
  const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
  return res.ok;
}

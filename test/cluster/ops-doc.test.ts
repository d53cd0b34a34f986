/**
 * docs/ops.md "Running on a cluster", followed as written: its commands are read from the doc and
 * run as a shell would (`npm run cluster` in one terminal, the stack's `npm start -- --once` in
 * another, the CLI's list and count), and what the doc shows them printing is checked; then Ctrl-C
 * stops the cluster and nothing it started is left. Only DATA_DIR differs (a temporary folder).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureTemporalCli } from '../../scripts/temporal-binaries';
import { loadConfig } from '../../temporal.config';

const ROOT = path.resolve(__dirname, '../..');

/** The section's fenced blocks of one language, line by line, comments and blanks dropped. */
function commands(lang: 'sh' | 'console'): string[] {
  const doc = readFileSync(path.join(ROOT, 'docs/ops.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Running on a cluster'));
  const blocks = [...section.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] ?? '');
  return blocks
    .flatMap((b) => b.split('\n'))
    .map((l) =>
      l
        .replace(/^\$ /, '')
        .replace(/\s+# .*$/, '')
        .trim(),
    )
    .filter((l) => l && !l.startsWith('#'));
}

function shell(line: string, env: Record<string, string>): ChildProcess {
  // detached: its own process group, so Ctrl-C (SIGINT to the group) reaches npm and everything under it.
  return spawn('sh', ['-c', line], { cwd: ROOT, env: { ...process.env, ...env }, detached: true });
}

function collect(child: ChildProcess): () => string {
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  return () => out.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) =>
    child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (code) => resolve(code)),
  );

async function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

test('docs/ops.md "Running on a cluster" as written: the cluster, the demo on it, the CLI lists, Ctrl-C', async () => {
  const sh = commands('sh');
  const clusterLine = sh.find((l) => l === 'npm run cluster');
  const stackLine = sh.find((l) => / npm start -- --once$/.test(l));
  const [listLine, countLine] = ['temporal workflow list', 'temporal workflow count'].map((c) =>
    commands('console').find((l) => l.startsWith(c)),
  );
  expect({ clusterLine, stackLine, listLine, countLine }).toEqual({
    clusterLine: 'npm run cluster',
    stackLine: expect.stringMatching(/^TEMPORAL_ADDRESS=127\.0\.0\.1:7333 ALLOW_DEV_SECRETS=true npm start/) as string,
    listLine: expect.any(String) as string,
    countLine: expect.any(String) as string,
  });
  for (const port of [7333, 5544]) expect({ port, free: await portFree(port) }).toEqual({ port, free: true });

  const dataDir = mkdtempSync(path.join(tmpdir(), 'wa-ops-cluster-'));
  chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user (the doc says why)
  const cluster = shell(clusterLine as string, { DATA_DIR: dataDir });
  const clusterOut = collect(cluster);
  try {
    const deadline = Date.now() + 180_000;
    while (!clusterOut().includes('running — press Ctrl-C')) {
      if (cluster.exitCode !== null || Date.now() > deadline) throw new Error(`cluster not up:\n${clusterOut()}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(clusterOut()).toMatch(/Temporal frontend \(gRPC\)\s+127\.0\.0\.1:7333/);

    // The other terminal: the whole stack with its demo, on the cluster.
    const stack = shell(stackLine as string, { DATA_DIR: path.join(dataDir, 'stack') });
    const stackOut = collect(stack);
    const code = await Promise.race([
      exited(stack),
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 240_000)),
    ]);
    if (code === 'timeout') process.kill(-(stack.pid as number), 'SIGINT');
    expect({ code, tail: code === 0 ? '' : stackOut().slice(-3000) }).toEqual({ code: 0, tail: '' });
    expect(stackOut()).toContain('using the Temporal server at 127.0.0.1:7333');
    expect(stackOut().match(/✔ outcome completed/g)).toHaveLength(4);

    // The CLI, as the doc shows it (the cached CLI on PATH as `temporal`).
    const cliDir = path.dirname(ensureTemporalCli(loadConfig()));
    const run = (line: string) =>
      spawnSync('sh', ['-c', line], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${cliDir}:${process.env.PATH ?? ''}` },
      });
    // SQL visibility lags a little behind the demo's last end.
    let count = run(countLine as string);
    for (let i = 0; i < 20 && !count.stdout.includes('Group total: 10, values: Completed'); i++) {
      await new Promise((r) => setTimeout(r, 500));
      count = run(countLine as string);
    }
    expect(count.stdout).toContain('Total: 10');
    expect(count.stdout).toContain('Group total: 10, values: Completed');
    const list = run(listLine as string);
    expect(list.stdout).toMatch(/Completed\s+port-out:\+\d+\s+portOutWorkflow/);
  } finally {
    // Ctrl-C in the cluster's terminal.
    if (cluster.exitCode === null) process.kill(-(cluster.pid as number), 'SIGINT');
    await exited(cluster);
  }
  expect(clusterOut()).toContain('stopped');
  for (const port of [7333, 7334, 7335, 7337, 5544])
    expect({ port, free: await portFree(port) }).toEqual({ port, free: true });
}, 480_000);

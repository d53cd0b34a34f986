/**
 * The compiled runtime (what `npm run build` writes to lib/) needs only `dependencies`: a server
 * installed with `npm ci --omit=dev` runs it. Checked twice: every package the compiled code names,
 * and every file the worker, API and codec server actually load up to readiness (their worker
 * threads included) belongs to the production dependency tree.
 */
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
// Inside the repository, so that the compiled files resolve node_modules as lib/ does.
const OUT = path.join(ROOT, '.scratch', `runtime-deps-${process.pid}`);
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? jsFiles(path.join(dir, e.name)) : e.name.endsWith('.js') ? [path.join(dir, e.name)] : [],
  );
}

/** Package directories of the production tree (what `npm ci --omit=dev` installs). */
function productionPackages(): Set<string> {
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' });
  return new Set(ls.stdout.split('\n').filter((l) => l.includes('/node_modules/')));
}

/** `/x/node_modules/@scope/name/lib/a.js` -> `/x/node_modules/@scope/name`. */
function packageDir(file: string): string {
  const at = file.lastIndexOf('/node_modules/') + '/node_modules/'.length;
  const parts = file.slice(at).split('/');
  return file.slice(0, at) + parts.slice(0, parts[0]?.startsWith('@') ? 2 : 1).join('/');
}

beforeAll(() => {
  // Type errors are the typecheck's business; tsc still emits, and what it emits is what we check.
  spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', OUT], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (!existsSync(path.join(OUT, 'workers/main.js'))) throw new Error(`tsc wrote no ${OUT}/workers/main.js`);
}, 300_000);
afterAll(() => rmSync(OUT, { recursive: true, force: true }));

test('@temporalio/testing is a devDependency, and the compiled code names only dependencies', () => {
  expect(pkg.devDependencies['@temporalio/testing']).toBeDefined();
  expect(pkg.dependencies['@temporalio/testing']).toBeUndefined();
  const named = new Set<string>();
  for (const file of jsFiles(OUT)) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/\b(?:require|import)\(\s*["']([^"'./][^"']*)["']\s*\)/g)) {
      const spec = m[1] as string;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] as string);
      if (!name.startsWith('node:') && !builtinModules.includes(name)) named.add(name);
    }
  }
  expect([...named].filter((n) => !pkg.dependencies[n])).toEqual([]);
  expect(named.has('@temporalio/worker')).toBe(true);
});

/** Starts a compiled entry with a preload that records every file it loads; stops it once `ready`. */
async function loadedFiles(entry: string, env: Record<string, string>, ready: () => Promise<boolean>) {
  const dir = mkdtempSync(path.join(tmpdir(), 'wa-runtime-deps-'));
  const record = path.join(dir, 'loaded.txt');
  const hook = path.join(dir, 'record-loaded.js');
  // Records each file as it is compiled, in the main thread and in every worker thread (they inherit
  // --require, and a terminated thread has no 'exit' to record at).
  writeFileSync(
    hook,
    `const fs = require('fs');
const Module = require('module');
for (const ext of ['.js', '.json', '.node']) {
  const load = Module._extensions[ext];
  Module._extensions[ext] = function (module, file) {
    fs.appendFileSync(${JSON.stringify(record)}, file + '\\n');
    return load.call(this, module, file);
  };
}`,
  );
  const child = spawn(process.execPath, ['--require', hook, path.join(OUT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_PRETTY: 'false', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
  const deadline = Date.now() + 60_000;
  while (!(await ready().catch(() => false))) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${entry} never got ready:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGTERM');
  await closed;
  const files = readFileSync(record, 'utf8').split('\n').filter(Boolean);
  rmSync(dir, { recursive: true, force: true });
  return files;
}

test('the worker, API and codec server load only files of the production dependency tree', async () => {
  const cluster = {
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS as string,
    ALLOW_DEV_SECRETS: 'true', // the test dev server is a local cluster
  };
  const answers = async (url: string, init?: RequestInit) =>
    (await fetch(url, { ...init, signal: AbortSignal.timeout(1000) })).status;
  const loaded = [
    ...(await loadedFiles(
      'workers/main.js',
      {
        ...cluster,
        TEMPORAL_TASK_QUEUE: `runtime-deps-${process.pid}`,
        WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE as string,
        WORKER_HEALTH_PORT: '29481',
        WORKER_METRICS_PORT: '29484', // metrics on: their code is part of the production tree
      },
      async () => (await answers('http://127.0.0.1:29481/')) === 200,
    )),
    ...(await loadedFiles('api/main.js', { ...cluster, API_PORT: '29482', API_METRICS_PORT: '29485' }, async () =>
      Boolean(await answers('http://127.0.0.1:29482/health')),
    )),
    ...(await loadedFiles(
      'codec-server/main.js',
      { CODEC_SERVER_PORT: '29483', CODEC_METRICS_PORT: '29486' },
      async () => Boolean(await answers('http://127.0.0.1:29483/decode', { method: 'POST', body: '{}' })),
    )),
  ];
  const packages = new Set(loaded.filter((f) => f.includes('/node_modules/')).map(packageDir));
  const production = productionPackages();
  expect(production.has(path.join(ROOT, 'node_modules/@temporalio/testing'))).toBe(false);
  expect([...packages].filter((p) => !production.has(p))).toEqual([]);
  // Not vacuous: the SDK, the HTTP server and the worker threads' own files were loaded and checked.
  for (const name of ['@temporalio/worker', '@temporalio/client', 'fastify', 'pino', 'zod'])
    expect(packages.has(path.join(ROOT, 'node_modules', name))).toBe(true);
  expect(loaded.some((f) => f.includes('@temporalio/worker/lib/workflow/workflow-worker-thread'))).toBe(true);
}, 180_000);

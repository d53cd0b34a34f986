/**
 * The real worker process (workers/main.ts) against the test dev server: on dev secrets it exits
 * before polling, naming every variable to set and printing no value; with ALLOW_DEV_SECRETS=true
 * it runs and reports readiness on WORKER_HEALTH_HOST only. `.env.example` read by Node's own
 * --env-file refuses the same way.
 */
import { spawnScript } from '../harness/spawned-script';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEV_VALUES, SECRET_VARIABLES } from './real-secrets';

const ROOT = path.resolve(__dirname, '../..');
const HEALTH_PORT = 29471;

interface Run {
  exited: Promise<number | null>;
  output: () => { stdout: string; stderr: string };
  stop: () => void;
}

/** The worker with only the given environment (no NODE_ENV=test from Jest, nothing inherited). */
function startWorker(env: Record<string, string>, nodeArgs: string[] = []): Run {
  const { child, exited, output } = spawnScript(path.join(ROOT, 'workers/main.ts'), {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, LOG_PRETTY: 'false', ...env },
    nodeArgs,
  });
  return { exited, output, stop: () => child.kill('SIGTERM') };
}

function clusterEnv(): Record<string, string> {
  return {
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS as string,
    TEMPORAL_TASK_QUEUE: `dev-secrets-${randomUUID()}`,
    WORKFLOW_BUNDLE_PATH: process.env.TEST_WORKFLOW_BUNDLE as string,
    WORKER_HEALTH_PORT: String(HEALTH_PORT),
    WORKER_METRICS_PORT: '0',
  };
}

async function health(host: string): Promise<number | string> {
  try {
    return (await fetch(`http://${host}:${HEALTH_PORT}/`, { signal: AbortSignal.timeout(1000) })).status;
  } catch (err) {
    return String((err as { cause?: { code?: string } }).cause?.code ?? err);
  }
}

/** The dev values and the dev key's material on its own. */
const secretFragments = Object.values(DEV_VALUES)
  .flatMap((v) => v.split(':'))
  .filter((v) => v.length >= 8);

test('with TEMPORAL_ADDRESS and dev secrets the worker exits non-zero, listing every variable, no value', async () => {
  // Some dev values set explicitly, the others left to their defaults.
  const run = startWorker({
    ...clusterEnv(),
    API_TOKENS: DEV_VALUES.API_TOKENS,
    PAYLOAD_ENCRYPTION_KEYS: DEV_VALUES.PAYLOAD_ENCRYPTION_KEYS,
  });
  const code = await run.exited;
  const { stdout, stderr } = run.output();
  expect(code).not.toBe(0);
  for (const name of SECRET_VARIABLES) expect(stderr).toMatch(new RegExp(`^  - ${name}: .*; set `, 'm'));
  expect(stderr).toContain('Dev-only values are refused because TEMPORAL_ADDRESS is set');
  for (const fragment of secretFragments) expect(stdout + stderr).not.toContain(fragment);
  expect(stdout).not.toContain('worker started');
  expect(await health('127.0.0.1')).toBe('ECONNREFUSED');
}, 60_000);

test('with ALLOW_DEV_SECRETS=true it runs, and answers health on WORKER_HEALTH_HOST only', async () => {
  const run = startWorker({ ...clusterEnv(), ALLOW_DEV_SECRETS: 'true', WORKER_HEALTH_HOST: '127.0.0.2' });
  try {
    const deadline = Date.now() + 60_000;
    let status = await health('127.0.0.2');
    while (status !== 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      status = await health('127.0.0.2');
    }
    if (status !== 200) throw new Error(`health answered ${status}; worker stderr:\n${run.output().stderr}`);
    expect(await health('127.0.0.1')).toBe('ECONNREFUSED');
  } finally {
    run.stop();
  }
  expect(await run.exited).toBe(0);
}, 90_000);

test('.env.example read by node --env-file refuses with NODE_ENV=production: secrets and partner ID to fill in', async () => {
  const run = startWorker({}, [`--env-file=${path.join(ROOT, '.env.example')}`]);
  const code = await run.exited;
  const { stderr } = run.output();
  expect(code).not.toBe(0);
  for (const name of [...SECRET_VARIABLES, 'D360_PARTNER_ID'])
    expect(stderr).toMatch(new RegExp(`^  - ${name}: unset`, 'm'));
  expect(stderr).not.toMatch(/D360_PARTNER_API_URL|META_GRAPH_URL|SUPPORT_DESK_URL/);
  expect(stderr).toContain('because NODE_ENV=production');
}, 60_000);

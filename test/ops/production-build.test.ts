/**
 * The production worker: `npm run build` compiles the runtime to lib/ and prebuilds the workflow
 * bundle; `node lib/workers/main.js` (npm run worker:prod) runs with no tsx and no webpack at start
 * and completes a port-in against the simulator. A bundle path that does not exist stops it at
 * start instead of silently bundling other code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { startSimulator, SimulatorControl, type RunningSimulator } from '../../simulator';
import type { Config } from '../../temporal.config';
import { portInWorkflow } from '../../workflows';
import { startStack, testConfig, type TestStack } from '../harness/env';
import { drive } from '../harness/port-in-driver';
import { portInInput } from '../harness/port-in-fixtures';
import { WorkerProcess } from '../reliability/worker-process';

const ROOT = path.resolve(__dirname, '../..');
const ENTRY = path.join(ROOT, 'lib/workers/main.js');
const BUNDLE = path.join(ROOT, 'lib/workflow-bundle.js');

let simulator: RunningSimulator;
let sim: SimulatorControl;
let client: TestStack;
let config: Config;

beforeAll(async () => {
  const build = spawnSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, encoding: 'utf8', timeout: 240_000 });
  if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  simulator = await startSimulator({ port: 0 });
  sim = new SimulatorControl(simulator.url);
  config = testConfig({
    TEMPORAL_TASK_QUEUE: `prod-build-${process.pid}`,
    D360_PARTNER_API_URL: sim.urls.dialog360,
    META_GRAPH_URL: sim.urls.meta,
    SUPPORT_DESK_URL: sim.urls.support,
  });
  // The test's own client; its in-process worker polls another queue, all work goes to the compiled one.
  client = await startStack({ config: { ...config, TEMPORAL_TASK_QUEUE: `${config.TEMPORAL_TASK_QUEUE}-unused` } });
}, 300_000);
afterAll(async () => {
  await client?.close();
  await simulator?.close();
});

test('npm run build: the compiled worker with the prebuilt bundle completes a port-in', async () => {
  expect(existsSync(ENTRY)).toBe(true);
  expect(existsSync(BUNDLE)).toBe(true);
  const worker = WorkerProcess.forConfig(config, 29397, { WORKFLOW_BUNDLE_PATH: BUNDLE }, { entry: ENTRY });
  await worker.start();
  try {
    const input = portInInput({ timings: { pollEvery: '200ms' } });
    const handle = await client.client.workflow.start(portInWorkflow, {
      taskQueue: config.TEMPORAL_TASK_QUEUE,
      workflowId: `port-in:${input.phone.e164}`,
      args: [input],
    });
    const result = await drive(sim, handle, input.phone.e164, 0);
    expect(result.outcome).toBe('completed');
    expect((await sim.counters()).apiKeysMintedByNumber[input.phone.e164]).toBe(1);
    expect(worker.exitedOnItsOwn).toBe(false);
  } finally {
    await worker.kill('SIGTERM');
  }
}, 120_000);

test('a WORKFLOW_BUNDLE_PATH that does not exist stops the worker at start with what to do', async () => {
  const missing = path.join(ROOT, 'lib/no-such-bundle.js');
  const worker = WorkerProcess.forConfig(config, 29398, { WORKFLOW_BUNDLE_PATH: missing }, { entry: ENTRY });
  await expect(worker.start()).rejects.toThrow(
    `WORKFLOW_BUNDLE_PATH ${missing} does not exist: build it with 'npm run build'`,
  );
}, 60_000);

/**
 * A time-skipping stack for history budgets at the REAL default timings (1 h escalations, 14-day
 * deadlines): the Java test server (test/harness/time-skipping.ts, our search attributes), an
 * in-process worker with the production wiring and the bench bundle, the simulator, a codec client.
 * Time moves only when a flow calls `env.sleep`, so waits of days take seconds.
 */
import { Context } from '@temporalio/activity';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, type Worker } from '@temporalio/worker';
import { createActivities } from '../../activities';
import { createOutsideWorld } from '../../integrations';
import { ensureTestServer } from '../../scripts/temporal-binaries';
import type { Config } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { createTimeSkippingEnv } from '../../test/harness/time-skipping';
import { createWorker } from '../../workers/create-worker';
import { baselineActivities } from './baseline-activities';
import { benchBundle } from './bundle';
import { benchConfig } from './server';
import { startBenchSimulator, type BenchSimulator } from './simulator';
import { withTimeout } from './stats';
import { sealerFor } from '../../secrets';

export interface TimeSkippingStack {
  env: TestWorkflowEnvironment;
  client: Client;
  worker: Worker;
  sim: BenchSimulator;
  config: Config;
  /** Activity executions (attempts) per workflow ID and activity type, counted at the worker. */
  attempts: Map<string, Record<string, number>>;
  close(): Promise<void>;
}

/** Wraps every activity to count its attempts: retries of a poll that a signal later cancels leave no event. */
function counted<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  acts: T,
  attempts: TimeSkippingStack['attempts'],
): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(acts)) {
    out[name] = (...a: never[]) => {
      const id = Context.current().info.workflowExecution?.workflowId ?? '';
      const byType = attempts.get(id) ?? {};
      byType[name] = (byType[name] ?? 0) + 1;
      attempts.set(id, byType);
      return fn(...a);
    };
  }
  return out as T;
}

export async function startTimeSkippingStack(): Promise<TimeSkippingStack> {
  try {
    Runtime.install({ logger: new DefaultLogger('ERROR') });
  } catch {
    // Already installed (test/harness/env.ts, imported by the time-skipping harness, installs one).
  }
  // The harness reads the launcher's path from the environment (set by Jest's global setup there).
  process.env.TEST_TEST_SERVER_PATH ||= ensureTestServer(benchConfig({}));
  const [env, sim, bundle] = await Promise.all([createTimeSkippingEnv(), startBenchSimulator(), benchBundle()]);
  try {
    const config = benchConfig({
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: 'history-budget',
      D360_PARTNER_API_URL: `${sim.url}/360dialog/api/v2`,
      META_GRAPH_URL: `${sim.url}/meta/v21.0`,
      SUPPORT_DESK_URL: `${sim.url}/support/api`,
    });
    const deps = { world: createOutsideWorld(config), sealer: sealerFor(config) };
    const attempts: TimeSkippingStack['attempts'] = new Map();
    const worker = await createWorker({
      connection: env.nativeConnection,
      config,
      deps,
      workflowBundle: { codePath: bundle.path },
      overrides: { activities: counted({ ...createActivities(deps), ...baselineActivities }, attempts) },
    });
    const running = worker.run();
    const client = new Client({
      connection: env.connection,
      namespace: env.namespace ?? 'default',
      dataConverter: dataConverter(config),
    });
    return {
      env,
      client,
      worker,
      sim,
      config,
      attempts,
      async close() {
        worker.shutdown();
        // A stalled flow must not keep the test server alive: tear it down even if the worker hangs.
        await withTimeout(running, 30_000, 'worker shutdown').catch(() => undefined);
        await env.teardown();
        await sim.close();
      },
    };
  } catch (err) {
    await env.teardown();
    await sim.close();
    throw err;
  }
}

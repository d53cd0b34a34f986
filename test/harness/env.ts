/**
 * What a test file needs: the config pointing at the shared dev server and simulator, a client with
 * the production codec, and a real worker (production wiring, shared bundle) on its own task queue.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import {
  DefaultLogger,
  GracefulShutdownPeriodExpiredError,
  NativeConnection,
  Runtime,
  type ActivityInterceptorsFactory,
  type LogLevel,
  type Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { createOutsideWorld } from '../../integrations';
import type { Tracing } from '../../observability/tracing';
import { SimulatorControl } from '../../simulator/control-client';
import { loadConfig, type Config } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { clientInterceptors } from '../../temporal/closed-channel';
import { createWorker } from '../../workers/create-worker';

/**
 * SDK log level in tests: ERROR by default, because the suite injects failures on purpose and every
 * retried activity would log a WARN. `TEST_SDK_LOG_LEVEL=WARN npm test -- <file>` when debugging.
 */
export const TEST_SDK_LOG_LEVEL = (process.env.TEST_SDK_LOG_LEVEL ?? 'ERROR') as LogLevel;

// Set once per Jest worker process.
try {
  Runtime.install({ logger: new DefaultLogger(TEST_SDK_LOG_LEVEL) });
} catch {
  // Already installed by another test file in this process.
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests through jest (test/harness/global-setup.ts)`);
  return value;
}

/** Config as the worker would load it, pointed at the test servers. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  const sim = required('TEST_SIMULATOR_URL');
  return loadConfig({
    ...process.env,
    TEMPORAL_ADDRESS: required('TEST_TEMPORAL_ADDRESS'),
    TEMPORAL_TASK_QUEUE: `test-${randomUUID()}`,
    D360_PARTNER_API_URL: `${sim}/360dialog/api/v2`,
    META_GRAPH_URL: `${sim}/meta/v21.0`,
    SUPPORT_DESK_URL: `${sim}/support/api`,
    META_JS_SDK_URL: `${sim}/meta-web/sdk.js`,
    META_SIGNUP_ORIGINS: sim,
    HTTP_TIMEOUT_MS: '5000',
    // The test servers are a local cluster: the dev secrets are fine there (temporal.config.ts).
    ALLOW_DEV_SECRETS: 'true',
    LOG_LEVEL: 'warn',
    ...overrides,
  });
}

export function simulatorControl(): SimulatorControl {
  return new SimulatorControl(required('TEST_SIMULATOR_URL'));
}

export function simulatorUrl(): string {
  return required('TEST_SIMULATOR_URL');
}

export interface TestStack {
  config: Config;
  client: Client;
  worker: Worker;
  nativeConnection: NativeConnection;
  /** Runs the worker in the background until `close()`. */
  close(): Promise<void>;
}

/** A real worker and client against the given server (default: the shared dev server). */
export async function startStack(
  opts: {
    address?: string;
    config?: Config;
    connection?: Connection;
    channelArgs?: Record<string, number>;
    workerOverrides?: Partial<WorkerOptions>;
    tracing?: Tracing;
  } = {},
): Promise<TestStack> {
  const config = opts.config ?? testConfig(opts.address ? { TEMPORAL_ADDRESS: opts.address } : {});
  const address = opts.address ?? (config.TEMPORAL_ADDRESS as string);
  const nativeConnection = await NativeConnection.connect({ address });
  // Which activities a slow drain waits for (the watchdog in close() names them).
  const inFlight = new Map<string, number>();
  const tracking: ActivityInterceptorsFactory = (ctx) => ({
    inbound: {
      async execute(input, next) {
        const type = ctx.info.activityType;
        inFlight.set(type, (inFlight.get(type) ?? 0) + 1);
        try {
          return await next(input);
        } finally {
          inFlight.set(type, (inFlight.get(type) ?? 1) - 1);
        }
      },
    },
  });
  const overrides = opts.workerOverrides ?? {};
  const worker = await createWorker({
    connection: nativeConnection,
    config,
    deps: { world: createOutsideWorld(config) },
    workflowBundle: { codePath: required('TEST_WORKFLOW_BUNDLE') },
    tracing: opts.tracing,
    overrides: {
      ...overrides,
      interceptors: {
        ...overrides.interceptors,
        activity: [...(overrides.interceptors?.activity ?? []), tracking],
      },
    },
  });
  const connection =
    opts.connection ??
    (await Connection.connect({ address, interceptors: clientInterceptors(), channelArgs: opts.channelArgs }));
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, dataConverter: dataConverter(config) });
  const running = worker.run();
  return {
    config,
    client,
    worker,
    nativeConnection,
    async close() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      // A drain that takes long says what it waits for (a CI-only slow close was blind before).
      const started = Date.now();
      const watchdog = setInterval(() => {
        const s = worker.getStatus();
        process.stderr.write(
          `worker ${config.TEMPORAL_TASK_QUEUE} still draining after ${Math.round((Date.now() - started) / 1000)} s: ` +
            `${s.runState}, workflow poller ${s.workflowPollerState}, activity poller ${s.activityPollerState}, ` +
            `activations ${s.numInFlightWorkflowActivations}, activities ${s.numInFlightNonLocalActivities} ` +
            `(+${s.numInFlightLocalActivities} local), cached workflows ${s.numCachedWorkflows}; running: ` +
            `${
              [...inFlight]
                .filter(([, n]) => n > 0)
                .map(([type, n]) => `${type} x${n}`)
                .join(', ') || 'none'
            }\n`,
        );
      }, 20_000);
      let forced = false;
      await running
        .catch((err: unknown) => {
          // shutdownForceTime (workers/create-worker.ts) ended a drain that would not end: the SDK says
          // so, or fails to release the worker an activity still holds ("Worker still in use").
          forced = err instanceof GracefulShutdownPeriodExpiredError || /still in use/.test(String(err));
          if (!forced) throw err;
          process.stderr.write(`worker ${config.TEMPORAL_TASK_QUEUE}: drain forced: ${String(err)}\n`);
        })
        .finally(() => clearInterval(watchdog));
      await nativeConnection.close().catch((err: unknown) => {
        if (!forced) throw err;
      });
      // A call still in the SDK's retry backoff fails cleanly after this (temporal/closed-channel.ts).
      if (!opts.connection) await connection.close();
    },
  };
}

/**
 * A time-skipping test environment (the Java test server via existing-path) with our search
 * attributes registered, so workflows run exactly as on the dev server. Time is global per
 * environment: one per test file, tests inside it run serially.
 */
import type { ConnectionPlugin } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { indexedSearchAttributes } from '../../temporal/search-attribute-types';
import { clientInterceptors } from '../../temporal/closed-channel';
import { startStack, type TestStack } from './env';

export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEST_TEST_SERVER_PATH;
  if (!path)
    throw new Error('TEST_TEST_SERVER_PATH is not set: run the tests through jest (test/harness/global-setup.ts)');
  const env = await startWithRetries(() =>
    TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path } },
      plugins: [javaServerConnection],
    }),
  );
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: indexedSearchAttributes(),
  });
  return env;
}

/**
 * The SDK gives the Java test server 5 s to listen, which a loaded 2-core machine (a JVM start
 * beside other suites) sometimes misses: try again, on a fresh port, up to three times.
 */
async function startWithRetries(start: () => Promise<TestWorkflowEnvironment>): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (err) {
      if (attempt >= 3 || !/did not start within/.test(String(err))) throw err;
      process.stderr.write(`time-skipping server did not start in time (attempt ${attempt}); trying again\n`);
    }
  }
}

/**
 * The Java test server allows a client ping only every 5 min and answers more frequent ones (the
 * client's default: every 30 s, even when idle) with GOAWAY "too many pings", cutting calls in flight.
 */
const JAVA_SERVER_KEEPALIVE = {
  'grpc.keepalive_time_ms': 6 * 60_000,
  'grpc.keepalive_permit_without_calls': 0,
};

/**
 * The environment's own client connection (the one `env.sleep` and `env.client` use) gets the same
 * treatment as ours: the test server's ping rate, and calls that fail cleanly once it is closed
 * (else a retry still in backoff at teardown throws from a timer into whichever file runs next).
 */
const javaServerConnection: ConnectionPlugin = {
  name: 'java-test-server-connection',
  configureConnection: (options) => ({
    ...options,
    interceptors: clientInterceptors(...(options.interceptors ?? [])),
    channelArgs: { ...options.channelArgs, ...JAVA_SERVER_KEEPALIVE },
  }),
};

/**
 * A time-skipping server plus a real worker and client on it, for one test file:
 *   const ts = timeSkippingStack(); ... ts.env.sleep('90 minutes'); ts.stack.client ...
 * (registers beforeAll/afterAll itself).
 */
export function timeSkippingStack(): { readonly env: TestWorkflowEnvironment; readonly stack: TestStack } {
  const holder = {} as { env: TestWorkflowEnvironment; stack: TestStack };
  beforeAll(async () => {
    holder.env = await createTimeSkippingEnv();
    holder.stack = await startStack({ address: holder.env.address, channelArgs: JAVA_SERVER_KEEPALIVE });
  }, 120_000);
  // Time is global to the server: a workflow a test leaves running (one that failed half-way, or a
  // child still watching) keeps polling and firing timers through every later sleep of the file,
  // slowing or locking them. Each test starts from a server with nothing open.
  afterEach(async () => {
    if (holder.env) await terminateLeftovers(holder.env);
  }, 60_000);
  afterAll(async () => {
    await holder.stack?.close();
    await holder.env?.teardown();
  });
  return holder;
}

async function terminateLeftovers(env: TestWorkflowEnvironment): Promise<void> {
  const namespace = env.namespace ?? 'default';
  const { executions } = await env.connection.workflowService.listOpenWorkflowExecutions({
    namespace,
    maximumPageSize: 1000,
  });
  for (const { execution } of executions) {
    if (!execution?.workflowId) continue;
    await env.client.workflow
      .getHandle(execution.workflowId, execution.runId ?? undefined)
      .terminate('test over: left running')
      .catch(() => undefined); // closed meanwhile (a parent's close policy took it): nothing to end
  }
}

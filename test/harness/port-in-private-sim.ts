/**
 * A port-in test stack with a simulator of its own: scripted errors (`POST /_sim/errors`) target
 * an operation, not a number, so a test file that scripts them must not share the simulator with
 * files running in parallel. The worker runs on the shared dev server; only the outside world is private.
 */
import type { WorkflowHandle } from '@temporalio/client';
import type { PortInInput } from '../../contracts/port-in';
import { SimulatorControl } from '../../simulator/control-client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { portInWorkflow } from '../../workflows';
import { startStack, testConfig, type TestStack } from './env';
import { portInInput } from './port-in-fixtures';

export interface PrivateSimStack {
  readonly sim: SimulatorControl;
  readonly stack: TestStack;
  /** A port-in input whose website is on this simulator. */
  input(overrides?: Partial<PortInInput> & { number?: string }): PortInInput;
  start(input: PortInInput): Promise<WorkflowHandle<typeof portInWorkflow>>;
}

/** Registers beforeAll/afterAll (and clears scripted errors after each test). */
export function privateSimStack(): PrivateSimStack {
  let running: RunningSimulator;
  const holder = {} as { sim: SimulatorControl; stack: TestStack };
  beforeAll(async () => {
    running = await startSimulator({ port: 0 });
    holder.sim = new SimulatorControl(running.url);
    const { dialog360, meta, support } = holder.sim.urls;
    holder.stack = await startStack({
      config: testConfig({ D360_PARTNER_API_URL: dialog360, META_GRAPH_URL: meta, SUPPORT_DESK_URL: support }),
    });
  }, 60_000);
  afterEach(async () => {
    await holder.sim?.clearErrors();
  });
  afterAll(async () => {
    await holder.stack?.close();
    await running?.close();
  });
  return {
    get sim() {
      return holder.sim;
    },
    get stack() {
      return holder.stack;
    },
    input: (overrides = {}) => portInInput({ businessWebsite: holder.sim.siteUrl('shop'), ...overrides }),
    start: (input) =>
      holder.stack.client.workflow.start(portInWorkflow, {
        taskQueue: holder.stack.config.TEMPORAL_TASK_QUEUE,
        workflowId: `port-in:${input.phone.e164}`,
        args: [input],
      }),
  };
}

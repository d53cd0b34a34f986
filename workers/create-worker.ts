/**
 * Builds the migration worker from config and dependencies; used by `workers/main.ts`, the tests
 * and the benchmarks, so all run exactly the production wiring.
 */
import { existsSync } from 'node:fs';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import { type NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import type { Tracing } from '../observability/tracing';
import { workflowSpanSinks } from '../observability/workflow-spans';
import { sealerFor } from '../secrets';
import { ownerLinkIssuer } from '../secrets/action-links';
import type { Config } from '../temporal.config';
import { dataConverter } from '../temporal/client';
import { batchCallLimitsInterceptor, limitedWorld } from './batch-call-limits';
import { WORKFLOW_INTERCEPTOR_MODULES, WORKFLOWS_PATH } from './bundle-options';

export interface CreateWorkerOptions {
  connection: NativeConnection;
  config: Config;
  /** The sealer defaults to one from SECRET_SEALING_KEYS. */
  deps: Omit<ActivityDeps, 'sealer'> & Partial<Pick<ActivityDeps, 'sealer'>>;
  /** Prebuilt bundle (production, tests); omitted: bundle the workflows at start (development). */
  workflowBundle?: WorkerOptions['workflowBundle'];
  overrides?: Partial<WorkerOptions>;
  /** Traces of workflows, activities and the clients activities use (observability/tracing.ts). */
  tracing?: Tracing;
}

export async function createWorker(opts: CreateWorkerOptions): Promise<Worker> {
  const { config } = opts;
  let workflowSource: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> = { workflowsPath: WORKFLOWS_PATH };
  if (opts.workflowBundle) workflowSource = { workflowBundle: opts.workflowBundle };
  else if (config.WORKFLOW_BUNDLE_PATH) {
    // A production worker that silently fell back to webpack would start slowly and run other code.
    if (!existsSync(config.WORKFLOW_BUNDLE_PATH)) {
      throw new Error(
        `WORKFLOW_BUNDLE_PATH ${config.WORKFLOW_BUNDLE_PATH} does not exist: build it with 'npm run build'`,
      );
    }
    workflowSource = { workflowBundle: { codePath: config.WORKFLOW_BUNDLE_PATH } };
  }
  const options: WorkerOptions = {
    connection: opts.connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    ...workflowSource,
    activities: createActivities({
      sealer: sealerFor(config),
      ownerLinks: ownerLinkIssuer(config),
      ...opts.deps,
      world: limitedWorld(opts.deps.world),
    }),
    dataConverter: dataConverter(config),
    maxCachedWorkflows: config.MAX_CACHED_WORKFLOWS,
    // A drain ends: running activities get 5 s, then their cancellation (WORKER_SHUTDOWN; a lease
    // ask waiting on an entity this worker no longer serves ends with it), and one that ignores it
    // cannot hold the process past a minute (the orchestrator's kill would come next anyway).
    shutdownGraceTime: '5s',
    shutdownForceTime: '60s',
    ...opts.overrides,
    // A traced run's span is made here when the run reports its end (workflows/kit/trace-context.ts).
    sinks: { ...workflowSpanSinks(opts.tracing), ...opts.overrides?.sinks },
  };
  return Worker.create({ ...options, interceptors: withTracing(withBatchLimits(options), opts.tracing) });
}

/**
 * Our interceptors plus a caller's own (the crash test's ledger); ours binds a batch member's
 * activity to its batch's limits (batch-call-limits.ts). Workflow modules only when bundling here: a
 * prebuilt bundle has them built in (build-workflow-bundle.ts), and the SDK warns if given both.
 */
function withBatchLimits(options: WorkerOptions): WorkerOptions['interceptors'] {
  const extra = options.interceptors ?? {};
  const bundling = !options.workflowBundle;
  return {
    ...extra,
    activity: [...(extra.activity ?? []), batchCallLimitsInterceptor],
    ...(bundling && {
      workflowModules: [...new Set([...WORKFLOW_INTERCEPTOR_MODULES, ...(extra.workflowModules ?? [])])],
    }),
  };
}

/** Temporal's OpenTelemetry interceptors for activities and for the client they use, when tracing is on. */
function withTracing(interceptors: WorkerOptions['interceptors'], tracing?: Tracing): WorkerOptions['interceptors'] {
  if (!tracing?.enabled) return interceptors;
  return {
    ...interceptors,
    activity: [
      ...(interceptors?.activity ?? []),
      (ctx) => ({
        inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
        outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
      }),
    ],
    client: {
      ...interceptors?.client,
      workflow: [...asList(interceptors?.client?.workflow), new OpenTelemetryWorkflowClientInterceptor()],
    },
  };
}

function asList<T>(value: T[] | object | undefined): T[] {
  return Array.isArray(value) ? value : [];
}

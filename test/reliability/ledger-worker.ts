/**
 * The migration worker process for the crash test: workers/main.ts's wiring (createWorker with
 * the real outside world, the Temporal runtime logger, the health endpoint), plus two instruments:
 *
 * - An activity ledger on file descriptor 3: each execution's start is written before the activity
 *   function runs, its end after it settled and BEFORE the SDK reports the result to the server,
 *   both with writeSync (nothing is buffered in the process, so a SIGKILL loses no line). A start
 *   without an end in a dead process's ledger is an execution whose result the server never got.
 * - LEDGER_TEMPORAL_LATENCY_MS: the Temporal calls activities make through their `temporal`
 *   dependency (a lease's Update-with-Start and updates on the number and WABA entities, the
 *   visibility list of older runs' exclusion check) answer that much later, as the simulator delays
 *   the other APIs: without it those activities are over before any kill lands.
 */
import { writeSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Context as ActivityContext } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type ActivityInboundCallsInterceptor } from '@temporalio/worker';
import { InterceptingCall, type Interceptor } from '@grpc/grpc-js';
import { createOutsideWorld } from '../../integrations';
import { createLogger } from '../../observability/logger';
import { installTemporalRuntime } from '../../observability/temporal-runtime';
import { loadConfig } from '../../temporal.config';
import { dataConverter } from '../../temporal/client';
import { connectionOptions } from '../../temporal/connection';
import { clientInterceptors } from '../../temporal/closed-channel';
import { createWorker } from '../../workers/create-worker';

const LEDGER_FD = 3;

function record(event: 'start' | 'end', ctx: ActivityContext): void {
  const i = ctx.info;
  const line = `${JSON.stringify({
    event,
    token: i.base64TaskToken,
    type: i.activityType,
    workflowType: i.workflowType,
    workflowId: i.workflowExecution?.workflowId,
    activityId: i.activityId,
    attempt: i.attempt,
    local: i.isLocal,
  })}\n`;
  try {
    writeSync(LEDGER_FD, line);
  } catch {
    // Never let the instrument change what the activity does; a missing line fails the test visibly.
  }
}

const ledger = (ctx: ActivityContext): { inbound: ActivityInboundCallsInterceptor } => ({
  inbound: {
    async execute(input, next) {
      record('start', ctx);
      try {
        return await next(input);
      } finally {
        record('end', ctx);
      }
    },
  },
});

const SLOWED = ['/ExecuteMultiOperation', '/UpdateWorkflowExecution', '/ListWorkflowExecutions'];

/** Delays the answers (messages and status) of the calls in SLOWED by `ms`: the request goes out at once. */
function slowTemporalCalls(ms: number): Interceptor {
  return (options, nextCall) => {
    if (!SLOWED.some((m) => options.method_definition.path.endsWith(m))) return new InterceptingCall(nextCall(options));
    return new InterceptingCall(nextCall(options), {
      start(metadata, listener, next) {
        next(metadata, {
          onReceiveMessage: (message: unknown, nextMessage: (m: unknown) => void) =>
            setTimeout(() => nextMessage(message), ms),
          onReceiveStatus: (status, nextStatus) => setTimeout(() => nextStatus(status), ms),
        });
      },
    });
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config, 'worker');
  installTemporalRuntime(logger);
  const connection = await NativeConnection.connect(connectionOptions(config));
  const latency = Number(process.env.LEDGER_TEMPORAL_LATENCY_MS ?? 0);
  const clientConnection = await Connection.connect({
    ...connectionOptions(config),
    interceptors: clientInterceptors(...(latency > 0 ? [slowTemporalCalls(latency)] : [])),
  });
  const client = new Client({
    connection: clientConnection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(config),
  });
  try {
    const worker = await createWorker({
      connection,
      config,
      deps: { world: createOutsideWorld(config, logger), temporal: { client } },
      overrides: { interceptors: { activity: [ledger] } },
    });
    const health = createServer((_req, res) => {
      res.writeHead(worker.getState() === 'RUNNING' ? 200 : 503).end();
    });
    health.listen(config.WORKER_HEALTH_PORT, '127.0.0.1');
    await worker.run();
    health.close();
  } finally {
    await connection.close();
    await clientConnection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/**
 * The SDK's floor (bench/pin-latency.ts): a bare Temporal worker in a process of its own, like the
 * bench worker, but with none of our code: no interceptors, no payload codec, no sinks, the SDK's
 * default options, one no-op local activity and bench/workflows/sdk-floor.ts. What an update with a
 * local activity costs over a plain update here is what any worker pays for checking a PIN with Meta
 * inside the update, before the Meta call itself.
 * Env: TEMPORAL_ADDRESS, FLOOR_TASK_QUEUE, FLOOR_HEALTH_PORT (answers 200 once the worker runs).
 */
import { createServer } from 'node:http';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';

async function main(): Promise<void> {
  const { TEMPORAL_ADDRESS, FLOOR_TASK_QUEUE, FLOOR_HEALTH_PORT } = process.env;
  if (!TEMPORAL_ADDRESS || !FLOOR_TASK_QUEUE || !FLOOR_HEALTH_PORT)
    throw new Error('TEMPORAL_ADDRESS, FLOOR_TASK_QUEUE and FLOOR_HEALTH_PORT are required');
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const connection = await NativeConnection.connect({ address: TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: FLOOR_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows/sdk-floor'),
    activities: { floorNoop: async () => undefined },
  });
  const health = createServer((_req, res) => res.writeHead(worker.getState() === 'RUNNING' ? 200 : 503).end());
  health.listen(Number(FLOOR_HEALTH_PORT), '127.0.0.1');
  await worker.run();
  health.close();
  await connection.close();
}

main().catch((err: unknown) => {
  process.stderr.write(`sdk floor worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});

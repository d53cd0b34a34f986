/**
 * The steps of workers/main.ts with a timestamp after each (ms since the process started), printed
 * as JSON: where a cold start's time goes. Spawned by bench/cold-start.ts.
 */
const marks: Record<string, number> = { entry: performance.now() };

async function probe(): Promise<void> {
  const { NativeConnection } = await import('@temporalio/worker');
  marks.sdkLoaded = performance.now();
  const { createOutsideWorld } = await import('../integrations');
  const { loadConfig } = await import('../temporal.config');
  const { connectionOptions } = await import('../temporal/connection');
  const { createWorker } = await import('../workers/create-worker');
  marks.appLoaded = performance.now();
  const config = loadConfig();
  const connection = await NativeConnection.connect(connectionOptions(config));
  marks.connected = performance.now();
  const worker = await createWorker({ connection, config, deps: { world: createOutsideWorld(config) } });
  marks.workerCreated = performance.now();
  const running = worker.run();
  marks.running = performance.now();
  process.stdout.write(`${JSON.stringify(marks)}\n`);
  worker.shutdown();
  await running;
  await connection.close();
}

probe().catch((err: unknown) => {
  process.stderr.write(`cold-start probe failed: ${String(err)}\n`);
  process.exit(1);
});

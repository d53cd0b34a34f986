/**
 * The steps of a worker start with a timestamp after each (ms since the process started), printed
 * as JSON: where a cold start's time goes. `production`: exactly workers/main.ts's steps (our
 * modules, adapters, createWorker with WORKFLOW_BUNDLE_PATH). `baseline`: the SDK alone, a bare
 * Worker.create with the baselines' prebuilt bundle (BENCH_BASELINE_BUNDLE) and one no-op activity.
 * Spawned by bench/cold-start.ts.
 */
const marks: Record<string, number> = { entry: performance.now() };
const mode = process.argv[2] === 'baseline' ? 'baseline' : 'production';

async function start(): Promise<{ run(): Promise<void>; shutdown(): void; close(): Promise<void> }> {
  const { NativeConnection, Worker } = await import('@temporalio/worker');
  marks.sdkLoaded = performance.now();
  if (mode === 'baseline') {
    const { baselineActivities } = await import('./harness/baseline-activities.js');
    marks.appLoaded = performance.now();
    const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS as string });
    marks.connected = performance.now();
    const worker = await Worker.create({
      connection,
      taskQueue: process.env.TEMPORAL_TASK_QUEUE as string,
      workflowBundle: { codePath: process.env.BENCH_BASELINE_BUNDLE as string },
      activities: baselineActivities,
    });
    return { run: () => worker.run(), shutdown: () => worker.shutdown(), close: () => connection.close() };
  }
  const { loadConfig } = await import('../temporal.config.js');
  const { connectionOptions } = await import('../temporal/connection.js');
  const { createOutsideWorld } = await import('../integrations/index.js');
  const { createWorker } = await import('../workers/create-worker.js');
  marks.appLoaded = performance.now();
  const config = loadConfig();
  const connection = await NativeConnection.connect(connectionOptions(config));
  marks.connected = performance.now();
  const worker = await createWorker({ connection, config, deps: { world: createOutsideWorld(config) } });
  return { run: () => worker.run(), shutdown: () => worker.shutdown(), close: () => connection.close() };
}

async function probe(): Promise<void> {
  const worker = await start();
  marks.workerCreated = performance.now();
  const running = worker.run();
  marks.running = performance.now();
  process.stdout.write(`${JSON.stringify(marks)}\n`);
  worker.shutdown();
  await running;
  await worker.close();
}

probe().catch((err: unknown) => {
  process.stderr.write(`cold-start probe failed: ${String(err)}\n`);
  process.exit(1);
});

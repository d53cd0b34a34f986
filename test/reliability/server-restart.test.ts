/**
 * The Temporal dev server stops and restarts (same SQLite database) while migrations are in
 * flight: the worker reconnects and every migration completes, each with exactly one API key.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PortInStep } from '../../contracts/port-in';
import { startDevServer } from '../../scripts/stack/dev-server';
import { stopAll } from '../../scripts/stack/processes';
import { portInWorkflow } from '../../workflows';
import { submitPinUpdate } from '../../workflows/messages';
import { simulatorControl, startStack, testConfig } from '../harness/env';
import { atStep, portInInput } from '../harness/port-in-fixtures';

const sim = simulatorControl();

test('migrations in flight survive a Temporal server restart', async () => {
  const config = testConfig({ DEV_SERVER_PORT: '29233', DEV_UI_PORT: '29234', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'wa-restart-')) });
  const address = '127.0.0.1:29233';
  await startDevServer(config, ['--headless']);
  const stack = await startStack({ address, config: { ...config, TEMPORAL_ADDRESS: address } });
  try {
    const inputs = Array.from({ length: 5 }, () => portInInput());
    const handles = await Promise.all(
      inputs.map((input) =>
        stack.client.workflow.start(portInWorkflow, {
          taskQueue: config.TEMPORAL_TASK_QUEUE,
          workflowId: `port-in:${input.phone.e164}`,
          args: [input],
        }),
      ),
    );
    await Promise.all(handles.map((h) => atStep(h, PortInStep.AWAITING_PIN)));

    await stopAll(); // SIGTERM to the dev server's process group; the SQLite file stays
    await startDevServer(config, ['--headless']);

    const results = await Promise.all(
      handles.map(async (handle, i) => {
        const pin = (await sim.inbox(inputs[i]!.phone.e164)).at(-1)?.code ?? '';
        await retry(() => handle.executeUpdate(submitPinUpdate, { args: [{ pin }] }));
        return handle.result();
      }),
    );
    expect(results.map((r) => r.outcome)).toEqual(Array(5).fill('completed'));
    const counters = await sim.counters();
    for (const input of inputs) expect(counters.apiKeysMintedByNumber[input.phone.e164]).toBe(1);
  } finally {
    await stack.close();
    await stopAll();
  }
}, 180_000);

/** The client may see the server as unavailable for a moment after the restart. */
async function retry<T>(fn: () => Promise<T>, attempts = 20): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

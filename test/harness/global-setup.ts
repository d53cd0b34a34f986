/**
 * Once per Jest run: one real Temporal dev server (the cached CLI via existing-path, with our search
 * attributes), one workflow bundle shared by every test worker, and one external-world simulator.
 * Locations reach the test files through environment variables (read by test/harness/env.ts).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, type LogLevel } from '@temporalio/worker';
import { ensureTemporalCli, ensureTestServer } from '../../scripts/temporal-binaries';
import { startSimulator } from '../../simulator';
import { loadConfig } from '../../temporal.config';
import { ALL_SEARCH_ATTRIBUTES } from '../../contracts/search-attributes';
import { buildWorkflowBundle } from '../../workers/build-workflow-bundle';
import { createCodecServer, listen } from '../../codec-server/server';
import { createServer } from 'node:net';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export default async function globalSetup(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger((process.env.TEST_SDK_LOG_LEVEL ?? 'ERROR') as LogLevel) });
  const cli = ensureTemporalCli(config);
  const testServer = ensureTestServer(config);
  const dir = mkdtempSync(path.join(tmpdir(), 'wa-migrations-test-'));
  // The Web UI (for the ops browser check) decrypts payloads through a codec server, like `npm start`;
  // the CLI recipes (test/ops) reach it with a bearer token, as docs/ops.md tells ops to.
  const uiPort = await freePort();
  const codecToken = `codec-${randomUUID()}`;
  const codecServer = createCodecServer(
    loadConfig({
      CODEC_ALLOWED_ORIGINS: `http://127.0.0.1:${uiPort},http://localhost:${uiPort}`,
      CODEC_AUTH_TOKENS: codecToken,
    }),
  );
  const codecUrl = `http://127.0.0.1:${await listen(codecServer, 0)}`;

  const [env, bundlePath, simulator] = await Promise.all([
    TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'existing-path', path: cli },
        searchAttributes: [...ALL_SEARCH_ATTRIBUTES],
        dbFilename: path.join(dir, 'temporal.db'),
        ui: true,
        uiPort,
        extraArgs: [
          '--sqlite-pragma',
          'journal_mode=WAL',
          '--sqlite-pragma',
          'synchronous=OFF',
          '--log-level',
          'error',
          '--ui-codec-endpoint',
          codecUrl,
        ],
      },
    }),
    buildWorkflowBundle(path.join(dir, 'workflow-bundle.js')),
    startSimulator({ port: 0 }),
  ]);
  Object.assign(globalThis, { __TEMPORAL_ENV__: env, __SIMULATOR__: simulator, __CODEC_SERVER__: codecServer });
  process.env.TEST_TEMPORAL_UI_URL = `http://127.0.0.1:${uiPort}`;
  process.env.TEST_CODEC_URL = codecUrl;
  process.env.TEST_CODEC_TOKEN = codecToken;
  process.env.TEST_TEMPORAL_ADDRESS = env.address;
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;
  process.env.TEST_TEST_SERVER_PATH = testServer;
  process.env.TEST_TEMPORAL_CLI = cli;
  process.env.TEST_SIMULATOR_URL = simulator.url;
  process.env.TEST_DIR = dir;
}

/** The embedded Temporal dev server: persistent SQLite (WAL), our search attributes, the Web UI. */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import type { Config } from '../../temporal.config';
import { devServerSearchAttributeFlags } from '../../contracts/search-attributes';
import { ensureTemporalCli } from '../temporal-binaries';
import { assertPortFree, spawnManaged, waitUntil, type Managed } from './processes';

export async function startDevServer(config: Config, extraArgs: string[] = []): Promise<Managed> {
  await assertPortFree(config.DEV_SERVER_PORT, 'Temporal gRPC');
  await assertPortFree(config.DEV_UI_PORT, 'Temporal Web UI');
  await assertPortFree(config.DEV_SERVER_METRICS_PORT, 'Temporal server metrics');
  const cli = ensureTemporalCli(config);
  mkdirSync(config.DATA_DIR, { recursive: true });
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(config.DEV_SERVER_PORT),
    '--ui-port',
    String(config.DEV_UI_PORT),
    '--metrics-port',
    String(config.DEV_SERVER_METRICS_PORT),
    '--db-filename',
    path.join(config.DATA_DIR, 'temporal.db'),
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    'synchronous=OFF',
    '--log-level',
    'warn',
    ...(config.TEMPORAL_NAMESPACE === 'default' ? [] : ['--namespace', config.TEMPORAL_NAMESPACE]),
    ...devServerSearchAttributeFlags(),
    ...extraArgs,
  ];
  const server = spawnManaged('temporal', cli, args, { logFile: path.join(config.DATA_DIR, 'temporal-server.log') });
  await waitUntil('Temporal dev server', () => namespaceReady(config), { timeoutMs: 60_000, process: server });
  return server;
}

async function namespaceReady(config: Config): Promise<boolean> {
  const connection = await Connection.connect({ address: `127.0.0.1:${config.DEV_SERVER_PORT}`, connectTimeout: 1000 });
  try {
    await connection.workflowService.describeNamespace({ namespace: config.TEMPORAL_NAMESPACE });
    return true;
  } finally {
    await connection.close();
  }
}

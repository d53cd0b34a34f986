/**
 * The cluster's database before the services start: Temporal's schema (persistence and SQL
 * visibility) applied with temporal-sql-tool, and the history shard count it was created with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ServerBinaries } from './binaries';
import { PG_PASSWORD, PG_USER } from './postgres';
import { serverEnv } from './processes';

/** numHistoryShards is fixed when the database is created: say so before the server refuses. */
export function checkShards(dir: string, shards: number): void {
  const file = path.join(dir, 'shards');
  if (!existsSync(path.join(dir, 'pg', 'PG_VERSION')) || !existsSync(file)) return;
  const created = Number(readFileSync(file, 'utf8').trim());
  if (created !== shards) {
    throw new Error(
      `The cluster in ${dir} was created with ${created} history shards, CLUSTER_HISTORY_SHARDS is ${shards}: ` +
        `the shard count cannot change. Set CLUSTER_HISTORY_SHARDS=${created}, or delete ${dir} (all its workflows).`,
    );
  }
}

/** The shard count this database runs with, for checkShards at the next start. */
export function recordShards(dir: string, shards: number): void {
  writeFileSync(path.join(dir, 'shards'), `${shards}\n`);
}

/** create-database, setup-schema -v 0.0, update-schema: idempotent, and it upgrades an older schema. */
export function applySchema(binaries: ServerBinaries, port: number, log: string): void {
  const connect = ['--endpoint', '127.0.0.1', '--port', String(port), '--user', PG_USER, '--password', PG_PASSWORD];
  for (const [database, schema] of [
    ['temporal', 'temporal'],
    ['temporal_visibility', 'visibility'],
  ] as const) {
    const versioned = path.join(binaries.postgresSchemaDir, schema, 'versioned');
    for (const step of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '-d', versioned]]) {
      const args = [...connect, '--plugin', 'postgres12', '--database', database, ...step];
      const out = spawnSync(binaries.sqlTool, args, { encoding: 'utf8', env: serverEnv() });
      writeFileSync(log, `$ temporal-sql-tool ${args.join(' ')}\n${out.stdout}${out.stderr}\n`, { flag: 'a' });
      if (out.status !== 0) {
        throw new Error(`temporal-sql-tool ${step[0]} on ${database} failed (exit ${out.status}); see ${log}`);
      }
    }
  }
}

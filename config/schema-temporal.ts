/** Settings of `ConfigSchema` (temporal.config.ts): which Temporal, whether it is a real cluster, the local servers. */
import { z } from 'zod';
import { bool, port } from './schema-parts';

export const temporalShape = {
  // Temporal connection, following the TEMPORAL_* conventions of the CLI and envconfig.
  TEMPORAL_ADDRESS: z
    .string()
    .optional()
    .describe('host:port of an existing Temporal server; unset = start the embedded dev server'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default').describe('Temporal namespace'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('wa-migrations').describe('task queue of the migration worker'),
  TEMPORAL_API_KEY: z.string().optional().describe('API key for Temporal Cloud (implies TLS)'),
  TEMPORAL_TLS: bool.default(false).describe('use TLS to reach Temporal'),
  TEMPORAL_TLS_CLIENT_CERT_PATH: z.string().optional().describe('mTLS client certificate (PEM file)'),
  TEMPORAL_TLS_CLIENT_KEY_PATH: z.string().optional().describe('mTLS client key (PEM file)'),
  TEMPORAL_TLS_SERVER_CA_CERT_PATH: z.string().optional().describe('CA certificate of the server (PEM file)'),
  TEMPORAL_TLS_SERVER_NAME: z.string().optional().describe('TLS server name override'),

  // Production safety. TEMPORAL_ADDRESS set or NODE_ENV=production = a real cluster: the dev-only
  // secrets refuse to start (by value, all listed at once). NODE_ENV=production also refuses the
  // simulator (URLs on loopback:SIMULATOR_PORT, its partner ID); TEMPORAL_ADDRESS alone may be a
  // staging cluster with the simulator. ALLOW_DEV_SECRETS=true lifts both: local cluster only.
  NODE_ENV: z
    .string()
    .optional()
    .describe('`production` refuses the dev-only secrets and the simulator (URLs, partner ID)'),
  ALLOW_DEV_SECRETS: bool
    .default(false)
    .describe('accept the dev-only defaults with TEMPORAL_ADDRESS or NODE_ENV=production: for a local cluster only'),

  // Embedded dev server and the binaries behind it.
  TEMPORAL_CLI_PATH: z.string().optional().describe('explicit path of the `temporal` CLI binary'),
  TEMPORAL_TEST_SERVER_PATH: z.string().optional().describe('explicit path of the time-skipping test server launcher'),
  TEMPORAL_BINARIES_CACHE: z
    .string()
    .optional()
    .describe('cache folder for built binaries (default ~/.cache/wa-migrations)'),
  DEV_SERVER_PORT: port.default(7233).describe('gRPC port of the embedded dev server'),
  DEV_UI_PORT: port.default(8233).describe('Web UI port of the embedded dev server'),
  DEV_SERVER_METRICS_PORT: port
    .default(9466)
    .describe("port of the embedded dev server's own Prometheus `/metrics` (the Temporal server's)"),
  DATA_DIR: z.string().default('.data').describe('folder for the dev server SQLite database and logs'),

  // The local production-shaped cluster of `npm run cluster` (PostgreSQL + four services).
  CLUSTER_FRONTEND_PORT: port
    // Temporal's SQL schema keeps membership ports (this + 10..13) in a SMALLINT column.
    .max(32767 - 13, 'at most 32754: the membership ports (this + 10..13) must fit SMALLINT in the SQL schema')
    .default(7333)
    .describe(
      '`npm run cluster`: its frontend gRPC port, the TEMPORAL_ADDRESS of the worker and API; history, matching, worker, HTTP, membership and metrics take the ports up to 23 above it',
    ),
  CLUSTER_POSTGRES_PORT: port
    .default(5544)
    .describe('`npm run cluster`: port of its private PostgreSQL (data in DATA_DIR/cluster/pg)'),
  CLUSTER_HISTORY_SHARDS: z.coerce
    .number()
    .int()
    .min(1)
    .max(16384)
    .default(4)
    .describe('`npm run cluster`: history shards, fixed when its database is created'),
};

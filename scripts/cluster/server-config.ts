/**
 * The local cluster's Temporal server configuration: one YAML file per service (they differ only
 * in the Prometheus port, since four processes share the host) and one dynamic config file.
 * Written on every start from the settings, so a changed port takes effect on the next start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PG_PASSWORD, PG_USER } from './postgres';

export const SERVICES = ['history', 'matching', 'frontend', 'worker'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface ClusterPorts {
  grpc: Record<ServiceName, number>;
  membership: Record<ServiceName, number>;
  metrics: Record<ServiceName, number>;
  frontendHttp: number;
  postgres: number;
}

const OFFSET: Record<ServiceName, number> = { frontend: 0, history: 1, matching: 2, worker: 3 };

/**
 * Every port from two settings: gRPC frontend, history, matching, worker at base..base+3, the
 * frontend's HTTP API at base+4, membership (ringpop) at base+10.., Prometheus at base+20..
 */
export function clusterPorts(frontendPort: number, postgresPort: number): ClusterPorts {
  const block = (start: number) =>
    Object.fromEntries(SERVICES.map((s) => [s, frontendPort + start + OFFSET[s]])) as Record<ServiceName, number>;
  return {
    grpc: block(0),
    membership: block(10),
    metrics: block(20),
    frontendHttp: frontendPort + 4,
    postgres: postgresPort,
  };
}

/** The gRPC health service each service reports on its own port (the worker service has none). */
export const HEALTH_SERVICE: Partial<Record<ServiceName, string>> = {
  frontend: 'temporal.api.workflowservice.v1.WorkflowService',
  history: 'temporal.api.workflowservice.v1.HistoryService',
  matching: 'temporal.api.workflowservice.v1.MatchingService',
};

export interface ServerConfigFiles {
  /** `--config-file` of each service */
  configFile: Record<ServiceName, string>;
  dynamicConfigFile: string;
}

/**
 * Dynamic config: what the project relies on, stated even where 1.30 has it on by default, so a
 * later default change cannot take it away silently. Update-with-Start (executeUpdateWithStart in
 * activities/leases.ts) needs no key at 1.30: `frontend.enableExecuteMultiOperation`, which the dev
 * server of older CLIs set, no longer exists and the API is always on.
 */
function dynamicConfig(): string {
  const entries: [string, unknown][] = [
    // Updates with validators (PIN, lease asks), also waiting for the Accepted stage.
    ['frontend.enableUpdateWorkflowExecution', true],
    ['frontend.enableUpdateWorkflowExecutionAsyncAccepted', true],
    ['system.enableEagerWorkflowStart', true],
    // The project uses no Nexus endpoint; off, it needs no callback URL.
    ['system.enableNexus', false],
    // The API's and ops' lists run on visibility; the default 10 per second is tight for a batch's
    // pages (the dev server raises it to 100 too).
    ['frontend.namespaceRPS.visibility', 100],
  ];
  return entries.map(([key, value]) => `${key}:\n  - value: ${JSON.stringify(value)}\n`).join('');
}

function serverConfig(opts: {
  service: ServiceName;
  ports: ClusterPorts;
  shards: number;
  dynamicConfigFile: string;
  logLevel: string;
}): string {
  const { ports } = opts;
  const store = (database: string, maxConns: number) => `      sql:
        pluginName: postgres12
        databaseName: ${database}
        connectAddr: "127.0.0.1:${ports.postgres}"
        connectProtocol: tcp
        user: ${PG_USER}
        password: ${JSON.stringify(PG_PASSWORD)}
        maxConns: ${maxConns}
        maxIdleConns: ${maxConns}
        maxConnLifetime: 1h`;
  const rpc = (s: ServiceName) => `  ${s}:
    rpc:
      grpcPort: ${ports.grpc[s]}
      membershipPort: ${ports.membership[s]}
      bindOnIP: 127.0.0.1${s === 'frontend' ? `\n      httpPort: ${ports.frontendHttp}` : ''}`;
  return `# Written by scripts/cluster/server-config.ts on every \`npm run cluster\`: edits are overwritten.
log:
  stdout: true
  level: ${opts.logLevel}
  format: json

persistence:
  defaultStore: default
  visibilityStore: visibility
  numHistoryShards: ${opts.shards}
  datastores:
    default:
${store('temporal', 20)}
    visibility:
${store('temporal_visibility', 10)}

global:
  membership:
    maxJoinDuration: 30s
    broadcastAddress: 127.0.0.1
  metrics:
    prometheus:
      framework: tally
      timerType: histogram
      listenAddress: "127.0.0.1:${ports.metrics[opts.service]}"

services:
${SERVICES.map(rpc).join('\n')}

clusterMetadata:
  enableGlobalNamespace: false
  failoverVersionIncrement: 10
  masterClusterName: active
  currentClusterName: active
  clusterInformation:
    active:
      enabled: true
      initialFailoverVersion: 1
      rpcName: frontend
      rpcAddress: "127.0.0.1:${ports.grpc.frontend}"

dcRedirectionPolicy:
  policy: noop

dynamicConfigClient:
  filepath: ${JSON.stringify(opts.dynamicConfigFile)}
  pollInterval: 10s
`;
}

export function writeServerConfig(
  dir: string,
  opts: { ports: ClusterPorts; shards: number; logLevel: string },
): ServerConfigFiles {
  mkdirSync(dir, { recursive: true });
  const dynamicConfigFile = path.resolve(dir, 'dynamicconfig.yaml');
  writeFileSync(dynamicConfigFile, dynamicConfig());
  const configFile = {} as Record<ServiceName, string>;
  for (const service of SERVICES) {
    configFile[service] = path.resolve(dir, `${service}.yaml`);
    writeFileSync(configFile[service], serverConfig({ ...opts, service, dynamicConfigFile }));
  }
  return { configFile, dynamicConfigFile };
}

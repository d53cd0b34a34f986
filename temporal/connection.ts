/**
 * Connection options for client and worker from the config: the embedded dev server locally,
 * any Temporal cluster or Temporal Cloud (address, namespace, TLS or API key) in production.
 */
import { readFileSync } from 'node:fs';
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import type { Config } from '../temporal.config';

export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.DEV_SERVER_PORT}`;
}

/** Options both `Connection` (client) and `NativeConnection` (worker) accept. */
export interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig;
  apiKey?: string;
  metadata?: Record<string, string>;
}

export function connectionOptions(config: Config): TemporalConnectionOptions {
  const useTls =
    config.TEMPORAL_TLS || Boolean(config.TEMPORAL_API_KEY) || Boolean(config.TEMPORAL_TLS_CLIENT_CERT_PATH);
  const tls = useTls
    ? {
        serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
        serverRootCACertificate: config.TEMPORAL_TLS_SERVER_CA_CERT_PATH
          ? readFileSync(config.TEMPORAL_TLS_SERVER_CA_CERT_PATH)
          : undefined,
        clientCertPair:
          config.TEMPORAL_TLS_CLIENT_CERT_PATH && config.TEMPORAL_TLS_CLIENT_KEY_PATH
            ? {
                crt: readFileSync(config.TEMPORAL_TLS_CLIENT_CERT_PATH),
                key: readFileSync(config.TEMPORAL_TLS_CLIENT_KEY_PATH),
              }
            : undefined,
      }
    : undefined;
  return {
    address: temporalAddress(config),
    tls,
    apiKey: config.TEMPORAL_API_KEY,
    metadata: config.TEMPORAL_API_KEY ? { 'temporal-namespace': config.TEMPORAL_NAMESPACE } : undefined,
  };
}

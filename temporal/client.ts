/** One Temporal client per process, with the encryption codec; used by the API, scripts and tests. */
import { Client, Connection, type ClientInterceptors } from '@temporalio/client';
import type { Config } from '../temporal.config';
import { clientInterceptors } from './closed-channel';
import { connectionOptions } from './connection';
import { EncryptionCodec } from './encryption-codec';

export function dataConverter(config: Pick<Config, 'PAYLOAD_ENCRYPTION_KEYS'>) {
  return { payloadCodecs: [EncryptionCodec.fromSetting(config.PAYLOAD_ENCRYPTION_KEYS)] };
}

/** `interceptors`: e.g. Temporal's OpenTelemetry one, which carries a request's trace into the workflow. */
export async function createTemporalClient(config: Config, interceptors?: ClientInterceptors): Promise<Client> {
  const connection = await Connection.connect({ ...connectionOptions(config), interceptors: clientInterceptors() });
  return new Client({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    dataConverter: dataConverter(config),
    interceptors,
  });
}

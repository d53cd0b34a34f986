/**
 * The codec server the Temporal Web UI calls to show encrypted payloads in clear (`POST /decode`,
 * `POST /encode`, the Temporal remote-codec protocol). Access control: a request must carry one of
 * CODEC_AUTH_TOKENS as a bearer token, or, only while the server listens on a loopback address,
 * come from an allowed browser origin (the local Web UI, which cannot send a token). An `Origin`
 * header is trivially forged by a non-browser client, so it is never trusted on a reachable
 * address; everyone else gets 401 and sees ciphertext only. Secrets sealed inside payloads
 * (contracts/sealed.ts) stay sealed: `/decode` shows them as `sealed:<purpose>:<keyId>:…`. This
 * server never has the sealing keys: its config type leaves them out.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import type { Logger } from '../observability/logger';
import { redactSealed } from '../contracts/sealed';
import type { Config } from '../temporal.config';
import { EncryptionCodec } from '../temporal/encryption-codec';

/** All the codec server is given (no sealing keys). */
export type CodecServerConfig = Pick<
  Config,
  'PAYLOAD_ENCRYPTION_KEYS' | 'CODEC_ALLOWED_ORIGINS' | 'CODEC_AUTH_TOKENS' | 'CODEC_SERVER_HOST'
>;

interface JSONPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJSON = (p: JSONPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: p.data !== undefined ? Buffer.from(p.data, 'base64') : undefined,
});
const toJSON = (p: Payload): JSONPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: p.data ? Buffer.from(p.data).toString('base64') : undefined,
});

export function createCodecServer(config: CodecServerConfig, logger?: Logger): Server {
  const codec = EncryptionCodec.fromSetting(config.PAYLOAD_ENCRYPTION_KEYS);
  const origins = new Set(config.CODEC_ALLOWED_ORIGINS);
  const tokens = new Set(config.CODEC_AUTH_TOKENS);
  const trustOrigins = isLoopback(config.CODEC_SERVER_HOST);
  if (!trustOrigins && origins.size > 0) {
    logger?.warn(
      { host: config.CODEC_SERVER_HOST },
      'codec server on a non-loopback address: browser origins alone are not trusted, a bearer token is required',
    );
  }

  return createServer((req, res) => {
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST' || (req.url !== '/decode' && req.url !== '/encode'))
      return reply(res, 404, { error: 'not found' });
    if (!authorised(req, trustOrigins ? origins : new Set(), tokens))
      return reply(res, 401, { error: 'not authorised to decode payloads' });
    readJson(req)
      .then(async (body) => {
        const payloads = ((body as { payloads?: JSONPayload[] }).payloads ?? []).map(fromJSON);
        const out =
          req.url === '/decode'
            ? (await codec.decode(payloads)).map(withSealedAsPlaceholders)
            : await codec.encode(payloads);
        reply(res, 200, { payloads: out.map(toJSON) });
      })
      .catch((err: unknown) => {
        logger?.warn({ err: String(err), path: req.url }, 'codec request failed');
        reply(res, 400, { error: 'malformed or undecodable payloads' });
      });
  });
}

/** A decoded JSON payload with each sealed string replaced by its placeholder; other payloads unchanged. */
function withSealedAsPlaceholders(payload: Payload): Payload {
  const encoding = Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString();
  if (encoding !== 'json/plain' || !payload.data) return payload;
  const text = Buffer.from(payload.data).toString('utf8');
  if (!text.includes('sealed:')) return payload;
  return { ...payload, data: Buffer.from(JSON.stringify(redactSealed(JSON.parse(text))), 'utf8') };
}

function authorised(req: IncomingMessage, origins: Set<string>, tokens: Set<string>): boolean {
  const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
  if (bearer) return tokens.has(bearer);
  return req.headers.origin !== undefined && origins.has(req.headers.origin);
}

/** 127.0.0.0/8, ::1 and localhost: only processes on this machine can reach such an address. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function reply(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

export async function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
  return (server.address() as AddressInfo).port;
}

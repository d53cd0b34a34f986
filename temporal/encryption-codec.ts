/**
 * AES-256-GCM payload codec with key IDs: every payload in history (PINs, API keys, inputs) is
 * encrypted by client and worker; the first key encrypts, all keys decrypt, so keys can rotate.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { METADATA_ENCODING_KEY } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
const ENCRYPTION_KEY_ID = 'encryption-key-id';

export class EncryptionCodec implements PayloadCodec {
  private readonly encryptId: string;

  constructor(private readonly keys: ReadonlyMap<string, Buffer>) {
    const first = keys.keys().next();
    if (first.done) throw new Error('EncryptionCodec needs at least one key');
    this.encryptId = first.value;
  }

  /** Parses `id:base64,id2:base64` (PAYLOAD_ENCRYPTION_KEYS); each key must be 32 bytes. */
  static fromSetting(setting: string): EncryptionCodec {
    const keys = new Map<string, Buffer>();
    for (const part of setting
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const [id, b64] = part.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || key.length !== 32)
        throw new Error(`PAYLOAD_ENCRYPTION_KEYS: key "${id ?? ''}" must be id:base64 of 32 bytes`);
      keys.set(id, key);
    }
    return new EncryptionCodec(keys);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.keys.get(this.encryptId) as Buffer;
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: {
          [METADATA_ENCODING_KEY]: Buffer.from(ENCODING),
          [ENCRYPTION_KEY_ID]: Buffer.from(this.encryptId),
        },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[ENCRYPTION_KEY_ID] ?? []).toString();
      const key = this.keys.get(keyId);
      if (!key) throw new Error(`no decryption key with id "${keyId}"`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

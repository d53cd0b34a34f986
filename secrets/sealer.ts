/**
 * Seals secrets (PINs, API keys) where they enter, with SECRET_SEALING_KEYS: AES-256-GCM from Node's
 * crypto, the header (format, purpose, key ID) authenticated as AAD, the plaintext padded to a fixed
 * size per purpose. Separate from the payload codec: whoever may read payloads (codec server, Web
 * UI, CLI) sees only `sealed:<purpose>:<keyId>:…`; only holders of these keys see the secret.
 * The first key seals, every key unseals, so keys rotate without breaking values sealed earlier.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { parseSealed, SEALED_PADDED_BYTES, sealedHeader, type Sealed, type SealedPurpose } from '../contracts/sealed';
import { SealedValueError, SealingKeysError } from './errors';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const LENGTH_BYTES = 2;

export class SecretSealer {
  private readonly sealId: string;

  constructor(private readonly keys: ReadonlyMap<string, Buffer>) {
    const first = keys.keys().next();
    if (first.done) throw new SealingKeysError('at least one key is needed');
    this.sealId = first.value;
  }

  /** Parses `id:base64,id2:base64` (SECRET_SEALING_KEYS); each key must be 32 bytes. */
  static fromSetting(setting: string): SecretSealer {
    const keys = new Map<string, Buffer>();
    for (const part of setting.split(',').map((s) => s.trim())) {
      if (!part) continue;
      const [id, b64, ...rest] = part.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || !/^[\w.-]{1,32}$/.test(id) || key.length !== 32 || rest.length)
        throw new SealingKeysError(`key "${id ?? ''}" must be id:base64 of 32 bytes`);
      keys.set(id, key);
    }
    return new SecretSealer(keys);
  }

  /** The ID of the key new values are sealed with. */
  get currentKeyId(): string {
    return this.sealId;
  }

  seal<P extends SealedPurpose>(purpose: P, plaintext: string): Sealed<P> {
    const secret = Buffer.from(plaintext, 'utf8');
    const size = SEALED_PADDED_BYTES[purpose];
    if (secret.length > size)
      throw new SealedValueError(purpose, `longer than the ${size} bytes a ${purpose} may have`);
    const padded = Buffer.alloc(LENGTH_BYTES + size);
    padded.writeUInt16BE(secret.length, 0);
    secret.copy(padded, LENGTH_BYTES);
    const header = sealedHeader(purpose, this.sealId);
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.sealId) as Buffer, iv);
    cipher.setAAD(Buffer.from(header, 'utf8'));
    const body = Buffer.concat([iv, cipher.update(padded), cipher.final(), cipher.getAuthTag()]);
    return `${header}:${body.toString('base64url')}` as Sealed<P>;
  }

  /** The plaintext of a value sealed for `purpose`; SealedValueError for anything else (never echoing it). */
  unseal(purpose: SealedPurpose, value: unknown): string {
    const parts = parseSealed(value);
    if (!parts) throw new SealedValueError(purpose, 'not a sealed value');
    if (parts.purpose !== purpose) throw new SealedValueError(purpose, `sealed for ${parts.purpose}`);
    const key = this.keys.get(parts.keyId);
    if (!key) throw new SealedValueError(purpose, `sealed with key "${parts.keyId}", which is not configured`);
    const data = Buffer.from(parts.body, 'base64url');
    let padded: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(sealedHeader(parts.purpose, parts.keyId), 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      padded = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new SealedValueError(purpose, 'does not authenticate (altered, or sealed with another key)');
    }
    const length = padded.readUInt16BE(0);
    if (length > padded.length - LENGTH_BYTES) throw new SealedValueError(purpose, 'has a bad length');
    return padded.subarray(LENGTH_BYTES, LENGTH_BYTES + length).toString('utf8');
  }
}

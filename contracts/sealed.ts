/**
 * Sealed secrets: the shape only, so the workflow bundle (no Node crypto) can check it. A sealed
 * value is `sealed:v1:<purpose>:<keyId>:<base64url(iv | ciphertext | tag)>`; `secrets/sealer.ts`
 * seals and unseals it with SECRET_SEALING_KEYS. Workflows only move sealed values; the payload
 * codec server shows them as placeholders (`sealed:<purpose>:<keyId>:…`), never their content.
 */

export const SEALED_FORMAT = 'v1';

/**
 * What a sealed value may be used for, with the fixed size its plaintext is padded to (so the
 * sealed value does not tell the secret's length). The purpose is authenticated: a value sealed
 * for `pin` does not unseal as `api-key`.
 */
export const SEALED_PADDED_BYTES = {
  pin: 32,
  'api-key': 256,
  'two-factor-pin': 32,
  'signup-code': 512,
} as const;

export type SealedPurpose = keyof typeof SEALED_PADDED_BYTES;

/** A sealed string; the brand keeps plaintext from being passed where a sealed value is expected. */
export type Sealed<P extends SealedPurpose = SealedPurpose> = string & { readonly __sealedFor: P };

const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_ID = /^[\w.-]{1,32}$/;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export interface SealedParts {
  purpose: SealedPurpose;
  keyId: string;
  /** base64url of iv, ciphertext and tag. */
  body: string;
}

/** The header that is authenticated (AAD) with the ciphertext: format version, purpose, key ID. */
export const sealedHeader = (purpose: SealedPurpose, keyId: string): string =>
  `sealed:${SEALED_FORMAT}:${purpose}:${keyId}`;

/** Length of the base64url body for a purpose: every sealed value of a purpose has the same length. */
export function sealedBodyLength(purpose: SealedPurpose): number {
  return Math.ceil(((IV_BYTES + 2 + SEALED_PADDED_BYTES[purpose] + TAG_BYTES) * 4) / 3);
}

/** The parts of a well-formed sealed value, or undefined (no crypto: says nothing about authenticity). */
export function parseSealed(value: unknown): SealedParts | undefined {
  if (typeof value !== 'string' || !value.startsWith('sealed:')) return undefined;
  const [prefix, format, purpose, keyId, body, ...rest] = value.split(':');
  if (prefix !== 'sealed' || format !== SEALED_FORMAT || rest.length > 0) return undefined;
  if (!purpose || !Object.hasOwn(SEALED_PADDED_BYTES, purpose)) return undefined;
  const p = purpose as SealedPurpose;
  if (!keyId || !KEY_ID.test(keyId) || !body || !BASE64URL.test(body)) return undefined;
  if (body.length !== sealedBodyLength(p)) return undefined;
  return { purpose: p, keyId, body };
}

/** Whether `value` has the shape of a value sealed for `purpose`. */
export function isSealed<P extends SealedPurpose>(value: unknown, purpose: P): value is Sealed<P> {
  return parseSealed(value)?.purpose === purpose;
}

/** What people with payload access see instead of a sealed value: its purpose and key ID only. */
export function sealedPlaceholder(parts: Pick<SealedParts, 'purpose' | 'keyId'>): string {
  return `sealed:${parts.purpose}:${parts.keyId}:…`;
}

/** A copy of a JSON value with every sealed string replaced by its placeholder. */
export function redactSealed(value: unknown): unknown {
  if (typeof value === 'string') {
    const parts = parseSealed(value);
    return parts ? sealedPlaceholder(parts) : value;
  }
  if (Array.isArray(value)) return value.map(redactSealed);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactSealed(v)]));
  return value;
}

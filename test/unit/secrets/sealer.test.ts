/**
 * The sealer: AES-256-GCM with the header (format, purpose, key ID) authenticated, plaintext padded
 * to a fixed size per purpose, first key seals and all unseal (rotation), and the pure shape check
 * the workflow uses agrees with it.
 */
import { randomBytes } from 'node:crypto';
import { isSealed, parseSealed, redactSealed, SEALED_PADDED_BYTES } from '../../../contracts/sealed';
import { SealedValueError, SecretSealer, SealingKeysError, sealerFor } from '../../../secrets';
import { type ConfigError, loadConfig } from '../../../temporal.config';

const key = () => randomBytes(32).toString('base64');
const k1 = `k1:${key()}`;
const k2 = `k2:${key()}`;

test('a sealed PIN unseals to itself, names format, purpose and key, and passes the shape check', () => {
  const sealer = SecretSealer.fromSetting(k1);
  const sealed = sealer.seal('pin', '123456');
  expect(sealed).toMatch(/^sealed:v1:pin:k1:[A-Za-z0-9_-]+$/);
  expect(sealed).not.toContain('123456');
  expect(sealer.unseal('pin', sealed)).toBe('123456');
  expect(isSealed(sealed, 'pin')).toBe(true);
  expect(isSealed(sealed, 'api-key')).toBe(false);
  expect(isSealed('123456', 'pin')).toBe(false);
  expect(sealer.seal('pin', '123456')).not.toBe(sealed); // a fresh IV every time
});

test('a value sealed for pin does not unseal as api-key, even with its header rewritten (AAD)', () => {
  const sealer = SecretSealer.fromSetting(k1);
  const sealed = sealer.seal('pin', '123456');
  expect(() => sealer.unseal('api-key', sealed)).toThrow(SealedValueError);
  // Same body length requirement aside, a rewritten purpose or key ID fails authentication.
  const asTwoFactor = sealed.replace(':pin:', ':two-factor-pin:');
  expect(parseSealed(asTwoFactor)?.purpose).toBe('two-factor-pin');
  expect(() => sealer.unseal('two-factor-pin', asTwoFactor)).toThrow(/does not authenticate/);
  const body = sealed.split(':')[4] as string;
  const flipped = `${sealed.slice(0, -body.length)}${body[0] === 'A' ? 'B' : 'A'}${body.slice(1)}`;
  expect(() => sealer.unseal('pin', flipped)).toThrow(/does not authenticate/);
});

test('the sealed length does not depend on the secret length; too long a secret is refused', () => {
  const sealer = SecretSealer.fromSetting(k1);
  const lengths = new Set(
    ['a', 'x'.repeat(40), 'y'.repeat(SEALED_PADDED_BYTES['api-key'])].map((s) => sealer.seal('api-key', s).length),
  );
  expect(lengths.size).toBe(1);
  expect(sealer.unseal('api-key', sealer.seal('api-key', ''))).toBe('');
  expect(() => sealer.seal('pin', 'z'.repeat(SEALED_PADDED_BYTES.pin + 1))).toThrow(SealedValueError);
});

test('key rotation: sealed with k1, k2 put first: the old value unseals, new values use k2', () => {
  const before = SecretSealer.fromSetting(k1);
  const old = before.seal('api-key', 'old-key-value');
  const rotated = SecretSealer.fromSetting(`${k2},${k1}`);
  expect(rotated.currentKeyId).toBe('k2');
  expect(rotated.unseal('api-key', old)).toBe('old-key-value');
  const fresh = rotated.seal('api-key', 'new-key-value');
  expect(parseSealed(fresh)?.keyId).toBe('k2');
  expect(rotated.unseal('api-key', fresh)).toBe('new-key-value');
  // Once k1 is dropped, its values no longer unseal (and the error names the key, not the value).
  expect(() => SecretSealer.fromSetting(k2).unseal('api-key', old)).toThrow(/key "k1", which is not configured/);
  expect(() => before.unseal('api-key', fresh)).toThrow(SealedValueError);
});

test('errors never echo the secret or the sealed value', () => {
  const sealer = SecretSealer.fromSetting(k1);
  const sealed = sealer.seal('pin', '654321');
  for (const attempt of [() => sealer.unseal('api-key', sealed), () => sealer.unseal('pin', '654321')]) {
    expect(attempt).toThrow(SealedValueError);
    try {
      attempt();
    } catch (err) {
      expect(String(err)).not.toContain('654321');
      expect(String(err)).not.toContain(sealed.split(':')[4]);
    }
  }
});

test('malformed key settings are refused; the config has a dev default, refused on a real cluster', () => {
  expect(() => SecretSealer.fromSetting('')).toThrow(SealingKeysError);
  expect(() => SecretSealer.fromSetting(`k1:${randomBytes(16).toString('base64')}`)).toThrow(SealingKeysError);
  const config = loadConfig({});
  expect(sealerFor(config)).toBe(sealerFor(config));
  expect(sealerFor(config).currentKeyId).toBe('dev');
  let refused: ConfigError | undefined;
  try {
    loadConfig({ NODE_ENV: 'production' });
  } catch (err) {
    refused = err as ConfigError;
  }
  expect(refused?.devOnly).toContain('SECRET_SEALING_KEYS');
  expect(refused?.message).not.toContain(loadConfig({}).SECRET_SEALING_KEYS);
  expect(() => loadConfig({ SECRET_SEALING_KEYS: 'k1:short' })).toThrow(/SECRET_SEALING_KEYS: expected id:base64/);
});

test('redactSealed replaces sealed strings anywhere in JSON by purpose and key ID only', () => {
  const sealer = SecretSealer.fromSetting(k2);
  const value = {
    id: 'key1',
    apiKey: sealer.seal('api-key', 'secret-value'),
    list: [sealer.seal('pin', '111111'), 'plain'],
  };
  expect(redactSealed(value)).toEqual({
    id: 'key1',
    apiKey: 'sealed:api-key:k2:…',
    list: ['sealed:pin:k2:…', 'plain'],
  });
});

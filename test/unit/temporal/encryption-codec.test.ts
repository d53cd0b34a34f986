/** The payload codec: round trip, nothing readable in the encoded bytes, key rotation, wrong keys fail. */
import { defaultPayloadConverter } from '@temporalio/common';
import { randomBytes } from 'node:crypto';
import { EncryptionCodec } from '../../../temporal/encryption-codec';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

test('encrypts so that no plaintext remains, and decrypts back', async () => {
  const codec = EncryptionCodec.fromSetting(key('k1'));
  const payload = defaultPayloadConverter.toPayload({ pin: '482913', apiKey: 'secret-api-key-value' });
  const [encoded] = await codec.encode([payload]);
  expect(Buffer.from(encoded?.data ?? []).toString('latin1')).not.toMatch(/482913|secret-api-key-value/);
  expect(Buffer.from(encoded?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('k1');
  const [decoded] = await codec.decode([encoded!]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ pin: '482913', apiKey: 'secret-api-key-value' });
});

test('a rotated codec still decrypts payloads written with the old key', async () => {
  const old = key('old');
  const oldCodec = EncryptionCodec.fromSetting(old);
  const rotated = EncryptionCodec.fromSetting(`${key('new')},${old}`);
  const [encoded] = await oldCodec.encode([defaultPayloadConverter.toPayload('hello')]);
  const [decoded] = await rotated.decode([encoded!]);
  expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('hello');
  const [reencoded] = await rotated.encode([decoded!]);
  expect(Buffer.from(reencoded?.metadata?.['encryption-key-id'] ?? []).toString()).toBe('new');
});

test('unknown key IDs and malformed keys fail clearly', async () => {
  const [encoded] = await EncryptionCodec.fromSetting(key('a')).encode([defaultPayloadConverter.toPayload(1)]);
  await expect(EncryptionCodec.fromSetting(key('b')).decode([encoded!])).rejects.toThrow(
    /no decryption key with id "a"/,
  );
  expect(() => EncryptionCodec.fromSetting('x:c2hvcnQ=')).toThrow(/32 bytes/);
});

test('a tampered ciphertext, IV or auth tag fails authentication instead of decrypting to garbage', async () => {
  const codec = EncryptionCodec.fromSetting(key('k'));
  const [encoded] = await codec.encode([defaultPayloadConverter.toPayload({ pin: '482913' })]);
  const data = Buffer.from(encoded?.data ?? []);
  for (const at of [0, 12, data.length - 1]) {
    const tampered = Buffer.from(data);
    tampered[at] = (tampered[at] ?? 0) ^ 0x01;
    await expect(codec.decode([{ ...encoded, data: tampered }])).rejects.toThrow(/authenticate/);
  }
});

test('each encoding uses a fresh IV; unencrypted payloads pass through decode untouched', async () => {
  const codec = EncryptionCodec.fromSetting(key('k'));
  const payload = defaultPayloadConverter.toPayload('same');
  const [a, b] = await codec.encode([payload, payload]);
  expect(Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []))).toBe(false);
  const [plain] = await codec.decode([payload]);
  expect(plain).toBe(payload);
});

test('an empty key setting is refused', () => {
  expect(() => EncryptionCodec.fromSetting(' , ')).toThrow(/at least one key/);
});

/** Page tokens carry a checksum: what the API gave out comes back intact; anything else is a 422. */
import { decodePageToken, encodePageToken } from '../../../client/page-token';

test('a token round-trips to the bytes Temporal gave', () => {
  const raw = Buffer.from([0, 1, 2, 250, 255, 34, 123]);
  const token = encodePageToken(raw);
  expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodePageToken(token)).toEqual(raw);
});

test.each(['Z2FyYmFnZS10b2tlbg', 'A', '', 'AAAAAAAAAAAAAAAA'])('a token never given out (%j) names pageToken', (t) => {
  expect(() => decodePageToken(t)).toThrow(
    expect.objectContaining({
      name: 'InvalidMigrationInputError',
      issues: [{ field: 'pageToken', message: 'invalid or expired page token' }],
    }),
  );
});

test('one changed character is caught', () => {
  const token = encodePageToken(Buffer.from('a real Temporal page token'));
  const flipped = `${token.slice(0, -2)}${token.at(-2) === 'A' ? 'B' : 'A'}${token.at(-1)}`;
  expect(() => decodePageToken(flipped)).toThrow(/pageToken|invalid/);
});

/** Owner action links: what they bind, rotation, and every way a link is refused. */
import { randomBytes } from 'node:crypto';
import { ActionLinkError, actionLinks } from '../../../secrets/action-links';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const claims = {
  migrationId: 'port-in:+4915123456789',
  runId: 'run-1',
  step: 'AWAITING_PIN',
  action: 'enter_code' as const,
  expiresAt: new Date(Date.now() + 3_600_000),
  issuedAt: new Date(),
};
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: unknown) => (err instanceof ActionLinkError ? err.refusal : String(err)),
  );

test('a link carries migration, run, step, action and expiry; the same inputs give the same link', async () => {
  const links = actionLinks(key('k1'));
  const token = await links.mint(claims);
  expect(await links.verify(token)).toEqual({
    migrationId: claims.migrationId,
    runId: 'run-1',
    step: 'AWAITING_PIN',
    action: 'enter_code',
    expiresAt: new Date(Math.floor(claims.expiresAt.getTime() / 1000) * 1000),
  });
  expect(await links.mint(claims)).toBe(token);
  // Nothing secret inside: the payload is readable, the signature is what counts.
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString());
  expect(Object.keys(payload).sort()).toEqual(['act', 'aud', 'exp', 'iat', 'rid', 'stp', 'sub']);
});

test('rotation: the first key signs, every listed key verifies, a dropped key no longer does', async () => {
  const [old, fresh] = [key('old'), key('new')];
  const before = await actionLinks(old).mint(claims);
  const rotated = actionLinks(`${fresh},${old}`);
  expect((await rotated.verify(before)).runId).toBe('run-1');
  const after = await rotated.mint(claims);
  expect(JSON.parse(Buffer.from(after.split('.')[0] ?? '', 'base64url').toString()).kid).toBe('new');
  expect(await refusal(actionLinks(fresh).verify(before))).toBe('tampered');
});

test('tampered, foreign, expired, malformed and unsigned links are refused, each with its reason', async () => {
  const links = actionLinks(key('k1'));
  const token = await links.mint(claims);
  const [header, payload, signature] = token.split('.') as [string, string, string];
  const body = JSON.parse(Buffer.from(payload, 'base64url').toString());
  const forged = Buffer.from(JSON.stringify({ ...body, stp: 'AWAITING_SETUP' })).toString('base64url');
  expect(await refusal(links.verify(`${header}.${forged}.${signature}`))).toBe('tampered');
  expect(await refusal(links.verify(await actionLinks(key('k1')).mint(claims)))).toBe('tampered'); // same kid, other key
  expect(await refusal(links.verify(await links.mint({ ...claims, expiresAt: new Date(Date.now() - 1000) })))).toBe(
    'expired',
  );
  expect(await refusal(links.verify('not-a-token'))).toBe('malformed');
  expect(await refusal(links.verify(`${token}x`.replace('.', '..')))).toBe('malformed');
  const none = Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url');
  expect(await refusal(links.verify(`${none}.${payload}.${'A'.repeat(43)}`))).toBe('tampered');
  // A well-signed token with an unknown action is refused too.
  const odd = await links.mint({ ...claims, action: 'launch_missiles' as 'enter_code' });
  expect(await refusal(links.verify(odd))).toBe('tampered');
});

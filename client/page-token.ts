/**
 * Page tokens of `listMigrations`: Temporal's own token behind a short checksum. A token the
 * server never gave out is refused at once (422 naming `pageToken`) instead of reaching Temporal,
 * which spends its retries on a garbage token (~20 s) before answering "something went wrong".
 * A checksum, not a signature: it stops mistakes, not forgeries (those fail as before, slowly).
 */
import { createHash } from 'node:crypto';
import { InvalidMigrationInputError } from './errors';

const CHECK_BYTES = 6;

function checksum(raw: Buffer): Buffer {
  return createHash('sha256').update('wa-migrations/page-token/v1').update(raw).digest().subarray(0, CHECK_BYTES);
}

export function encodePageToken(raw: Uint8Array): string {
  const bytes = Buffer.from(raw);
  return Buffer.concat([checksum(bytes), bytes]).toString('base64url');
}

export function decodePageToken(token: string): Buffer {
  const all = Buffer.from(token, 'base64url');
  const raw = all.subarray(CHECK_BYTES);
  if (raw.length === 0 || !checksum(raw).equals(all.subarray(0, CHECK_BYTES))) throw invalidPageToken();
  return raw;
}

export function invalidPageToken(cause?: unknown): InvalidMigrationInputError {
  return new InvalidMigrationInputError([{ field: 'pageToken', message: 'invalid or expired page token' }], {
    cause,
  });
}

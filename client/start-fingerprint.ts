/**
 * What a start asked for, as one digest per field, kept in the memo of the run it started. A
 * repeated start that finds the run open compares digests: the same input is an idempotent
 * repeat, another input is a conflict naming the fields (as payment APIs treat an idempotency
 * key reused with another payload). Digests, not values: the memo is shown in the Web UI.
 */
import { createHash } from 'node:crypto';
import { durationMs } from '../contracts/durations';
import { MigrationConflictError } from './errors';

export const INPUT_DIGESTS = 'inputDigests';

export type InputDigests = Record<string, string>;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Dotted field → normalised value; durations as milliseconds, so `1h` and `60m` are the same input. */
function flatten(value: Record<string, unknown>, prefix = ''): [string, unknown][] {
  return Object.entries(value).flatMap(([key, v]): [string, unknown][] => {
    const field = prefix + key;
    if (v === undefined) return [];
    if (isPlainObject(v)) return flatten(v, `${field}.`);
    if (prefix === 'timings.' && (typeof v === 'string' || typeof v === 'number')) return [[field, durationMs(v)]];
    return [[field, v]];
  });
}

export function inputDigests(migrationId: string, fields: Record<string, unknown>): InputDigests {
  return Object.fromEntries(
    flatten(fields).map(([field, v]) => [
      field,
      createHash('sha256')
        .update(`${migrationId}\n${field}\n${JSON.stringify(v)}`)
        .digest('base64url')
        .slice(0, 22),
    ]),
  );
}

/** Fields whose digest differs (present on one side only counts too), sorted. */
export function differingFields(before: InputDigests, now: InputDigests): string[] {
  const fields = new Set([...Object.keys(before), ...Object.keys(now)]);
  return [...fields].filter((f) => before[f] !== now[f]).sort();
}

/**
 * Throws MigrationConflictError when the open run was started with other input. Runs started
 * before digests were kept have none: they are taken as the same input.
 */
export function refuseOtherInput(migrationId: string, stored: unknown, now: InputDigests): void {
  if (!isPlainObject(stored)) return;
  const differ = differingFields(stored as InputDigests, now);
  if (!differ.length) return;
  throw new MigrationConflictError(
    migrationId,
    `this migration is already running with other input (${differ.join(', ')} differ); ` +
      'repeat the original request, or cancel it and start again',
  );
}

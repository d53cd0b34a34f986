/**
 * Hands out the API key of a completed port-in (read from the workflow, never from logs), for
 * API_KEY_PICKUP_WINDOW after the migration completed (default 7 days): long enough for a backend
 * that was down to fetch it, short enough that a leaked API token cannot harvest old keys. After
 * that the key is not handed out again; a new one is generated in the 360dialog hub or Partner API.
 */
import { durationMs } from '../contracts/durations';
import { getApiKeyQuery, type ApiKeyView } from '../contracts/messages';
import { isSealed } from '../contracts/sealed';
import { sealerFor } from '../secrets';
import { handleFor, withQueryDeadline, type ClientDeps } from './context';
import { describeMigration } from './describe';
import { ApiKeyExpiredError, MigrationConflictError } from './errors';
import { translateError } from './translate-error';

/**
 * Throws MigrationConflictError unless the migration is a port-in that completed with a key,
 * ApiKeyExpiredError once the pickup window has passed, MigrationNotFoundError for an unknown ID.
 * The result is a secret: do not log it.
 */
export async function fetchApiKey(deps: ClientDeps, migrationId: string): Promise<ApiKeyView> {
  const summary = await describeMigration(deps, migrationId);
  if (summary.kind !== 'port-in') throw new MigrationConflictError(migrationId, 'only a port-in produces an API key');
  if (summary.outcome !== 'completed') {
    throw new MigrationConflictError(
      migrationId,
      `no API key: the migration has ${summary.outcome ? `ended with outcome "${summary.outcome}"` : 'not completed yet'}`,
    );
  }
  const window = durationMs(deps.config.API_KEY_PICKUP_WINDOW);
  const completedAt = summary.closeTime ? Date.parse(summary.closeTime) : Date.now();
  if (Date.now() > completedAt + window) {
    throw new ApiKeyExpiredError(
      migrationId,
      `the API key was available for ${deps.config.API_KEY_PICKUP_WINDOW} after the port-in completed ` +
        `(${summary.closeTime}); generate a new one in the 360dialog hub`,
    );
  }
  let key: ApiKeyView | null;
  try {
    key = await withQueryDeadline(deps, () => handleFor(deps, migrationId).query(getApiKeyQuery));
  } catch (err) {
    return translateError(err, migrationId);
  }
  if (!key) throw new MigrationConflictError(migrationId, 'the migration completed without generating an API key');
  // Sealed by the activity that received it; a run from before 1.1.0 holds it plain.
  const sealer = sealerFor(deps.config);
  const apiKey = isSealed(key.apiKey, 'api-key') ? sealer.unseal('api-key', key.apiKey) : key.apiKey;
  const twoFactorPin = key.twoFactorPin && sealer.unseal('two-factor-pin', key.twoFactorPin);
  return { ...key, apiKey, ...(twoFactorPin ? { twoFactorPin } : {}) };
}

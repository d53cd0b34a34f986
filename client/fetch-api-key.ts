/** Hands out the API key of a completed port-in (read from the workflow, never from logs). */
import { getApiKeyQuery, type ApiKeyView } from '../contracts/messages';
import { handleFor, withQueryDeadline, type ClientDeps } from './context';
import { describeMigration } from './describe';
import { MigrationConflictError } from './errors';
import { translateError } from './translate-error';

/**
 * Throws MigrationConflictError unless the migration is a port-in that completed with a key,
 * MigrationNotFoundError for an unknown ID. The result is a secret: do not log it.
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
  let key: ApiKeyView | null;
  try {
    key = await withQueryDeadline(deps, () => handleFor(deps, migrationId).query(getApiKeyQuery));
  } catch (err) {
    return translateError(err, migrationId);
  }
  if (!key) throw new MigrationConflictError(migrationId, 'the migration completed without generating an API key');
  return key;
}

/**
 * Operation IDs and OpenAPI links: every start answers with a migration ID, and every operation on
 * `/v1/migrations/{id}` can take it; a batch start answers with a batch ID for every operation on
 * `/v1/batches/{batchId}`. Clients (and schemathesis's stateful phase) follow the links from a
 * start to the commands on the migration or batch it started.
 */
type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses?: Record<string, { links?: Json; content?: Record<string, { schema?: Json }> }>;
}

const START_RESULT = '#/components/schemas/StartResult';
const START_BATCH_RESULT = '#/components/schemas/StartBatchResult';

/** `post /v1/migrations/{id}/events/mob-accepted` → `postMigrationsEventsMobAccepted` */
export function operationIdOf(method: string, path: string): string {
  const words = path
    .replace(/^\/v1\//, '/')
    .replace(/\{id\}/, '')
    .split(/[/-]/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).replace(/[^A-Za-z0-9]/g, ''));
  // `/migrations/{id}` is one migration; `/migrations` the list.
  if (path.endsWith('/migrations/{id}')) words[words.length - 1] = 'Migration';
  return method + words.join('');
}

export function addOperationIdsAndLinks(paths: Record<string, Record<string, Operation>>): void {
  const byMigration: string[] = [];
  const byBatch: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      op.operationId ??= operationIdOf(method, path);
      if (path.startsWith('/v1/migrations/{id}')) byMigration.push(op.operationId);
      if (path.startsWith('/v1/batches/{batchId}')) byBatch.push(op.operationId);
    }
  }
  const linksTo = (operationIds: string[], parameter: string, field: string) =>
    Object.fromEntries(
      operationIds.map((operationId) => [
        operationId,
        { operationId, parameters: { [parameter]: `$response.body#/${field}` } },
      ]),
    );
  const links: Record<string, Json> = {
    [START_RESULT]: linksTo(byMigration, 'id', 'migrationId'),
    [START_BATCH_RESULT]: linksTo(byBatch, 'batchId', 'batchId'),
  };
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      for (const response of Object.values(op.responses ?? {})) {
        const ref = response.content?.['application/json']?.schema?.$ref;
        if (typeof ref === 'string' && links[ref]) response.links = links[ref];
      }
    }
  }
}

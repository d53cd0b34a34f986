/**
 * Operation IDs and OpenAPI links: every start answers with a migration ID, and every operation on
 * `/v1/migrations/{id}` can take it. Clients (and schemathesis's stateful phase) follow the links
 * from a start to the commands on the migration it started.
 */
type Json = Record<string, unknown>;
interface Operation {
  operationId?: string;
  responses?: Record<string, { links?: Json; content?: Record<string, { schema?: Json }> }>;
}

const START_RESULT = '#/components/schemas/StartResult';

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
  for (const [path, item] of Object.entries(paths)) {
    for (const [method, op] of Object.entries(item)) {
      op.operationId ??= operationIdOf(method, path);
      if (path.startsWith('/v1/migrations/{id}')) byMigration.push(op.operationId);
    }
  }
  const links = Object.fromEntries(
    byMigration.map((operationId) => [operationId, { operationId, parameters: { id: '$response.body#/migrationId' } }]),
  );
  for (const item of Object.values(paths)) {
    for (const op of Object.values(item)) {
      for (const response of Object.values(op.responses ?? {})) {
        if (response.content?.['application/json']?.schema?.$ref === START_RESULT) response.links = links;
      }
    }
  }
}

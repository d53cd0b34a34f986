/** Reading and cancelling migrations of any kind: list, status, API key, cancel. */
import type { FastifyPluginAsync } from 'fastify';
import type { MigrationsClient } from '../../client';
import { cancelSchema, listMigrationsSchema } from '../../contracts/schemas';
import {
  apiKeySchema,
  cancelResultSchema,
  commonProblems,
  idParamsSchema,
  migrationPageSchema,
  migrationViewSchema,
  problemSchema,
  rejected,
} from '../schemas';
import { ownerLinkFor, type OwnerLinkSettings } from '../owner/link-for-view';
import type { ZodInputTypeProvider } from '../validation';

export const migrationRoutes: FastifyPluginAsync<{
  migrations: MigrationsClient;
  ownerLinks: OwnerLinkSettings;
}> = async (app, { migrations, ownerLinks }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  const notFound = { 404: problemSchema, ...commonProblems };

  r.get(
    '/migrations',
    {
      schema: {
        tags: ['migrations'],
        summary: 'List migrations (Temporal visibility), newest first',
        querystring: listMigrationsSchema,
        response: { 200: migrationPageSchema, 422: problemSchema, ...commonProblems },
      },
    },
    async (req) => migrations.listMigrations(req.query),
  );

  r.get(
    '/migrations/:id',
    {
      schema: {
        tags: ['migrations'],
        summary: 'Status, current wait, tickets and step timeline of a migration',
        params: idParamsSchema,
        response: { 200: migrationViewSchema, ...notFound },
      },
    },
    async (req, reply) => {
      const view = await migrations.getMigration(req.params.id);
      // Without PUBLIC_BASE_URL the link points where this request came in.
      const baseUrl = ownerLinks.baseUrl || `${req.protocol}://${req.headers.host}`;
      const ownerAction = await ownerLinkFor(view, { ...ownerLinks, baseUrl });
      // The link is a credential of the owner: not to be kept by caches on the way.
      if (ownerAction) void reply.header('cache-control', 'no-store');
      return { ...view, ownerAction };
    },
  );

  r.post(
    '/migrations/:id/cancel',
    {
      schema: {
        tags: ['migrations'],
        summary: 'Cancel a running migration (it ends with outcome "cancelled")',
        params: idParamsSchema,
        body: cancelSchema,
        response: { 202: cancelResultSchema, ...rejected },
      },
    },
    async (req, reply) => {
      await migrations.cancel(req.params.id, req.body);
      return reply.code(202).send({ migrationId: req.params.id, cancelRequested: true });
    },
  );

  r.get(
    '/migrations/:id/api-key',
    {
      schema: {
        tags: ['port-in'],
        summary: 'The API key of a completed port-in (secret), until API_KEY_PICKUP_WINDOW after completion',
        params: idParamsSchema,
        response: { 200: apiKeySchema, 409: problemSchema, 410: problemSchema, ...notFound },
      },
    },
    async (req, reply) => {
      const key = await migrations.fetchApiKey(req.params.id);
      return reply.header('cache-control', 'no-store').send(key);
    },
  );
};

/** POST /v1/port-ins: start (or find) the port-in of a number. */
import type { FastifyPluginAsync } from 'fastify';
import type { MigrationsClient } from '../../client';
import { startPortInSchema } from '../../contracts/schemas';
import { commonProblems, problemSchema, startResultSchema } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

export const migrationPath = (migrationId: string) => `/v1/migrations/${encodeURIComponent(migrationId)}`;

export const portInRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  app.withTypeProvider<ZodInputTypeProvider>().post(
    '/port-ins',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Start the port-in of a number to 360dialog',
        description:
          'Idempotent: while a port-in of the number runs, the same call returns it (200, `created: false`). ' +
          'A number whose port-in ended unsuccessfully can be started again; a completed one cannot (409).',
        body: startPortInSchema,
        response: { 200: startResultSchema, 201: startResultSchema, 400: problemSchema, 409: problemSchema, 415: problemSchema, 422: problemSchema, ...commonProblems },
      },
    },
    async (req, reply) => {
      const result = await migrations.startPortIn(req.body);
      return reply
        .code(result.created ? 201 : 200)
        .header('location', migrationPath(result.migrationId))
        .send(result);
    },
  );
};

/** POST /v1/port-ins, /v1/port-outs, /v1/partner-changes: start (or find) a migration. */
import type { FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import type { MigrationsClient, StartMigrationResult } from '../../client';
import { startPartnerChangeSchema, startPortInSchema, startPortOutSchema } from '../../contracts/schemas';
import { bodyProblems, commonProblems, problemSchema, startResultSchema } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

export const migrationPath = (migrationId: string) => `/v1/migrations/${encodeURIComponent(migrationId)}`;

const IDEMPOTENT =
  'Idempotent: while the migration runs, the same call returns it (200, `created: false`). One that ended ' +
  'unsuccessfully (failed, stalled, cancelled) can be started again; a completed one cannot (409). ' +
  'Conflicting migrations in progress (same number or WABA) also answer 409.';

export const startRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  const route = <S extends z.ZodType>(
    path: string,
    tag: string,
    summary: string,
    body: S,
    start: (b: z.input<S>) => Promise<StartMigrationResult>,
  ) =>
    r.post(
      path,
      {
        schema: {
          tags: [tag],
          summary,
          description: IDEMPOTENT,
          body,
          response: {
            200: startResultSchema,
            201: startResultSchema,
            ...bodyProblems,
            409: problemSchema,
            ...commonProblems,
          },
        },
      },
      async (req, reply) => {
        const result = await start(req.body as z.input<S>);
        return reply
          .code(result.created ? 201 : 200)
          .header('location', migrationPath(result.migrationId))
          .send(result);
      },
    );

  route('/port-ins', 'port-in', 'Start the port-in of a number to 360dialog', startPortInSchema, (b) =>
    migrations.startPortIn(b),
  );
  route('/port-outs', 'port-out', 'Start the port-out of a number from 360dialog', startPortOutSchema, (b) =>
    migrations.startPortOut(b),
  );
  route(
    '/partner-changes',
    'partner-change',
    'Start moving a WABA to another integration Partner',
    startPartnerChangeSchema,
    (b) => migrations.startPartnerChange(b),
  );
};

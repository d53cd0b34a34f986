/**
 * Numbers and WABAs as ops see them: who holds one now, its past migrations, a number's register
 * budget. The entities decide mutual exclusion; `GET /v1/migrations` (visibility) is for lists.
 */
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import type { z } from 'zod';
import type { InvalidMigrationInputError, MigrationsClient } from '../../client';
import { errorHandler } from '../error-handler';
import { HttpProblem } from '../problem';
import { commonProblems, problemSchema } from '../schemas';
import { numberEntitySchema, numberParamsSchema, wabaEntitySchema, wabaParamsSchema } from '../schemas-entities';
import { isRequestValidationError, type ZodInputTypeProvider } from '../validation';

const NEVER_MIGRATED = 'An entity no migration ever touched does not exist: `known: false` (200), not an error.';

export const entityRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  // Here the path is the input, not a migration ID: a bad one is the caller's 400, not a 404.
  app.setErrorHandler((err: FastifyError, req, reply) => errorHandler(badPath(err), req, reply));
  const response = <S extends z.ZodType>(ok: S) => ({
    200: ok,
    400: problemSchema,
    ...commonProblems,
  });

  r.get(
    '/numbers/:e164',
    {
      schema: {
        tags: ['entities'],
        operationId: 'getNumber',
        summary: 'Who holds a number now, its past migrations and its register budget',
        description: `Both Brazilian spellings name the same number. ${NEVER_MIGRATED}`,
        params: numberParamsSchema,
        response: response(numberEntitySchema),
      },
    },
    async (req) => migrations.describeNumber(req.params.e164),
  );

  r.get(
    '/wabas/:wabaId',
    {
      schema: {
        tags: ['entities'],
        operationId: 'getWaba',
        summary: 'Who holds a WABA now (shared by its port-ins and port-outs, exclusive by a partner change)',
        description: NEVER_MIGRATED,
        params: wabaParamsSchema,
        response: response(wabaEntitySchema),
      },
    },
    async (req) => migrations.describeWaba(req.params.wabaId),
  );
};

function badPath(err: unknown): unknown {
  const issues = isRequestValidationError(err) && err.part === 'params' ? err.issues : invalidInput(err);
  if (!issues) return err;
  const detail = issues.map((i) => (i.field ? `${i.field}: ${i.message}` : i.message)).join('; ');
  return new HttpProblem(400, 'malformed-request', `invalid path: ${detail}`, { errors: issues });
}

function invalidInput(err: unknown) {
  return (err as Error)?.name === 'InvalidMigrationInputError' ? (err as InvalidMigrationInputError).issues : undefined;
}

/** The requester's part of a partner change: review and confirm the numbers, pick permissions. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { MigrationsClient } from '../../client';
import { numberSelectionSchema, type NumberSelectionRequest } from '../../contracts/schemas';
import { commonProblems, idempotencyHeaders, idParamsSchema, problemSchema, rejected } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

const numberSchema = z.object({ channelId: z.string(), phoneNumber: z.string() });
const partnerChangeViewSchema = z
  .object({
    wabaId: z.string(),
    destinationPartnerId: z.string(),
    numbers: z.array(numberSchema),
    numbersConfirmed: z.boolean(),
    pcrId: z.string().optional(),
    pcrStatus: z.string().optional(),
    permittedChannelIds: z.array(z.string()).optional(),
  })
  .meta({ id: 'PartnerChange' });

export const partnerChangeActionRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (
  app,
  { migrations },
) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  r.get(
    '/migrations/:id/partner-change',
    {
      schema: {
        tags: ['partner-change'],
        summary: 'The numbers under review, whether confirmed, the request and the permitted numbers',
        params: idParamsSchema,
        response: { 200: partnerChangeViewSchema, 404: problemSchema, 409: problemSchema, ...commonProblems },
      },
    },
    async (req) => migrations.getPartnerChange(req.params.id),
  );
  r.post(
    '/migrations/:id/numbers/confirm',
    {
      schema: {
        tags: ['partner-change'],
        summary: 'Confirm the exact list of numbers that move (all numbers of the WABA)',
        description:
          '422 `NumberListMismatch` for a different list, `NumberListChanged` when the WABA changed since the review.',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: numberSelectionSchema,
        response: { 200: z.object({ confirmed: z.array(numberSchema) }), ...rejected },
      },
    },
    async (req) =>
      migrations.confirmNumbers(req.params.id, req.body as NumberSelectionRequest, {
        idempotencyKey: req.headers['idempotency-key'],
      }),
  );
  r.post(
    '/migrations/:id/numbers/permissions',
    {
      schema: {
        tags: ['partner-change'],
        summary: 'Pick the moved numbers the new partner may manage',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: numberSelectionSchema,
        response: { 200: z.object({ selected: z.array(numberSchema) }), ...rejected },
      },
    },
    async (req) =>
      migrations.selectNumbersForPermissions(req.params.id, req.body as NumberSelectionRequest, {
        idempotencyKey: req.headers['idempotency-key'],
      }),
  );
};

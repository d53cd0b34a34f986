/** The irreversible end of a port-out: confirm cancelling the 360dialog subscription, or keep it. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { MigrationsClient } from '../../client';
import { confirmCancellationSchema, declineCancellationSchema } from '../../contracts/schemas';
import { idempotencyHeaders, idParamsSchema, rejected } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

const decisionResultSchema = z
  .object({ subscription: z.enum(['cancelled', 'kept']), decidedBy: z.string() })
  .meta({ id: 'SubscriptionDecision' });

export const portOutActionRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (
  app,
  { migrations },
) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  r.post(
    '/migrations/:id/subscription/cancel',
    {
      schema: {
        tags: ['port-out'],
        summary: 'Confirm cancelling the 360dialog subscription (irreversible)',
        description:
          'Only after the number has left (422 `WrongStep` before). Answers once the subscription is cancelled.',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: confirmCancellationSchema,
        response: { 200: decisionResultSchema, ...rejected },
      },
    },
    async (req) =>
      migrations.confirmSubscriptionCancellation(req.params.id, req.body, {
        idempotencyKey: req.headers['idempotency-key'],
      }),
  );
  r.post(
    '/migrations/:id/subscription/keep',
    {
      schema: {
        tags: ['port-out'],
        summary: 'Keep the 360dialog subscription and end the port-out',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: declineCancellationSchema,
        response: { 200: decisionResultSchema, ...rejected },
      },
    },
    async (req) =>
      migrations.declineSubscriptionCancellation(req.params.id, req.body, {
        idempotencyKey: req.headers['idempotency-key'],
      }),
  );
};

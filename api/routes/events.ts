/**
 * POST /v1/migrations/{id}/events/...: facts reported by a backend or an operator (signals).
 * Idempotent; the migrations also check most of these facts by themselves (polling).
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { MigrationsClient } from '../../client';
import { factEventBodySchema, identifier } from '../../contracts/schemas';
import { acceptedSchema, idParamsSchema, OPTIONAL_BODY, rejected } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

const FACTS = [
  ['mob-accepted', 'mobAccepted', 'port-in', 'The client accepted the Message-on-Behalf request'],
  [
    'two-factor-disabled',
    'twoFactorDisabled',
    'port-in',
    'Two-step verification is disabled on the number (port-in or port-out)',
  ],
  ['number-left', 'numberLeft', 'port-out', 'The number has left 360dialog (the new BSP completed its migration)'],
  ['company-info-completed', 'companyInfoCompleted', 'partner-change', 'The client completed the company information'],
  ['payment-method-added', 'paymentMethodAdded', 'partner-change', 'The client added a payment method'],
] as const;

const decisionBody = z.strictObject({
  status: z.enum(['completed', 'rejected', 'failed']),
  reason: z.string().max(500).optional(),
  eventId: identifier.optional(),
});

const responses = { 202: acceptedSchema, ...rejected };

export const eventRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();
  for (const [path, type, tag, summary] of FACTS) {
    r.post(
      `/migrations/:id/events/${path}`,
      {
        schema: {
          tags: [tag],
          summary,
          description: 'Idempotent. Body optional: `{ "eventId": "..." }`.',
          params: idParamsSchema,
          body: factEventBodySchema,
          [OPTIONAL_BODY]: true,
          response: responses,
        },
      },
      async (req, reply) => {
        await migrations.sendEvent(req.params.id, { type, eventId: req.body?.eventId }, 'api');
        return reply.code(202).send({ accepted: true as const });
      },
    );
  }
  r.post(
    '/migrations/:id/events/partner-decision',
    {
      schema: {
        tags: ['partner-change'],
        summary: "The destination partner's decision on the partner-change request",
        description: 'The first decision wins; repeats are ignored.',
        params: idParamsSchema,
        body: decisionBody,
        response: responses,
      },
    },
    async (req, reply) => {
      await migrations.sendEvent(req.params.id, { type: 'partnerChangeDecision', ...req.body }, 'api');
      return reply.code(202).send({ accepted: true as const });
    },
  );
};

/** What a requester does during a port-in: PIN, resend, corrected Business ID, reported facts. */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { MigrationsClient } from '../../client';
import { correctBusinessIdSchema, factEventBodySchema, resendCodeSchema, submitPinSchema } from '../../contracts/schemas';
import { acceptedSchema, commonProblems, idParamsSchema, problemSchema, resendCodeResultSchema, submitPinResultSchema } from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

const idempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{1,100}$/, 'expected 1-100 letters, digits, _ . : -')
    .optional()
    .describe('repeat a request safely: the same key returns the first result instead of acting twice'),
});

const rejected = { 400: problemSchema, 404: problemSchema, 409: problemSchema, 415: problemSchema, 422: problemSchema, ...commonProblems };

export const portInActionRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();

  r.post(
    '/migrations/:id/pin',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Submit the 6-digit registration PIN',
        description: 'A wrong PIN answers 200 with `status: "wrong"` and the attempts left. Wrong step or malformed PIN: 422.',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: submitPinSchema,
        response: { 200: submitPinResultSchema, ...rejected },
      },
    },
    async (req) => migrations.submitPin(req.params.id, req.body, { idempotencyKey: req.headers['idempotency-key'] }),
  );

  r.post(
    '/migrations/:id/resend-code',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Send the PIN again, optionally by VOICE (cooldown and maximum apply)',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: resendCodeSchema.optional(),
        response: { 200: resendCodeResultSchema, ...rejected },
      },
    },
    async (req) => migrations.resendCode(req.params.id, req.body ?? {}, { idempotencyKey: req.headers['idempotency-key'] }),
  );

  r.post(
    '/migrations/:id/business-id',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Correct the Meta Business ID after a "same business" rejection',
        params: idParamsSchema,
        body: correctBusinessIdSchema,
        response: { 200: acceptedSchema, ...rejected },
      },
    },
    async (req) => migrations.correctBusinessId(req.params.id, req.body),
  );

  const facts = [
    ['mob-accepted', 'mobAccepted', 'The client accepted the Message-on-Behalf request'],
    ['two-factor-disabled', 'twoFactorDisabled', 'Two-step verification was disabled on the number'],
  ] as const;
  for (const [path, type, summary] of facts) {
    r.post(
      `/migrations/:id/events/${path}`,
      {
        schema: {
          tags: ['port-in'],
          summary,
          description: 'Idempotent; the migration also checks this by itself. Body optional.',
          params: idParamsSchema,
          body: factEventBodySchema,
          response: { 202: acceptedSchema, ...rejected },
        },
      },
      async (req, reply) => {
        await migrations.sendEvent(req.params.id, { type, eventId: req.body?.eventId }, 'api');
        return reply.code(202).send({ accepted: true });
      },
    );
  }
};

/** What a requester does during a port-in: PIN, resend, corrected Business ID, Embedded Signup result. */
import type { FastifyPluginAsync } from 'fastify';
import type { MigrationsClient } from '../../client';
import {
  correctBusinessIdSchema,
  embeddedSignupSchema,
  resendCodeSchema,
  submitPinSchema,
} from '../../contracts/schemas';
import {
  acceptedSchema,
  embeddedSignupResultSchema,
  idempotencyHeaders,
  idParamsSchema,
  OPTIONAL_BODY,
  rejected,
  resendCodeResultSchema,
  submitPinResultSchema,
} from '../schemas';
import type { ZodInputTypeProvider } from '../validation';

export const portInActionRoutes: FastifyPluginAsync<{ migrations: MigrationsClient }> = async (app, { migrations }) => {
  const r = app.withTypeProvider<ZodInputTypeProvider>();

  r.post(
    '/migrations/:id/pin',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Submit the 6-digit registration PIN',
        description:
          'A wrong PIN answers 200 with `status: "wrong"` and the attempts left. Wrong step: 409; malformed PIN: 422.',
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
        [OPTIONAL_BODY]: true,
        response: { 200: resendCodeResultSchema, ...rejected },
      },
    },
    async (req) =>
      migrations.resendCode(req.params.id, req.body ?? {}, { idempotencyKey: req.headers['idempotency-key'] }),
  );

  r.post(
    '/migrations/:id/embedded-signup',
    {
      schema: {
        tags: ['port-in'],
        summary: 'Report the finished Embedded Signup session of a Cloud-API port-in',
        description:
          "Meta's FINISH event (WABA, phone-number ID) and the FB.login code. A session for another WABA or " +
          'number, or a code Meta refuses: 422 and nothing changes. Not waiting for a signup: 409. ' +
          'Meta did not answer: 503, report it again.',
        params: idParamsSchema,
        headers: idempotencyHeaders,
        body: embeddedSignupSchema,
        response: { 200: embeddedSignupResultSchema, ...rejected },
      },
    },
    async (req) =>
      migrations.reportEmbeddedSignup(req.params.id, req.body, { idempotencyKey: req.headers['idempotency-key'] }),
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
};

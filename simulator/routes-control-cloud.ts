/**
 * Control endpoints for Cloud-API migrations (`/_sim/cloud/...`, `/_sim/clock`): script a number as a
 * cloud source, set up a destination WABA, complete an Embedded Signup as the owner would, hand out
 * a signup code, advance Meta's clock.
 * 2FA of a cloud source is also switched by `/_sim/numbers/{e164}/disable-2fa`; one-shot errors per
 * call are `POST /_sim/errors` with the `meta.*` ops and presets (README).
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { z } from 'zod';
import { applyCloudSource, applyCloudWaba, cloudNumberView, cloudWabaView } from './cloud-ops';
import { completeEmbeddedSignup } from './cloud-embedded-signup';
import {
  ClockAdvanceSchema,
  CloudSourcePatchSchema,
  CloudWabaPatchSchema,
  EmbeddedSignupSchema,
} from './cloud-scenarios';
import type { SimContext } from './context';

type E = { Params: { e164: string } };
type Id = { Params: { id: string } };

const e164Of = (raw: string) => (raw.startsWith('+') ? raw : `+${raw.trim()}`);

function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  void reply
    .code(400)
    .send({ error: r.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
  return undefined;
}

export function registerControlCloud(app: FastifyInstance, { state }: SimContext): void {
  const source = (req: { params: { e164: string }; body: unknown }, reply: FastifyReply) => {
    const patch = parse(CloudSourcePatchSchema, req.body, reply);
    return patch ? cloudNumberView(state, applyCloudSource(state, e164Of(req.params.e164), patch)) : reply;
  };
  app.put<E>('/_sim/cloud/numbers/:e164', source);
  app.post<E>('/_sim/cloud/numbers/:e164', source);
  app.get<E>('/_sim/cloud/numbers/:e164', (req, reply) => {
    const n = state.findNumber(e164Of(req.params.e164));
    return n?.cloud ? cloudNumberView(state, n) : reply.code(404).send({ error: 'not a Cloud-API number' });
  });

  const waba = (req: { params: { id: string }; body: unknown }, reply: FastifyReply) => {
    const patch = parse(CloudWabaPatchSchema, req.body, reply);
    return patch ? applyCloudWaba(state, req.params.id, patch) : reply;
  };
  app.put<Id>('/_sim/cloud/wabas/:id', waba);
  app.post<Id>('/_sim/cloud/wabas/:id', waba);
  app.get<Id>('/_sim/cloud/wabas/:id', (req, reply) =>
    state.wabas.has(req.params.id)
      ? cloudWabaView(state, req.params.id)
      : reply.code(404).send({ error: 'no such WABA' }),
  );

  // The owner completes Meta's popup: the number moves (or, on the new account model, is onboarded).
  app.post('/_sim/cloud/embedded-signup', (req, reply) => {
    const b = parse(EmbeddedSignupSchema, req.body, reply);
    if (!b) return reply;
    const answer = completeEmbeddedSignup(state, { ...b, e164: e164Of(b.e164) });
    return reply.code(answer.status).send(answer.body);
  });

  // What the client's Embedded Signup session would hand us: a code for GET /oauth/access_token.
  app.post('/_sim/cloud/signup-codes', (_req, reply) => reply.code(201).send({ code: state.cloud.newSignupCode() }));

  const clock = () => ({ now: new Date(state.clock.now()).toISOString(), offsetMs: state.clock.offsetMs });
  app.get('/_sim/clock', clock);
  app.post('/_sim/clock', (req, reply) => {
    const b = parse(ClockAdvanceSchema, req.body, reply);
    if (!b) return reply;
    state.clock.advance(b.advanceMs);
    return clock();
  });
}

/**
 * Meta Graph API: WABA, business and phone-number nodes (with `fields` selection), the WABA's
 * phone numbers (cursor paging), and the code flow (`request_code`, `verify_code`, `register`:
 * meta-code-flow.ts). The Cloud-API migration routes are in routes-meta-migration.ts.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { graphError, type SimResponse } from './catalog';
import type { SimContext } from './context';
import { once } from './idempotency';
import { numberById, register, requestCode, unknownObject, verifyCode } from './meta-code-flow';
import { businessView, phoneView, resolveNode, wabaNumbers, wabaView } from './meta-views';

type P = { version: string; id: string };

const RequestCodeBody = z.object({
  code_method: z.enum(['SMS', 'VOICE']),
  language: z.string().regex(/^[a-z]{2}(_[A-Z]{2})?$/),
});
const VerifyCodeBody = z.object({ code: z.string().regex(/^\d{6}$/) });
const RegisterBody = z.object({
  messaging_product: z.literal('whatsapp'),
  pin: z.string().regex(/^\d{6}$/),
  data_localization_region: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
});

const invalidParam = (details: string) => graphError(400, 100, '(#100) Invalid parameter', { details });

export function registerMeta(scope: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  scope.get<{ Params: P; Querystring: { fields?: string } }>(
    '/:version/:id',
    { config: { op: 'meta.getNode' } },
    (req, res) => {
      const node = resolveNode(state, req.params.id, req.query.fields);
      const out: SimResponse =
        node.kind === 'phone'
          ? { status: 200, body: phoneView(state, node.number, req.query.fields) }
          : node.kind === 'waba'
            ? { status: 200, body: wabaView(state, node.waba, req.query.fields) }
            : node.kind === 'business'
              ? { status: 200, body: businessView(state, node.id, req.query.fields) }
              : unknownObject(req.params.id);
      return res.code(out.status).send(out.body);
    },
  );

  scope.get<{ Params: P; Querystring: { fields?: string; limit?: string; after?: string } }>(
    '/:version/:id/phone_numbers',
    { config: { op: 'meta.listPhoneNumbers' } },
    (req) => {
      const all = wabaNumbers(state, req.params.id);
      const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
      const start = req.query.after ? Number(Buffer.from(req.query.after, 'base64url').toString()) || 0 : 0;
      const items = all.slice(start, start + limit);
      const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');
      const more = start + limit < all.length;
      return {
        data: items.map((n) => phoneView(state, n, req.query.fields)),
        paging: {
          cursors: { before: cursor(start), after: cursor(start + items.length) },
          ...(more
            ? {
                next: `${req.protocol}://${req.host}${req.url.split('?')[0]}?limit=${limit}&after=${cursor(start + items.length)}`,
              }
            : {}),
        },
      };
    },
  );

  scope.post<{ Params: P }>('/:version/:id/request_code', { config: { op: 'meta.requestCode' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = RequestCodeBody.safeParse({ ...(req.query as object), ...(req.body as object | undefined) });
    if (!parsed.success)
      return res
        .code(400)
        .send(invalidParam('code_method must be SMS or VOICE and language a locale such as en_US').body);
    return once(state, 'meta.requestCode', req, res, () => requestCode(state, n, parsed.data.code_method));
  });

  scope.post<{ Params: P }>('/:version/:id/verify_code', { config: { op: 'meta.verifyCode' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = VerifyCodeBody.safeParse({ ...(req.query as object), ...(req.body as object | undefined) });
    if (!parsed.success) return res.code(400).send(invalidParam('code must be 6 digits').body);
    const out = verifyCode(state, n, parsed.data.code);
    return res.code(out.status).send(out.body);
  });

  scope.post<{ Params: P }>('/:version/:id/register', { config: { op: 'meta.register' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return res.code(400).send(unknownObject(req.params.id).body);
    const parsed = RegisterBody.safeParse(req.body ?? {});
    if (!parsed.success)
      return res.code(400).send(invalidParam('messaging_product must be whatsapp and pin 6 digits').body);
    const out = register(state, n, parsed.data.pin, parsed.data.data_localization_region);
    return res.code(out.status).send(out.body);
  });
}

/**
 * Meta Graph API, Cloud-API number migration (../shared/docs/cloud-migration.md §2, §3), at Meta's
 * paths: subscribe our app to a WABA, share a credit line with it, move a number
 * (`migrate_phone_number`), copy and list templates, deregister, set the storage region, and
 * exchange an Embedded Signup code for a business token. Bodies as JSON or form, like Graph.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { graphError, type SimResponse } from './catalog';
import { SIM_META_APP } from './catalog-cloud';
import { migratePhoneNumber, setStorage } from './cloud-migrate';
import { migrateTemplates, templateView } from './cloud-templates';
import type { SimContext } from './context';
import { Counters } from './counters';
import { deregister, numberById, unknownObject } from './meta-code-flow';

type P = { version: string; id: string };

const MigrateBody = z.object({
  cc: z.coerce.string().regex(/^\d{1,4}$/),
  phone_number: z.coerce.string().regex(/^\d{4,14}$/),
  migrate_phone_number: z.union([z.literal(true), z.literal('true')]),
});
const TemplatesBody = z.object({
  source_waba_id: z.coerce.string().min(1),
  page_number: z.coerce.number().int().min(0).default(0),
  count: z.coerce.number().int().min(1).max(500).default(500),
  template_ids: z.array(z.coerce.string()).min(1).max(500).optional(),
});
const SettingsBody = z.object({
  storage_configuration: z.object({
    status: z.enum(['IN_COUNTRY_STORAGE_ENABLED', 'DEFAULT']),
    data_localization_region: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
  }),
});
const CreditQuery = z.object({ waba_currency: z.string().regex(/^[A-Z]{3}$/), waba_id: z.string().min(1) });

const invalid = (details: string) => graphError(400, 100, '(#100) Invalid parameter', { details });
const issues = (e: z.ZodError) => e.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
const send = (res: FastifyReply, out: SimResponse) => res.code(out.status).send(out.body);
const input = (req: { query: unknown; body: unknown }) => ({ ...(req.query as object), ...(req.body as object) });
const cursor = (i: number) => Buffer.from(String(i)).toString('base64url');

export function registerMetaMigration(scope: FastifyInstance, { state }: SimContext): void {
  scope.post<{ Params: P }>('/:version/:id/subscribed_apps', { config: { op: 'meta.subscribeApp' } }, (req) => {
    state.waba(req.params.id);
    state.cloud.destination(req.params.id).appSubscribed = true;
    Counters.inc(state.counters.appSubscriptionsByWaba, req.params.id);
    return { success: true };
  });

  scope.post<{ Params: P }>(
    '/:version/:id/whatsapp_credit_sharing_and_attach',
    { config: { op: 'meta.shareCreditLine' } },
    (req, res) => {
      const q = CreditQuery.safeParse(req.query);
      if (!q.success) return send(res, invalid(issues(q.error)));
      state.waba(q.data.waba_id);
      state.cloud.destination(q.data.waba_id).creditLineShared = true;
      Counters.inc(state.counters.creditLinesSharedByWaba, q.data.waba_id);
      return { allocation_config_id: state.nextGraphId(), waba_id: q.data.waba_id };
    },
  );

  scope.post<{ Params: P }>(
    '/:version/:id/phone_numbers',
    { config: { op: 'meta.migratePhoneNumber' } },
    (req, res) => {
      const b = MigrateBody.safeParse(input(req));
      if (!b.success)
        return send(res, invalid(`${issues(b.error)} (the simulator serves migrate_phone_number=true only)`));
      return send(res, migratePhoneNumber(state, req.params.id, `+${b.data.cc}${b.data.phone_number}`));
    },
  );

  scope.post<{ Params: P }>(
    '/:version/:id/migrate_message_templates',
    { config: { op: 'meta.migrateTemplates' } },
    (req, res) => {
      const b = TemplatesBody.safeParse(input(req));
      if (!b.success) return send(res, invalid(issues(b.error)));
      return send(res, migrateTemplates(state, req.params.id, b.data));
    },
  );

  scope.get<{ Params: P; Querystring: { limit?: string; after?: string } }>(
    '/:version/:id/message_templates',
    { config: { op: 'meta.listTemplates' } },
    (req) => {
      const all = state.cloud.templatesOf(req.params.id);
      const limit = Math.min(Math.max(Number(req.query.limit) || 25, 1), 100);
      const start = req.query.after ? Number(Buffer.from(req.query.after, 'base64url').toString()) || 0 : 0;
      const items = all.slice(start, start + limit);
      const now = state.clock.now();
      const more = start + limit < all.length;
      const next = `${req.protocol}://${req.host}${req.url.split('?')[0]}?limit=${limit}&after=${cursor(start + items.length)}`;
      return {
        data: items.map((t) => templateView(t, now)),
        paging: { cursors: { before: cursor(start), after: cursor(start + items.length) }, ...(more ? { next } : {}) },
      };
    },
  );

  scope.post<{ Params: P }>('/:version/:id/deregister', { config: { op: 'meta.deregister' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    return send(res, n ? deregister(state, n) : unknownObject(req.params.id));
  });

  scope.post<{ Params: P }>('/:version/:id/settings', { config: { op: 'meta.settings' } }, (req, res) => {
    const n = numberById(state, req.params.id);
    if (!n) return send(res, unknownObject(req.params.id));
    const b = SettingsBody.safeParse(req.body ?? {});
    if (!b.success) return send(res, invalid(issues(b.error)));
    return send(res, setStorage(state, n, b.data.storage_configuration));
  });

  scope.get<{ Querystring: Record<string, string | undefined> }>(
    '/:version/oauth/access_token',
    { config: { op: 'meta.exchangeCode' } },
    (req, res) => {
      const { client_id: id, client_secret: secret, code } = req.query;
      if (id !== SIM_META_APP.id)
        return send(res, graphError(400, 101, 'Error validating application. Invalid application ID.'));
      if (secret !== SIM_META_APP.secret) return send(res, graphError(400, 1, 'Error validating client secret.'));
      const entry = code ? state.cloud.signupCodes.get(code) : undefined;
      if (!entry) return send(res, graphError(400, 100, 'Invalid verification code format.'));
      if (entry.used)
        return send(res, graphError(400, 100, 'This authorization code has been used.', { subcode: 36009 }));
      entry.used = true;
      return { access_token: state.cloud.newBusinessToken(), token_type: 'bearer' };
    },
  );
}

/**
 * Per-route request data for the table-driven API tests: which kind of migration each `:id`
 * route serves and a valid body for it, the routes on one batch (`:batchId`), the routes with a
 * body limit of their own, plus helpers to build the URL of a registered route.
 */
import { freshNumber } from '../harness/port-in-fixtures';

type Kind = 'port-in' | 'port-out' | 'partner-change';

export interface IdRoute {
  method: 'GET' | 'POST';
  /** Kinds the route serves; undefined: every kind. */
  kinds?: Kind[];
  /** A body that passes validation. */
  body?: unknown;
}

const confirm = { confirm: true, confirmedBy: 'ops@example.com' };

/** Every route on one migration. The matrix test fails when a registered `:id` route is missing here. */
export const ID_ROUTES: Record<string, IdRoute> = {
  '/v1/migrations/:id': { method: 'GET' },
  '/v1/migrations/:id/cancel': { method: 'POST', body: { reason: 'route matrix' } },
  '/v1/migrations/:id/api-key': { method: 'GET', kinds: ['port-in'] },
  '/v1/migrations/:id/pin': { method: 'POST', kinds: ['port-in'], body: { pin: '123456' } },
  '/v1/migrations/:id/resend-code': { method: 'POST', kinds: ['port-in'], body: { method: 'VOICE' } },
  '/v1/migrations/:id/embedded-signup': {
    method: 'POST',
    kinds: ['port-in'],
    body: { wabaId: '123456', phoneNumberId: '1234567', code: 'AQzzzzzzzzzzzzzzzz' },
  },
  '/v1/migrations/:id/business-id': { method: 'POST', kinds: ['port-in'], body: { metaBusinessId: '1234567890' } },
  '/v1/migrations/:id/events/mob-accepted': { method: 'POST', kinds: ['port-in'] },
  '/v1/migrations/:id/events/two-factor-disabled': { method: 'POST', kinds: ['port-in', 'port-out'] },
  '/v1/migrations/:id/events/number-left': { method: 'POST', kinds: ['port-out'] },
  '/v1/migrations/:id/events/company-info-completed': { method: 'POST', kinds: ['partner-change'] },
  '/v1/migrations/:id/events/payment-method-added': { method: 'POST', kinds: ['partner-change'] },
  '/v1/migrations/:id/events/partner-decision': {
    method: 'POST',
    kinds: ['partner-change'],
    body: { status: 'rejected', reason: 'route matrix' },
  },
  '/v1/migrations/:id/subscription/cancel': { method: 'POST', kinds: ['port-out'], body: confirm },
  '/v1/migrations/:id/subscription/keep': { method: 'POST', kinds: ['port-out'], body: { declinedBy: 'ops@x.com' } },
  '/v1/migrations/:id/partner-change': { method: 'GET', kinds: ['partner-change'] },
  '/v1/migrations/:id/numbers/confirm': { method: 'POST', kinds: ['partner-change'], body: { channelIds: ['c-1'] } },
  '/v1/migrations/:id/numbers/permissions': {
    method: 'POST',
    kinds: ['partner-change'],
    body: { channelIds: ['c-1'] },
  },
};

/** A migration ID of `kind` that names no migration (fresh every call). */
export function unknownId(kind: Kind): string {
  return kind === 'partner-change' ? `partner-change:waba-none-${freshNumber().slice(1)}` : `${kind}:${freshNumber()}`;
}

/** The first kind the route does not serve (for the wrong-kind 409), if any. */
export function otherKind(route: IdRoute): Kind | undefined {
  if (!route.kinds) return undefined;
  return (['port-in', 'port-out', 'partner-change'] as const).find((k) => !route.kinds?.includes(k));
}

/** The concrete URL of a route pattern for a migration ID. */
export const urlFor = (pattern: string, migrationId: string) => pattern.replace(':id', encodeURIComponent(migrationId));

/** Every route on one batch. The matrix test fails when a registered `:batchId` route is missing here. */
export const BATCH_ROUTES: Record<string, Omit<IdRoute, 'kinds'>> = {
  '/v1/batches/:batchId': { method: 'GET' },
  '/v1/batches/:batchId/items': { method: 'GET' },
  '/v1/batches/:batchId/pause': { method: 'POST', body: { by: 'ops@example.com' } },
  '/v1/batches/:batchId/resume': { method: 'POST', body: { by: 'ops@example.com' } },
  '/v1/batches/:batchId/retry': { method: 'POST', body: { by: 'ops@example.com' } },
  '/v1/batches/:batchId/cancel': { method: 'POST', body: { by: 'ops@example.com', reason: 'route matrix' } },
};

/** The concrete URL of a batch route pattern. */
export const batchUrlFor = (pattern: string, batchId: string) =>
  pattern.replace(':batchId', encodeURIComponent(batchId));

/** The app's body limit (api/app.ts); every route with a body takes it unless listed in BODY_LIMITS. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** The routes with a body limit of their own: a batch start carries up to 5,000 items. */
export const BODY_LIMITS: Record<string, number> = { '/v1/batches': 4 * 1024 * 1024 };

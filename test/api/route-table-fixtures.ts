/**
 * Per-route request data for the table-driven API tests: which kind of migration each `:id`
 * route serves and a valid body for it, plus helpers to build the URL of a registered route.
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

/**
 * The corpus's requests aimed at running migrations: the PIN update, reads, cancel, events, other
 * updates, port-out and partner-change actions (see bad-input-cases.ts).
 */
import { call, path, portInBody } from '../api/api-fixtures';
import type { Case, CorpusContext, CorpusRequests } from './bad-input-cases';

export function migrationActionCases(ctx: CorpusContext, { act, pin, raw }: CorpusRequests): Case[] {
  return [
    // The PIN update: validator rejections leave no history.
    { name: 'PIN of 5 digits', send: pin('12345'), status: 422 },
    { name: 'PIN of 7 digits', send: pin('1234567'), status: 422 },
    { name: 'PIN with letters', send: pin('12a456'), status: 422 },
    { name: 'PIN with spaces', send: pin('123 456'), status: 422 },
    { name: 'PIN as a number', send: pin(123456), status: 422 },
    { name: 'no PIN', send: act(() => ctx.ids.atPin, '/pin', {}), status: 422 },
    { name: 'PIN at the wrong step', send: pin('123456', () => ctx.ids.atMob), status: 409 },
    { name: 'PIN for a port-out (wrong kind)', send: pin('123456', () => ctx.ids.portOut), status: 409 },
    { name: 'PIN for an unknown migration', send: pin('123456', () => 'port-in:+4915000000000'), status: 404 },
    { name: 'resend by FAX', send: act(() => ctx.ids.atPin, '/resend-code', { method: 'FAX' }), status: 422 },
    { name: 'resend at the wrong step', send: act(() => ctx.ids.atMob, '/resend-code', {}), status: 409 },
    { name: 'resend within the cooldown', send: act(() => ctx.ids.atPin, '/resend-code', {}), status: 409 },
    {
      name: 'business ID with letters',
      send: act(() => ctx.ids.atMob, '/business-id', { metaBusinessId: 'abc' }),
      status: 422,
    },
    {
      name: 'business ID at the wrong step',
      send: act(() => ctx.ids.atMob, '/business-id', { metaBusinessId: '1234567890' }),
      status: 409,
    },
    {
      name: 'Embedded Signup result with a malformed code',
      send: act(() => ctx.ids.atPin, '/embedded-signup', { wabaId: '123456', phoneNumberId: '1234567', code: 'a b' }),
      status: 422,
    },
    {
      name: 'Embedded Signup result with an unknown field',
      send: act(() => ctx.ids.atPin, '/embedded-signup', {
        wabaId: '123456',
        phoneNumberId: '1234567',
        code: 'AQzzzzzzzzzzzz',
        pin: '123456',
      }),
      status: 422,
    },
    {
      name: 'Embedded Signup result for a port-in not waiting for one',
      send: act(() => ctx.ids.atPin, '/embedded-signup', {
        wabaId: '123456',
        phoneNumberId: '1234567',
        code: 'AQzzzzzzzzzzzz',
      }),
      status: 409,
    },
    // Reads, cancel, events, other updates.
    { name: 'unknown migration', send: () => call(ctx.api, 'GET', path('port-in:+4915000000000')), status: 404 },
    { name: 'malformed migration ID', send: () => call(ctx.api, 'GET', path('not-a-migration')), status: 404 },
    {
      name: 'API key of a running migration',
      send: () => call(ctx.api, 'GET', path(ctx.ids.atPin, '/api-key')),
      status: 409,
    },
    {
      name: 'cancel an unknown migration',
      send: act(() => 'port-in:+4915000000000', '/cancel', { reason: 'customer withdrew' }),
      status: 404,
    },
    { name: 'cancel without a reason', send: act(() => ctx.ids.atMob, '/cancel', {}), status: 422 },
    {
      name: 'event for an unknown migration',
      send: act(() => 'port-in:+4915000000000', '/events/mob-accepted', {}),
      status: 404,
    },
    { name: 'unknown event type', send: act(() => ctx.ids.atMob, '/events/number-teleported', {}), status: 404 },
    {
      name: 'subscription cancel on a port-in (wrong kind)',
      send: act(() => ctx.ids.atPin, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }),
      status: 409,
    },
    {
      name: 'subscription cancel without confirm',
      send: act(() => ctx.ids.portOut, '/subscription/cancel', { confirmedBy: 'a@b.c' }),
      status: 422,
    },
    {
      name: 'subscription cancel at the wrong step',
      send: act(() => ctx.ids.portOut, '/subscription/cancel', { confirm: true, confirmedBy: 'a@b.c' }),
      status: 409,
    },
    {
      name: 'confirm a different number list',
      send: act(() => ctx.ids.change, '/numbers/confirm', { phoneNumbers: ['+4915199999999'] }),
      status: 422,
    },
    {
      name: 'permissions with an empty selection',
      send: act(() => ctx.ids.change, '/numbers/permissions', { phoneNumbers: [] }),
      status: 422,
    },
    {
      name: 'list with an unknown kind',
      send: () => call(ctx.api, 'GET', '/v1/migrations?kind=teleport'),
      status: 422,
    },
    {
      name: 'list with a page size of 1000',
      send: () => call(ctx.api, 'GET', '/v1/migrations?pageSize=1000'),
      status: 422,
    },
    { name: 'unknown API version', send: () => call(ctx.api, 'POST', '/v2/port-ins', portInBody()), status: 404 },
    // Port-out: keeping the subscription.
    {
      name: 'keep the subscription without declinedBy',
      send: act(() => ctx.ids.portOut, '/subscription/keep', {}),
      status: 422,
    },
    {
      name: 'keep the subscription, blank declinedBy',
      send: act(() => ctx.ids.portOut, '/subscription/keep', { declinedBy: ' ' }),
      status: 422,
    },
    {
      name: 'keep the subscription, unknown field',
      send: act(() => ctx.ids.portOut, '/subscription/keep', { declinedBy: 'a@b.c', cancel: true }),
      status: 422,
    },
    {
      name: 'keep the subscription at the wrong step',
      send: act(() => ctx.ids.portOut, '/subscription/keep', { declinedBy: 'a@b.c' }),
      status: 409,
    },
    {
      name: 'keep the subscription of a port-in (wrong kind)',
      send: act(() => ctx.ids.atPin, '/subscription/keep', { declinedBy: 'a@b.c' }),
      status: 409,
    },
    {
      name: 'keep the subscription of an unknown migration',
      send: act(() => 'port-out:+4915000000000', '/subscription/keep', { declinedBy: 'a@b.c' }),
      status: 404,
    },
    // Partner change: its view and the partner's decision.
    {
      name: 'partner-change view of a port-in (wrong kind)',
      send: () => call(ctx.api, 'GET', path(ctx.ids.atPin, '/partner-change')),
      status: 409,
    },
    {
      name: 'partner-change view of an unknown migration',
      send: () => call(ctx.api, 'GET', path('partner-change:waba-unknown-corpus', '/partner-change')),
      status: 404,
    },
    {
      name: 'partner decision "maybe"',
      send: act(() => ctx.ids.change, '/events/partner-decision', { status: 'maybe' }),
      status: 422,
    },
    {
      name: 'partner decision without status',
      send: act(() => ctx.ids.change, '/events/partner-decision', { reason: 'why not' }),
      status: 422,
    },
    {
      name: 'partner decision with a 501-character reason',
      send: act(() => ctx.ids.change, '/events/partner-decision', { status: 'rejected', reason: 'x'.repeat(501) }),
      status: 422,
    },
    {
      name: 'partner decision with an unsafe event ID',
      send: act(() => ctx.ids.change, '/events/partner-decision', { status: 'completed', eventId: 'a b/c' }),
      status: 422,
    },
    {
      name: 'partner decision for a port-out (wrong kind)',
      send: act(() => ctx.ids.portOut, '/events/partner-decision', { status: 'completed' }),
      status: 409,
    },
    // Fact events with bad bodies (the body is optional, but must be { eventId? } when given).
    {
      name: 'number-left with an unknown field',
      send: act(() => ctx.ids.portOut, '/events/number-left', { left: true }),
      status: 422,
    },
    {
      name: 'number-left with an event ID of 65 characters',
      send: act(() => ctx.ids.portOut, '/events/number-left', { eventId: 'e'.repeat(65) }),
      status: 422,
    },
    {
      name: 'number-left for a partner change (wrong kind)',
      send: act(() => ctx.ids.change, '/events/number-left', {}),
      status: 409,
    },
    {
      name: 'two-factor-disabled with a numeric event ID',
      send: act(() => ctx.ids.portOut, '/events/two-factor-disabled', { eventId: 42 }),
      status: 422,
    },
    {
      name: 'two-factor-disabled with a body that is an array',
      send: act(() => ctx.ids.portOut, '/events/two-factor-disabled', ['x']),
      status: 422,
    },
    {
      name: 'company-info-completed with an event ID with spaces',
      send: act(() => ctx.ids.change, '/events/company-info-completed', { eventId: 'not safe' }),
      status: 422,
    },
    {
      name: 'company-info-completed for a port-in (wrong kind)',
      send: act(() => ctx.ids.atPin, '/events/company-info-completed', {}),
      status: 409,
    },
    {
      name: 'payment-method-added with an unknown field',
      send: act(() => ctx.ids.change, '/events/payment-method-added', { card: '4111111111111111' }),
      status: 422,
    },
    {
      name: 'payment-method-added as malformed JSON',
      send: () =>
        raw('POST', path(ctx.ids.change, '/events/payment-method-added'), '{"eventId":', {
          'content-type': 'application/json',
        })(),
      status: 400,
    },
  ];
}

/**
 * Port-out, partner-change, event, list and webhook inputs: good inputs parse, bad ones name the
 * field. The list filter reads query strings as they arrive (a "+" decoded to a space, booleans).
 */
import {
  confirmCancellationSchema,
  declineCancellationSchema,
  dialog360WebhookSchema,
  listMigrationsSchema,
  migrationEventSchema,
  migrationIdSchema,
  numberSelectionSchema,
  startPartnerChangeSchema,
  startPortOutSchema,
} from '../../../contracts/schemas';
import { fieldIssues, fieldsOf } from '../support/issues';

test('port-out start: number normalised, timings checked by name', () => {
  const cmd = startPortOutSchema.parse({
    phoneNumber: '0044 20 7946 0958',
    wabaId: 'w1',
    timings: { twoFaSla: '72h' },
  });
  expect(cmd.phoneNumber.e164).toBe('+442079460958');
  expect(fieldsOf(startPortOutSchema, { phoneNumber: '+44', wabaId: 'w1' })).toEqual(['phoneNumber']);
  expect(
    fieldIssues(startPortOutSchema, { phoneNumber: '+442079460958', wabaId: 'w1', timings: { sla: '1h' } }),
  ).toEqual([{ field: 'timings', message: expect.stringMatching(/sla/) }]);
});

test('cancelling a subscription needs confirm: true and who decided', () => {
  expect(confirmCancellationSchema.parse({ confirm: true, confirmedBy: ' ops@example.com ' })).toEqual({
    confirm: true,
    confirmedBy: 'ops@example.com',
  });
  expect(fieldIssues(confirmCancellationSchema, { confirm: 'yes', confirmedBy: 'a' })).toEqual([
    { field: 'confirm', message: 'cancelling is irreversible: send confirm: true' },
  ]);
  expect(fieldsOf(confirmCancellationSchema, { confirm: true, confirmedBy: '   ' })).toEqual(['confirmedBy']);
  expect(fieldsOf(declineCancellationSchema, { reason: 'x' })).toEqual(['declinedBy']);
});

test('partner change: destination must be a Partner ID ending in PA', () => {
  expect(startPartnerChangeSchema.parse({ wabaId: 'w1', destinationPartnerId: 'ABC123PA' })).toEqual({
    wabaId: 'w1',
    destinationPartnerId: 'ABC123PA',
  });
  expect(fieldIssues(startPartnerChangeSchema, { wabaId: 'w1', destinationPartnerId: 'ABC123' })).toEqual([
    { field: 'destinationPartnerId', message: 'expected a 360dialog Partner ID ending in PA' },
  ]);
  expect(fieldsOf(startPartnerChangeSchema, { wabaId: 'w1', destinationPartnerId: 'XPA', timings: { x: 1 } })).toEqual([
    'timings',
  ]);
});

test('number selection: channel IDs or phone numbers (normalised), never both or neither', () => {
  expect(numberSelectionSchema.parse({ channelIds: ['ch1'] })).toEqual({ channelIds: ['ch1'] });
  expect(numberSelectionSchema.parse({ phoneNumbers: ['+49 151 2345 6789'] })).toEqual({
    phoneNumbers: ['+4915123456789'],
  });
  expect(fieldIssues(numberSelectionSchema, {})[0]?.message).toMatch(/either \{ channelIds.*phoneNumbers/);
  expect(
    fieldIssues(numberSelectionSchema, { channelIds: ['a'], phoneNumbers: ['+4915123456789'] })[0]?.message,
  ).toMatch(/channelIds.*phoneNumbers/);
  expect(fieldsOf(numberSelectionSchema, { channelIds: [] })).toEqual(['channelIds']);
  expect(fieldsOf(numberSelectionSchema, { phoneNumbers: ['+49 123'] })).toEqual(['phoneNumbers.0']);
});

test('events: a discriminated union by type, each with only its own fields', () => {
  expect(migrationEventSchema.parse({ type: 'mobAccepted', eventId: 'e-1' })).toEqual({
    type: 'mobAccepted',
    eventId: 'e-1',
  });
  expect(migrationEventSchema.parse({ type: 'partnerChangeDecision', status: 'rejected', reason: 'no' })).toMatchObject(
    {
      status: 'rejected',
    },
  );
  expect(fieldsOf(migrationEventSchema, { type: 'partnerChangeDecision', status: 'maybe' })).toEqual(['status']);
  expect(fieldsOf(migrationEventSchema, { type: 'teleported' })).toEqual(['type']);
  expect(fieldIssues(migrationEventSchema, { type: 'mobAccepted', status: 'x' })[0]?.message).toMatch(/status/);
  const running = {
    type: 'channelStatusChanged',
    eventId: 'd1',
    status: 'running',
    occurredAt: '2026-01-01T00:00:00Z',
  };
  expect(migrationEventSchema.parse(running)).toEqual(running);
  expect(fieldsOf(migrationEventSchema, { ...running, occurredAt: 'yesterday' })).toEqual(['occurredAt']);
});

test.each([
  ['port-in:+4915123456789', true],
  ['partner-change:waba_1', true],
  ['port-out:', false],
  ['migration:+49151', false],
  ["port-in:x' OR 1=1", false],
])('migration ID %s valid: %s', (id, ok) => {
  expect(migrationIdSchema.safeParse(id).success).toBe(ok);
});

test('list filter: query-string booleans, a "+" decoded to a space, page size bounds', () => {
  const f = listMigrationsSchema.parse({
    kind: 'port-in',
    escalated: 'true',
    running: 'false',
    phone: ' 4915123456789',
  });
  expect(f).toMatchObject({ kind: 'port-in', escalated: true, running: false, pageSize: 20 });
  expect(f.phone?.e164).toBe('+4915123456789');
  expect(listMigrationsSchema.parse({ pageSize: '100' }).pageSize).toBe(100);
  expect(
    fieldsOf(listMigrationsSchema, { pageSize: '101', escalated: 'yes', step: 'awaiting pin', kind: 'x' }),
  ).toEqual(['escalated', 'kind', 'pageSize', 'step']);
  expect(fieldIssues(listMigrationsSchema, { escalated: 'yes' })[0]?.message).toBe('expected true or false');
  expect(fieldsOf(listMigrationsSchema, { pageToken: 'a b' })).toEqual(['pageToken']);
});

test('360dialog webhook: known fields checked, unknown ones kept', () => {
  const hook = { event: 'channel_running', channel_id: 'ch1', new_field: { x: 1 } };
  expect(dialog360WebhookSchema.parse(hook)).toEqual(hook);
  expect(fieldIssues(dialog360WebhookSchema, { event: 'Channel Running' })[0]).toEqual({
    field: 'event',
    message: 'expected an event name such as channel_running',
  });
});

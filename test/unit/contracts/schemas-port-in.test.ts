/**
 * Port-in inputs and the shared building blocks: good inputs parse (normalised, defaults filled),
 * bad ones are refused with the offending field named and a message that says what to send.
 */
import {
  cancelSchema,
  correctBusinessIdSchema,
  durationOrMs,
  resendCodeSchema,
  startPortInSchema,
  submitPinSchema,
} from '../../../contracts/schemas';
import { fieldIssues, fieldsOf } from '../support/issues';

const good = {
  phoneNumber: '+49 151 2345-6789',
  wabaId: 'waba_1-x',
  metaBusinessId: '1234567890',
  businessWebsite: 'https://shop.example.com',
  attestations: { adminAccess: true, phoneAccess: true },
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

test('a good start parses: number normalised, defaults filled, overrides kept', () => {
  const cmd = startPortInSchema.parse({ ...good, timings: { pinDeadline: '2h', maxCodeSends: 3 } });
  expect(cmd.phoneNumber).toMatchObject({ e164: '+4915123456789', cc: '49', national: '15123456789' });
  expect(cmd).toMatchObject({ codeMethod: 'SMS', language: 'en_US', timings: { pinDeadline: '2h', maxCodeSends: 3 } });
  expect(startPortInSchema.parse({ ...good, codeMethod: 'VOICE', language: 'pt_BR' })).toMatchObject({
    codeMethod: 'VOICE',
    language: 'pt_BR',
  });
});

test('a Brazilian number keeps the form it was given', () => {
  const without9 = startPortInSchema.parse({ ...good, phoneNumber: '+55 31 9876-5432' }).phoneNumber;
  const with9 = startPortInSchema.parse({ ...good, phoneNumber: '+55 31 99876-5432' }).phoneNumber;
  expect([without9.e164, without9.brazilWithoutNine]).toEqual(['+553198765432', true]);
  expect([with9.e164, with9.brazilWithoutNine]).toEqual(['+5531998765432', false]);
});

test.each([
  ['phoneNumber', { phoneNumber: '+49 0151 2345678' }, /trunk prefix 0/],
  ['phoneNumber', { phoneNumber: '+55 10 98765 4321' }, /area code/],
  ['wabaId', { wabaId: 'waba 1' }, /letters, digits/],
  ['metaBusinessId', { metaBusinessId: '12ab' }, /metaBusinessId must be 5 to 20 digits/],
  ['businessWebsite', { businessWebsite: 'ftp://shop.example.com' }, /http\(s\) URL/],
  ['attestations.adminAccess', { attestations: { adminAccess: false, phoneAccess: true } }, /admin access/],
  ['attestations.phoneAccess', { attestations: { adminAccess: true } }, /access to the phone/],
  ['codeMethod', { codeMethod: 'EMAIL' }, /SMS|VOICE/],
  ['language', { language: 'english' }, /language code such as en_US/],
  ['callbackUrl', { callbackUrl: 'not a url' }, /http\(s\) URL/],
  // zod reports a failed string-or-number union as "Invalid input": the field is named, the hint is not.
  ['timings.pinDeadline', { timings: { pinDeadline: '3 fortnights' } }, /.+/],
  ['timings.maxPinAttempts', { timings: { maxPinAttempts: 0 } }, /.+/],
  ['portingWindowStart', { portingWindowStart: '2030-01-31 22:00' }, /ISO 8601/],
  ['portingWindowStart', { portingWindowStart: inDays(-1) }, /in the future/],
  ['portingWindowStart', { portingWindowStart: inDays(91) }, /within 90 days/],
])('%s is named when wrong', (field, patch, message) => {
  const issues = fieldIssues(startPortInSchema, { ...good, ...patch });
  expect([...new Set(issues.map((i) => i.field))]).toEqual([field]);
  expect(issues.map((i) => i.message)).toContainEqual(expect.stringMatching(message));
});

test('unknown keys are refused (typos do not pass silently), at the top and in timings', () => {
  const top = fieldIssues(startPortInSchema, { ...good, wabaID: 'x' });
  expect(top[0]?.message).toMatch(/wabaID/);
  const nested = fieldIssues(startPortInSchema, { ...good, timings: { pinEscalation: '1h' } });
  expect(nested.map((i) => [i.field, /pinEscalation/.test(i.message)])).toEqual([['timings', true]]);
});

test('every missing field is reported at once', () => {
  expect(fieldsOf(startPortInSchema, {})).toEqual([
    'attestations',
    'businessWebsite',
    'metaBusinessId',
    'phoneNumber',
    'wabaId',
  ]);
});

test('durations: Temporal-style strings or positive whole milliseconds', () => {
  for (const ok of ['90s', '5m', '1h', '72h', '14d', '1 hour', '2 days', '250ms', '1500', 60_000]) {
    expect(durationOrMs.safeParse(ok).success).toBe(true);
  }
  for (const bad of ['', 'soon', '1w', '-5m', '1h30m', 0, -1, 1.5]) {
    expect(durationOrMs.safeParse(bad).success).toBe(false);
  }
});

test('PIN: exactly 6 digits, and the message never echoes the value', () => {
  expect(submitPinSchema.parse({ pin: '048213' })).toEqual({ pin: '048213' });
  for (const pin of ['48213', '4821399', '48a213', ' 482139']) {
    const issues = fieldIssues(submitPinSchema, { pin });
    expect(issues).toEqual([{ field: 'pin', message: 'the PIN must be exactly 6 digits' }]);
  }
});

test('resend, business-ID correction and cancel inputs', () => {
  expect(resendCodeSchema.parse({})).toEqual({});
  expect(fieldsOf(resendCodeSchema, { method: 'FAX' })).toEqual(['method']);
  expect(fieldIssues(correctBusinessIdSchema, { metaBusinessId: '12' })[0]).toEqual({
    field: 'metaBusinessId',
    message: 'metaBusinessId must be 5 to 20 digits',
  });
  expect(cancelSchema.parse({ reason: '  duplicate request  ' })).toEqual({ reason: 'duplicate request' });
  expect(fieldIssues(cancelSchema, { reason: 'no' })[0]?.message).toMatch(/at least 3 characters/);
  expect(fieldsOf(cancelSchema, { reason: '      ' })).toEqual(['reason']);
});

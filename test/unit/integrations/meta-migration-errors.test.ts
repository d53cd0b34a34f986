/**
 * The classification of Meta's Cloud-API migration refusals as a pure function
 * (../shared/docs/cloud-migration.md §2, §8): the 2388103 variants by their text, 136024 by subcode
 * and text, the register codes, maintenance; and that the codes used before keep their meaning.
 */
import type { ErrorClass, UpstreamReason } from '../../../contracts/errors';
import type { FailedResponse } from '../../../integrations/http';
import { classifyMeta } from '../../../integrations/meta-errors';

function graph(error: Record<string, unknown>, status = 400): FailedResponse {
  const body = { error: { type: 'OAuthException', fbtrace_id: 'A1', ...error } };
  return {
    status,
    headers: new Headers(),
    body,
    text: JSON.stringify(body),
    request: 'POST /1/phone_numbers',
    scrub: (t) => t,
  };
}
const classOf = (error: Record<string, unknown>, status?: number) => {
  const e = classifyMeta(graph(error, status));
  return { errorClass: e.errorClass, reason: e.reason, retryAfterMs: e.retryAfterMs };
};
const variant = (text: string) => ({
  code: 100,
  error_subcode: 2388103,
  message: 'Phone number migration error',
  error_user_msg: text,
});

test.each<[string, ErrorClass, UpstreamReason]>([
  ['Webhooks have not been set up for the destination WhatsApp Business account.', 'waiting', 'WEBHOOKS_MISSING'],
  [
    'This phone number is eligible to be added directly, and does not need to use phone migration APIs.',
    'redirect',
    'ADD_DIRECTLY',
  ],
  ['Registered name should be present and approved', 'waiting', 'NAME_NOT_APPROVED'],
  ['The business phone number must have an approved display name', 'waiting', 'NAME_NOT_APPROVED'],
  ['The source WhatsApp Business account is not set up correctly (legacy On-Behalf-Of)', 'final', 'SOURCE_NOT_SET_UP'],
  ['The destination WhatsApp Business account does not have a payment account.', 'waiting', 'PAYMENT_ACCOUNT_MISSING'],
  ['The phone number belongs to a different Business Manager account.', 'input', 'BUSINESS_MISMATCH'],
  ['The destination WhatsApp Business account is not approved.', 'waiting', 'DESTINATION_NOT_APPROVED'],
  ['The Messaging For request has not been approved.', 'waiting', 'DESTINATION_NOT_APPROVED'],
  ['There was an error migrating the phone number.', 'transient', 'SOMETHING_WENT_WRONG'],
])('2388103 "%s" -> %s %s', (text, errorClass, reason) => {
  expect(classOf(variant(text))).toMatchObject({ errorClass, reason });
  // Wherever Meta puts the text (message, details) and whether 2388103 is the code or the subcode.
  expect(classOf({ code: 2388103, message: text })).toMatchObject({ errorClass, reason });
  expect(classOf({ code: 100, error_subcode: 2388103, error_data: { details: text } })).toMatchObject({ reason });
});

test.each<[string, Record<string, unknown>, ErrorClass, UpstreamReason, number | undefined]>([
  ['2FA by subcode', { code: 100, error_subcode: 2388001 }, 'waiting', 'TWO_FA_ENABLED', undefined],
  [
    '2FA by the old text',
    { code: 100, message: 'Two-step authentication must be disabled for this phone number.' },
    'waiting',
    'TWO_FA_ENABLED',
    undefined,
  ],
  [
    'not in migration (migrate)',
    { code: 100, error_subcode: 2388091, message: 'x' },
    'redirect',
    'NOT_IN_MIGRATION',
    undefined,
  ],
  ['not in migration (verify)', { code: 136025, error_subcode: 2388093 }, 'redirect', 'NOT_IN_MIGRATION', undefined],
  [
    '136024 "not in migration"',
    { code: 136024, error_subcode: 2388091, error_data: { details: 'The phone number is not in migration.' } },
    'redirect',
    'NOT_IN_MIGRATION',
    undefined,
  ],
  [
    '136024/2388091 bare',
    { code: 136024, error_subcode: 2388091 },
    'success-equivalent',
    'ALREADY_VERIFIED',
    undefined,
  ],
  ['136024/2388366', { code: 136024, error_subcode: 2388366 }, 'success-equivalent', 'ALREADY_VERIFIED', undefined],
  [
    '136024 "already verified"',
    { code: 136024, message: 'Phone number already verified' },
    'success-equivalent',
    'ALREADY_VERIFIED',
    undefined,
  ],
  [
    '136024 wait',
    { code: 136024, error_subcode: 2388367, error_data: { details: 'Wait 1 hour.' } },
    'input',
    'CODE_REQUEST_REFUSED',
    3_600_000,
  ],
  ['136024 other', { code: 136024 }, 'input', 'CODE_REQUEST_REFUSED', undefined],
  ['133005', { code: 133005 }, 'input', 'PIN_MISMATCH', undefined],
  ['133000', { code: 133000 }, 'input', 'DEREGISTER_INCOMPLETE', undefined],
  ['133015', { code: 133015 }, 'rate-limited', 'RECENTLY_DELETED', 300_000],
  [
    '100 localization',
    { code: 100, message: "(#100) Expected data localization region: 'IN'" },
    'input',
    'DATA_LOCALIZATION_REQUIRED',
    undefined,
  ],
  ['2494100', { code: 2494100 }, 'transient', 'MAINTENANCE', 120_000],
  ['131057', { code: 131057 }, 'transient', 'MAINTENANCE', 120_000],
  [
    'wrong app secret',
    { code: 1, message: 'Error validating client secret.' },
    'permission',
    'INVALID_CREDENTIALS',
    undefined,
  ],
])('%s -> %s %s', (_what, error, errorClass, reason, retryAfterMs) => {
  expect(classOf(error)).toEqual({ errorClass, reason, retryAfterMs });
});

test('the codes used before keep their meaning', () => {
  expect(classOf({ code: 100, error_subcode: 2388012 })).toMatchObject({
    errorClass: 'success-equivalent',
    reason: 'ALREADY_MOVED',
  });
  expect(classOf({ code: 136024, error_subcode: 2388012 })).toMatchObject({ reason: 'ALREADY_MOVED' });
  expect(classOf({ code: 136025 })).toMatchObject({ reason: 'WRONG_CODE' });
  expect(classOf({ code: 136025 }, 422)).toMatchObject({ reason: 'CODE_EXPIRED' });
  expect(classOf({ code: 133016 })).toMatchObject({ errorClass: 'final', reason: 'REGISTER_RATE_LIMIT' });
  expect(classOf({ code: 100, message: '(#100) Invalid parameter' })).toMatchObject({ reason: 'BAD_REQUEST' });
  expect(classOf({ code: 1, message: 'An unknown error occurred' }, 500)).toMatchObject({ errorClass: 'transient' });
});

/**
 * The real services' error texts and envelopes, as published (docs/domain.md#port-in-answers), plus
 * named presets for `POST /_sim/errors`. The simulator keeps its own copy of the texts on purpose:
 * the adapters' substring matching is tested against these, not against shared constants.
 */
import { randomBytes } from 'node:crypto';
import { CLOUD_GRAPH, type GraphTuple } from './catalog-cloud';

export interface SimResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export const D360 = {
  mobNotAccepted: 'Message on behalf request not yet accepted',
  twoFaEnabled: 'Two-factor authentication not yet disabled',
  eligibleDirect:
    'This phone number is eligible to be added directly, and does not need to be ported. Please go to the 360 Client Hub and add it as a new number',
  alreadyMoved:
    'The phone number you are trying to port has already been moved to your destination WhatsApp Account. Please log in to the 360 Client Hub to continue.',
  businessMismatch:
    'The source and destination WhatsApp Business Accounts need to represent the same business. Please use the same Business ID as before when submitting the number for migration.',
  somethingWentWrong:
    'Something went wrong when trying to migrate your phone number. Please try again after some time. If that does not work, please contact our support via the 360 Client Hub.',
  differentPaymentProcessor: 'Destination partner is using a different payment processor. Please contact support.',
  channelNotRunning: 'API key cannot be generated: the channel is not running yet',
  companyInfo: 'Company information is incomplete. Please complete the company information before changing partner.',
  paymentMethod:
    'The destination partner requires a payment method. Please add a payment method before changing partner.',
  pcrChanged: 'The numbers of the WhatsApp Business Account have changed. Review the list of numbers and submit again.',
  invalidKey: 'Invalid api_key or token expired',
  permissionDenied: (pid: string) => `Permission denied for partner ${pid}`,
  rateLimit: (seconds: number) => `You have exceeded the limit of 1 request every ${seconds} seconds`,
  notFound: (what: string) => `${what} not found`,
} as const;

/** 360dialog's envelope. `httpCode` defaults to the status but can lie, as in their 401 example. */
export function d360Error(status: number, developerMessage: string, httpCode = status): SimResponse {
  return { status, body: { meta: { httpCode, developerMessage, success: false } } };
}

export function fbtraceId(): string {
  return randomBytes(8).toString('base64url');
}

export function graphError(
  status: number,
  code: number,
  message: string,
  opts: { type?: string; subcode?: number; details?: string; userMsg?: string } = {},
): SimResponse {
  const error: Record<string, unknown> = { message, type: opts.type ?? 'OAuthException', code };
  if (opts.subcode !== undefined) error.error_subcode = opts.subcode;
  if (opts.userMsg) error.error_user_msg = opts.userMsg;
  if (opts.details) error.error_data = { messaging_product: 'whatsapp', details: opts.details };
  error.fbtrace_id = fbtraceId();
  return { status, body: { error } };
}

/** Graph error codes the simulator knows (the Cloud-API migration ones from catalog-cloud.ts). */
const GRAPH: Record<string, GraphTuple> = {
  '1': [500, 1, 'An unknown error occurred'],
  '2': [503, 2, 'Service temporarily unavailable'],
  '4': [400, 4, '(#4) Application request limit reached'],
  '80007': [
    400,
    80007,
    '(#80007) Rate limit issues',
    undefined,
    'The WhatsApp Business Account has reached its rate limit.',
  ],
  '131000': [500, 131000, 'Something went wrong'],
  '131016': [503, 131016, 'Service unavailable'],
  '133004': [503, 133004, 'Server temporarily unavailable'],
  '133005': [400, 133005, 'Two step verification PIN Mismatch'],
  '133006': [400, 133006, 'Phone number re-verification needed'],
  '133008': [
    400,
    133008,
    'Too many two step verification PIN guesses for this phone number',
    undefined,
    'Try again after 30 seconds.',
  ],
  '133009': [
    400,
    133009,
    'Two step verification PIN was entered too quickly',
    undefined,
    'Try again after 10 seconds.',
  ],
  '133015': [
    400,
    133015,
    'The phone number you are attempting to register was recently deleted, and deletion has not yet completed.',
  ],
  '133016': [400, 133016, 'Account register deregister rate limit exceeded'],
  '136024': [400, 136024, 'Request code error'],
  '136025': [
    400,
    136025,
    'Verify code error',
    undefined,
    "Code couldn't be verified, You have entered the wrong code.",
  ],
  '136025-expired': [
    422,
    136025,
    'Verify code error',
    undefined,
    'The verification code has expired. Request a new code.',
  ],
  '100': [400, 100, '(#100) Invalid parameter'],
  '0': [401, 0, 'AuthException'],
  '190': [401, 190, 'Invalid OAuth access token - Cannot parse access token'],
  '10': [403, 10, '(#10) Application does not have permission for this action'],
  '200': [403, 200, '(#200) Permissions error'],
  '368': [400, 368, 'Temporarily blocked for policies violations'],
  '131031': [400, 131031, 'Business Account locked'],
  '2388012': [400, 100, 'The phone number is already registered on the destination WhatsApp Business Account', 2388012],
  '2388091': [400, 136024, 'Request code error', 2388091, 'The phone number is not in migration.'],
  '2388093': [400, 136025, 'Verify code error', 2388093, 'The phone number is not in migration.'],
  ...CLOUD_GRAPH,
};

export function graphPreset(code: string): SimResponse | undefined {
  const g = GRAPH[code];
  if (!g) return undefined;
  const [status, c, message, subcode, details, userMsg] = g;
  return graphError(status, c, message, { subcode, details, userMsg });
}

/** Named presets for `POST /_sim/errors`: `d360.*`, `meta.<code>`, `http.<status>`. */
export function preset(name: string): SimResponse | undefined {
  const [family, rest = ''] = name.split(/\.(.*)/s) as [string, string?];
  if (family === 'meta') {
    // The On-Premises API's shape, for the On-Prem shutdown (registration blocked).
    if (rest === '1005')
      return {
        status: 403,
        body: {
          errors: [{ code: 1005, title: 'Access denied', details: 'Unknown error: biz_link_on_prem_reg_blocked' }],
        },
      };
    return graphPreset(rest);
  }
  if (family === 'http') {
    const status = Number(rest);
    if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
    const headers: Record<string, string> =
      status === 429 ? { 'retry-after': new Date(Date.now() + 7_000).toUTCString() } : {};
    return {
      status,
      headers,
      body: { error: status === 429 ? 'TooManyRequests' : 'ServerError', description: `HTTP ${status}` },
    };
  }
  if (family !== 'd360') return undefined;
  const d360Presets: Record<string, SimResponse> = {
    'rate-limit': d360Error(400, D360.rateLimit(5)),
    'api-disabled': d360Error(400, 'API disabled for this partner'),
    'lack-of-payment': d360Error(400, 'Lack of payment: please settle the outstanding invoices'),
    'invalid-key': d360Error(401, D360.invalidKey, 404),
    'path-blocked': d360Error(403, 'Access to this path is blocked'),
    'permission-denied': d360Error(403, D360.permissionDenied('x')),
    internal: d360Error(500, 'Internal server error'),
    'integration-missing': d360Error(502, 'Integration is missing or not running'),
    'something-went-wrong': d360Error(400, D360.somethingWentWrong),
    'different-payment-processor': d360Error(400, D360.differentPaymentProcessor),
  };
  return d360Presets[rest];
}

export const PRESET_NAMES = [
  ...[
    'rate-limit',
    'api-disabled',
    'lack-of-payment',
    'invalid-key',
    'path-blocked',
    'permission-denied',
    'internal',
    'integration-missing',
    'something-went-wrong',
    'different-payment-processor',
  ].map((n) => `d360.${n}`),
  ...[...Object.keys(GRAPH), '1005'].map((c) => `meta.${c}`),
  'http.429',
  'http.500',
  'http.503',
];

/**
 * The Meta Graph adapter against a local HTTP stub: bearer token, explicit `fields`, node paths,
 * the Idempotency-Key on request_code, Brazilian numbers found in either form across pages, and
 * Graph errors classified by code (codes and PINs scrubbed from messages).
 */
import { MetaGraphAdapter } from '../../../integrations/meta-graph';
import { startHttpStub, type HttpStub } from '../support/http-stub';
import { classOf, upstreamFailure } from '../support/upstream';

const TOKEN = 'meta-system-user-token';
let stub: HttpStub;
let meta: MetaGraphAdapter;

beforeAll(async () => {
  stub = await startHttpStub();
  meta = new MetaGraphAdapter({ baseUrl: `${stub.url}/v21.0`, accessToken: TOKEN, timeoutMs: 2000 });
});
afterEach(() => stub.reset());
afterAll(() => stub.close());

const phone = (id: string, display: string, extra: Record<string, unknown> = {}) => ({
  id,
  display_phone_number: display,
  platform_type: 'ON_PREMISE',
  code_verification_status: 'VERIFIED',
  ...extra,
});
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'trace', ...extra },
});

test('getPhoneNumber: bearer token, explicit fields, unknown enum values tolerated', async () => {
  stub.answer({ body: phone('1001', '+49 151 23456789', { platform_type: 'SOMETHING_NEW' }) });
  expect(await meta.getPhoneNumber('1001')).toEqual({
    id: '1001',
    displayPhoneNumber: '+49 151 23456789',
    platformType: 'NOT_APPLICABLE',
    twoStepVerificationEnabled: false,
    codeVerificationStatus: 'VERIFIED',
  });
  const req = stub.only();
  expect(req).toMatchObject({ method: 'GET', path: '/v21.0/1001' });
  expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(req.query.get('fields')?.split(',')).toEqual(
    expect.arrayContaining(['platform_type', 'code_verification_status', 'two_step_verification_enabled']),
  );
});

test('getWaba and getBusiness map review, owner, sandbox and verification', async () => {
  stub.answer(
    {
      body: {
        id: 'waba-1',
        account_review_status: 'APPROVED',
        owner_business_info: { id: 'biz1' },
        phone_numbers: { data: [{ account_mode: 'SANDBOX' }, { account_mode: 'SANDBOX' }] },
      },
    },
    { body: { id: 'biz1', verification_status: 'pending_submission' } },
  );
  expect(await meta.getWaba('waba-1')).toEqual({
    id: 'waba-1',
    ownerBusinessId: 'biz1',
    accountReviewStatus: 'APPROVED',
    isSandbox: true,
  });
  expect(await meta.getBusiness('biz1')).toEqual({ id: 'biz1', verificationStatus: 'pending' });
});

test('findPhoneNumber follows the cursor and matches a Brazilian number in its other form', async () => {
  stub.answer(
    {
      body: {
        data: [phone('1', '+49 151 00000000')],
        paging: { cursors: { after: 'cursor-2' }, next: `${stub.url}/next` },
      },
    },
    { body: { data: [phone('2', '+55 31 9876-5432')] } },
  );
  // Asked with the extra 9, listed by Meta without it.
  expect(await meta.findPhoneNumber('waba-1', '+5531998765432')).toMatchObject({ id: '2' });
  expect(stub.requests.map((r) => [r.path, r.query.get('after')])).toEqual([
    ['/v21.0/waba-1/phone_numbers', null],
    ['/v21.0/waba-1/phone_numbers', 'cursor-2'],
  ]);
  stub.reset();
  stub.answer({ body: { data: [phone('1', '+49 151 00000000')] } });
  expect(await meta.findPhoneNumber('waba-1', '+4915199999999')).toBeUndefined();
});

test('requestCode carries an Idempotency-Key; verifyCode and register do not echo secrets', async () => {
  stub.answer({ body: { success: true } });
  await meta.requestCode({ phoneNumberId: '1001', method: 'VOICE', language: 'de_DE', idempotencyKey: 'rc:1' });
  expect(stub.only()).toMatchObject({
    path: '/v21.0/1001/request_code',
    json: { code_method: 'VOICE', language: 'de_DE' },
  });
  expect(stub.only().headers['idempotency-key']).toBe('rc:1');

  stub.reset();
  stub.answer({ status: 400, body: graphError(136025, 'Code 482913 is wrong') });
  const wrong = await upstreamFailure(meta.verifyCode({ phoneNumberId: '1001', code: '482913' }));
  expect(classOf(wrong)).toEqual({ service: 'meta', errorClass: 'input', reason: 'WRONG_CODE' });
  expect(wrong.message).not.toContain('482913');
  expect(stub.only().json).toEqual({ code: '482913' });

  stub.reset();
  stub.answer({ status: 400, body: graphError(133005, 'PIN 654321 mismatch') });
  const pin = await upstreamFailure(meta.register({ phoneNumberId: '1001', pin: '654321' }));
  expect(pin.upstreamCode).toBe(133005);
  expect(pin.message).not.toContain('654321');
  expect(stub.only().json).toEqual({ messaging_product: 'whatsapp', pin: '654321' });
});

test.each([
  ['code 1', 500, 'transient', 'SERVER_ERROR', graphError(1, 'unknown')],
  ['code 80007', 400, 'rate-limited', 'RATE_LIMIT', graphError(80007, 'rate')],
  ['code 190', 401, 'permission', 'INVALID_CREDENTIALS', graphError(190, `Invalid OAuth access token ${TOKEN}`)],
  ['code 200', 403, 'permission', 'PERMISSION_DENIED', graphError(200, 'no permission')],
  ['subcode 2388012', 400, 'success-equivalent', 'ALREADY_MOVED', graphError(100, 'x', { error_subcode: 2388012 })],
  ['subcode 33', 400, 'input', 'NOT_FOUND', graphError(100, 'x', { error_subcode: 33 })],
  ['code 368', 400, 'final', 'ACCOUNT_LOCKED', graphError(368, 'blocked')],
  ['On-Prem 1005', 400, 'final', 'PERMISSION_DENIED', { errors: [{ code: 1005, title: 'on-prem reg blocked' }] }],
  ['an HTML page', 502, 'transient', 'SERVER_ERROR', '<html>Bad gateway</html>'],
])('%s (HTTP %i) -> %s %s', async (_label, status, errorClass, reason, body) => {
  stub.answer({ status, body });
  const err = await upstreamFailure(meta.getPhoneNumber('1001'));
  expect(classOf(err)).toEqual({ service: 'meta', errorClass, reason });
  expect(err.httpStatus).toBe(status);
  expect(err.message).toContain('GET /v21.0/1001');
  expect(err.message).not.toContain(TOKEN);
});

test('a rate limit takes its wait from error_data.details, else from Retry-After', async () => {
  stub.answer(
    { status: 400, body: graphError(133008, 'too many', { error_data: { details: 'Try again in 30 seconds' } }) },
    { status: 400, body: graphError(4, 'app limit'), headers: { 'retry-after': '9' } },
  );
  expect((await upstreamFailure(meta.getPhoneNumber('1'))).retryAfterMs).toBe(30_000);
  expect((await upstreamFailure(meta.getPhoneNumber('1'))).retryAfterMs).toBe(9_000);
});

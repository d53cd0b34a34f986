/**
 * The 360dialog adapter against a local HTTP stub: the paths (partner ID in every path, IDs
 * encoded), the X-API-Key header, Idempotency-Keys on costly POSTs, the snake_case wire mapped to
 * the port types, channel paging, and error answers classified (the API key never in a message).
 */
import { Dialog360Adapter } from '../../../integrations/dialog360';
import { startHttpStub, type HttpStub } from '../support/http-stub';
import { classOf, upstreamFailure } from '../support/upstream';

const API_KEY = 'd360-key-0123456789';
let stub: HttpStub;
let d360: Dialog360Adapter;

beforeAll(async () => {
  stub = await startHttpStub();
  d360 = new Dialog360Adapter({
    baseUrl: `${stub.url}/api/v2/`,
    partnerId: 'OURS1PA',
    apiKey: API_KEY,
    timeoutMs: 2000,
  });
});
afterEach(() => stub.reset());
afterAll(() => stub.close());

const channel = (id: string, phone = '+49 151 2345 6789') => ({
  id,
  client_id: 'cl1',
  status: 'running',
  setup_info: { phone_number: phone },
  waba_account: { external_id: 'waba-1' },
});

test('submitPortIn: POST with the number split, the key header and the Idempotency-Key', async () => {
  stub.answer({ body: { id: 'pi1', channel_id: 'ch1', phone_number_id: '1001', mob_status: 'pending' } });
  const res = await d360.submitPortIn({
    phone: { e164: '+4915123456789', cc: '49', national: '15123456789' },
    wabaId: 'waba-1',
    metaBusinessId: '1234567890',
    idempotencyKey: 'port-in:+4915123456789:submit',
  });
  expect(res).toEqual({ portingId: 'pi1', channelId: 'ch1', phoneNumberId: '1001', mobStatus: 'pending' });
  const req = stub.only();
  expect(req.method).toBe('POST');
  expect(req.path).toBe('/api/v2/partners/OURS1PA/port_in_requests');
  expect(req.headers['x-api-key']).toBe(API_KEY);
  expect(req.headers['idempotency-key']).toBe('port-in:+4915123456789:submit');
  expect(req.headers['content-type']).toBe('application/json');
  expect(req.json).toEqual({
    cc: '49',
    phone_number: '15123456789',
    waba_id: 'waba-1',
    meta_business_id: '1234567890',
  });
});

test('getPortingStatus encodes the ID into the path and sends no Idempotency-Key', async () => {
  stub.answer({ body: { id: 'a/b', channel_id: 'ch1', phone_number_id: '1', mob_status: 'accepted' } });
  expect(await d360.getPortingStatus('a/b')).toEqual({ portingId: 'a/b', mobStatus: 'accepted' });
  const req = stub.only();
  expect(req.path).toBe('/api/v2/partners/OURS1PA/port_in_requests/a%2Fb');
  expect(req.headers['idempotency-key']).toBeUndefined();
});

test('getChannel filters by ID and maps the wire; an empty list is NOT_FOUND', async () => {
  stub.answer({ body: { count: 1, total: 1, partner_channels: [channel('ch1')] } });
  expect(await d360.getChannel('ch1')).toEqual({
    id: 'ch1',
    phoneNumber: '+4915123456789',
    wabaId: 'waba-1',
    clientId: 'cl1',
    status: 'running',
  });
  const req = stub.only();
  expect(req.path).toBe('/api/v2/partners/OURS1PA/channels');
  expect(JSON.parse(req.query.get('filters') ?? '')).toEqual({ id: 'ch1' });
  expect(req.query.get('offset')).toBe('0');

  stub.answer({ body: { count: 0, total: 0, partner_channels: [] } });
  const err = await upstreamFailure(d360.getChannel('gone'));
  expect(classOf(err)).toEqual({ service: '360dialog', errorClass: 'input', reason: 'NOT_FOUND' });
});

test('listWabaChannels pages with limit/offset until the total is reached', async () => {
  const page1 = Array.from({ length: 100 }, (_, i) => channel(`ch${i}`));
  stub.answer(
    { body: { count: 100, total: 101, partner_channels: page1 } },
    { body: { count: 1, total: 101, partner_channels: [channel('ch100')] } },
  );
  const all = await d360.listWabaChannels('waba-1');
  expect(all).toHaveLength(101);
  expect(stub.requests.map((r) => [r.query.get('limit'), r.query.get('offset')])).toEqual([
    ['100', '0'],
    ['100', '100'],
  ]);
  expect(JSON.parse(stub.requests[0]?.query.get('filters') ?? '')).toEqual({ waba_id: 'waba-1' });
});

test('createApiKey and cancelSubscription carry their Idempotency-Key', async () => {
  stub.answer({ body: { id: 'k1', api_key: 'secret-channel-key', address: 'https://waba.example', app_id: 'app1' } });
  expect(await d360.createApiKey('ch1', 'key:ch1')).toEqual({
    id: 'k1',
    apiKey: 'secret-channel-key',
    address: 'https://waba.example',
    appId: 'app1',
  });
  expect(stub.only()).toMatchObject({ method: 'POST', path: '/api/v2/partners/OURS1PA/channels/ch1/api_keys' });
  expect(stub.only().headers['idempotency-key']).toBe('key:ch1');

  stub.reset();
  stub.answer({ body: {} });
  await d360.cancelSubscription({ clientId: 'cl1', idempotencyKey: 'cancel:cl1' });
  expect(stub.only().path).toBe('/api/v2/partners/OURS1PA/clients/cl1/subscription/cancel');
  expect(stub.only().headers['idempotency-key']).toBe('cancel:cl1');
});

test('partner change: client, partner info, PCR create/get and permissions', async () => {
  stub.answer(
    {
      body: {
        count: 1,
        partner_clients: [
          {
            id: 'cl1',
            partner_id: 'OURS1PA',
            waba_id: 'waba-1',
            company_info_complete: false,
            payment_method_attached: true,
            waba_ownership: 'shared',
            subscription_status: 'active',
          },
        ],
      },
    },
    { body: { partner_id: 'DEST1PA', requires_payment_method: true, auto_approve_change_requests: false } },
    {
      body: {
        id: 'pcr1',
        waba_id: 'waba-1',
        source_partner_id: 'OURS1PA',
        destination_partner_id: 'DEST1PA',
        channel_ids: ['ch1'],
        status: 'failed',
        failure_reason: 'refused',
      },
    },
    { body: { ok: true } },
  );
  expect(await d360.getClientByWaba('waba-1')).toMatchObject({ companyInfoComplete: false, wabaOwnership: 'shared' });
  expect(await d360.getPartner('DEST1PA')).toEqual({
    partnerId: 'DEST1PA',
    requiresPaymentMethod: true,
    autoApprove: false,
  });
  const pcr = await d360.createPartnerChangeRequest({
    wabaId: 'waba-1',
    destinationPartnerId: 'DEST1PA',
    channelIds: ['ch1'],
    idempotencyKey: 'pcr:waba-1',
  });
  expect(pcr).toMatchObject({ id: 'pcr1', status: 'failed', failureReason: 'refused', channelIds: ['ch1'] });
  await d360.grantChannelPermissions({ partnerId: 'DEST1PA', channelIds: ['ch1'] });
  const [client, partner, create, grant] = stub.requests;
  expect(JSON.parse(client?.query.get('filters') ?? '')).toEqual({ waba_id: 'waba-1' });
  expect(partner?.path).toBe('/api/v2/partners/OURS1PA/partners/DEST1PA/info');
  expect(create?.headers['idempotency-key']).toBe('pcr:waba-1');
  expect(create?.json).toEqual({ waba_id: 'waba-1', destination_partner_id: 'DEST1PA', channel_ids: ['ch1'] });
  expect(grant).toMatchObject({ method: 'POST', path: '/api/v2/partners/OURS1PA/channels/permissions' });
});

test('error answers are classified from the envelope; the API key never shows', async () => {
  const envelope = (httpCode: number, developerMessage: string) => ({
    meta: { httpCode, developerMessage, success: false },
  });
  stub.answer(
    { status: 400, body: envelope(400, 'Message on Behalf request not yet accepted') },
    { status: 401, body: envelope(404, `Invalid api_key ${API_KEY} or token expired`) },
    { status: 400, body: envelope(400, 'You have exceeded the limit of 1 request every 5 seconds') },
    { status: 200, body: { unexpected: true } },
  );
  const call = () => d360.getPortingStatus('pi1');
  expect(classOf(await upstreamFailure(call()))).toMatchObject({ errorClass: 'waiting', reason: 'MOB_NOT_ACCEPTED' });
  const auth = await upstreamFailure(call());
  expect({ ...classOf(auth), status: auth.httpStatus }).toMatchObject({ reason: 'INVALID_CREDENTIALS', status: 401 });
  expect(auth.message).not.toContain(API_KEY);
  const limited = await upstreamFailure(call());
  expect({ reason: limited.reason, retryAfterMs: limited.retryAfterMs }).toEqual({
    reason: 'RATE_LIMIT',
    retryAfterMs: 5000,
  });
  const odd = await upstreamFailure(call());
  expect({ reason: odd.reason, retryable: odd.retryable }).toEqual({ reason: 'SERVER_ERROR', retryable: true });
  expect(odd.message).toMatch(/unexpected response/);
});

/**
 * The simulator itself: health, real error envelopes for unknown routes and bad input per service,
 * the control API's validation, scenario defaults, reset, and fault settings.
 */
import { DEFAULT_SCENARIO } from '../../../simulator/scenarios';
import { SimulatorControlError } from '../../../simulator/control-client';
import { freshNumber, startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => {
  await f.sim.close();
});

const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

test('GET /health answers 200', async () => {
  expect(await json(await fetch(`${f.sim.url}/health`))).toEqual({ status: 200, body: { status: 'ok' } });
});

test('each service answers unknown routes and bad input in its own envelope', async () => {
  const d360 = await json(
    await fetch(`${f.ctl.urls.dialog360}/nope`, { headers: { 'x-api-key': f.config.D360_PARTNER_API_KEY } }),
  );
  expect(d360).toEqual({
    status: 404,
    body: { meta: { httpCode: 404, developerMessage: expect.stringContaining('no route'), success: false } },
  });
  const meta = await json(
    await fetch(`${f.ctl.urls.meta}/1/2/3/4`, { headers: { authorization: `Bearer ${f.config.META_ACCESS_TOKEN}` } }),
  );
  expect(meta).toMatchObject({ status: 400, body: { error: { code: 100, fbtrace_id: expect.any(String) } } });
  const bad = await json(
    await fetch(`${f.ctl.urls.dialog360}/partners/${f.config.D360_PARTNER_ID}/port_in_requests`, {
      method: 'POST',
      headers: { 'x-api-key': f.config.D360_PARTNER_API_KEY, 'content-type': 'application/json' },
      body: '{"cc":',
    }),
  );
  expect(bad).toMatchObject({ status: 400, body: { meta: { success: false } } });
  const missingKey = await json(await fetch(`${f.ctl.urls.dialog360}/partners/${f.config.D360_PARTNER_ID}/channels`));
  expect(missingKey).toEqual({
    status: 401,
    body: { meta: { httpCode: 404, developerMessage: 'Invalid api_key or token expired', success: false } },
  });
  const support = await json(await fetch(`${f.ctl.urls.support}/tickets/1`));
  expect(support).toMatchObject({ status: 401, body: { error: "Couldn't authenticate you" } });
});

test('an unscripted number gets the happy-path defaults', async () => {
  const e164 = freshNumber();
  const view = await f.ctl.number(e164);
  expect(view).toMatchObject({
    e164,
    scenario: DEFAULT_SCENARIO,
    wabaId: `waba-${e164.slice(1)}`,
    twoFaEnabled: false,
    mobAccepted: true,
    channelId: null,
  });
  expect(DEFAULT_SCENARIO).toMatchObject({
    mobAccepted: true,
    twoFaEnabled: false,
    onCloudApi: false,
    sandbox: false,
    setupMs: 0,
    smsDelivery: 'delivered',
  });
});

test('scenario patches change only the given keys and are validated', async () => {
  const e164 = freshNumber();
  await f.ctl.setScenario(e164, { twoFaEnabled: true });
  const view = await f.ctl.setScenario(e164, { setupMs: 'manual' });
  expect(view.scenario).toMatchObject({
    twoFaEnabled: true,
    setupMs: 'manual',
    metaBusinessId: DEFAULT_SCENARIO.metaBusinessId,
  });
  await expect(f.ctl.setScenario(e164, { bogus: 1 } as never)).rejects.toThrow(SimulatorControlError);
  await expect(f.ctl.setScenario(e164, { somethingWentWrongTimes: -1 })).rejects.toThrow(/400/);
  await expect(f.ctl.scriptError({ op: 'meta.getNode', preset: 'meta.999' })).rejects.toThrow(/unknown preset/);
});

test('faults apply to API routes only, never to the control API; reset clears everything', async () => {
  await f.ctl.faults({ errorRate: 1 });
  // The control API keeps answering while every API call fails.
  expect((await f.ctl.counters()).faults.errors).toBe(0);
  const res = await fetch(`${f.ctl.urls.support}/tickets/1`, {
    headers: { authorization: `Bearer ${f.config.SUPPORT_DESK_TOKEN}` },
  });
  expect(res.status).toBe(503);
  expect((await f.ctl.counters()).faults.errors).toBe(1);
  await f.ctl.reset();
  expect((await f.ctl.counters()).faults.errors).toBe(0);
  const after = await fetch(`${f.ctl.urls.support}/tickets/1`, {
    headers: { authorization: `Bearer ${f.config.SUPPORT_DESK_TOKEN}` },
  });
  expect(after.status).toBe(404);
});

test('the same number under its other Brazilian form is the same number', async () => {
  await f.ctl.setScenario('+5521987650000', { twoFaEnabled: true });
  expect((await f.ctl.number('+552187650000')).e164).toBe('+5521987650000');
});

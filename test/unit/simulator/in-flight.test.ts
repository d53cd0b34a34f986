/**
 * The simulator's gauge of concurrent requests on the services' routes (what a batch's concurrency
 * limit bounds): current and peak, control routes not counted, peak reset by the control API.
 */
import { startSimFixture, type SimFixture } from '../../integrations/sim-fixture';

let f: SimFixture;
beforeAll(async () => {
  f = await startSimFixture();
});
afterAll(async () => {
  await f.sim.close();
});

test('counts concurrent service requests, not control ones, and keeps the peak until reset', async () => {
  await f.ctl.reset();
  expect(await f.ctl.inFlight()).toEqual({ current: 0, peak: 0 });
  await f.ctl.faults({ latencyMs: 400 });
  const d360 = { headers: { 'x-api-key': f.config.D360_PARTNER_API_KEY } };
  const calls = [
    ...[1, 2, 3].map(() => fetch(`${f.ctl.urls.dialog360}/partners/${f.config.D360_PARTNER_ID}/channels`, d360)),
    fetch(`${f.ctl.urls.support}/tickets/1`, { headers: { authorization: `Bearer ${f.config.SUPPORT_DESK_TOKEN}` } }),
    fetch(f.ctl.siteUrl('in-flight-test')),
  ];
  let seen = await f.ctl.inFlight();
  for (let i = 0; i < 50 && seen.current < 5; i++) seen = await f.ctl.inFlight();
  // The control calls made meanwhile are not among them.
  expect(seen).toEqual({ current: 5, peak: 5 });
  await Promise.all(calls.map(async (c) => (await c).arrayBuffer()));
  await f.ctl.clearFaults();
  expect(await f.ctl.inFlight()).toEqual({ current: 0, peak: 5 });
  expect(await f.ctl.resetInFlightPeak()).toEqual({ current: 0, peak: 0 });
  await fetch(f.ctl.siteUrl('in-flight-test'));
  expect(await f.ctl.inFlight()).toEqual({ current: 0, peak: 1 });
});

/**
 * The metrics test's migrations, driven over real HTTP through an API process: a Cloud port-in, an
 * On-Premise one, one that stalls, a port-out and a partner change that escalates once. `sent`
 * records each request as `METHOD status`, to compare with the API's own request metrics.
 */
import type { SimulatorControl } from '../../simulator/control-client';
import { freshNumber } from '../harness/port-in-fixtures';
import { freshPartnerId, seedWaba } from '../harness/waba-fixtures';

export type ApiDriver = ReturnType<typeof apiDriver>;

export function apiDriver(apiUrl: string, token: string, sim: SimulatorControl) {
  const sent: string[] = [];
  const TOKEN = token;

  // --- the four migrations --------------------------------------------------------------------

  async function portInBody(timings: Record<string, string>) {
    const phoneNumber = freshNumber('+4916');
    const metaBusinessId = `9${phoneNumber.slice(-9)}`;
    await sim.setScenario(phoneNumber, { metaBusinessId, businessVerification: 'verified' });
    return {
      path: 'on-premise',
      phoneNumber,
      wabaId: `waba-${phoneNumber.slice(1)}`,
      metaBusinessId,
      businessWebsite: sim.siteUrl('metrics-shop'),
      attestations: { adminAccess: true, phoneAccess: true },
      timings: { pollEvery: '200ms', ...timings },
    };
  }

  async function cloudPortIn(): Promise<string> {
    const phoneNumber = freshNumber('+4917');
    const [sourceWabaId, wabaId, business] = [
      `src-${phoneNumber.slice(1)}`,
      `dest-${phoneNumber.slice(1)}`,
      '777000444',
    ];
    await sim.setCloudSource(phoneNumber, { sourceWabaId, businessId: business });
    await sim.setCloudWaba(wabaId, { businessId: business });
    const id = await start('/v1/port-ins', {
      path: 'cloud-api',
      cloud: { way: 'embedded-signup', sourceWabaId },
      phoneNumber,
      wabaId,
      metaBusinessId: business,
      businessWebsite: sim.siteUrl('metrics-shop'),
      attestations: { adminAccess: true, phoneAccess: true },
      timings: { pollEvery: '200ms' },
    });
    await waitFor(id, (m) => m.step === 'AWAITING_EMBEDDED_SIGNUP');
    const { code, phoneNumberId } = await sim.embeddedSignup({ e164: phoneNumber, wabaId });
    expect((await call('POST', `${migration(id)}/embedded-signup`, { wabaId, phoneNumberId, code })).status).toBe(200);
    await waitFor(id, (m) => m.outcome === 'completed', 60_000);
    return id;
  }

  async function completedPortIn(): Promise<string> {
    const body = await portInBody({});
    const id = await start('/v1/port-ins', body);
    await waitFor(id, (m) => m.step === 'AWAITING_PIN');
    const code = (await sim.inbox(body.phoneNumber)).at(-1)?.code;
    expect((await call('POST', `${migration(id)}/pin`, { pin: code })).status).toBe(200);
    await waitFor(id, (m) => m.outcome === 'completed');
    return id;
  }

  async function stalledPortIn(): Promise<string> {
    const id = await start('/v1/port-ins', await portInBody({ pinEscalateAfter: '1s', pinDeadline: '3s' }));
    await waitFor(id, (m) => m.outcome === 'stalled', 30_000);
    return id;
  }

  async function completedPortOut(): Promise<string> {
    const waba = await seedWaba(sim, { count: 1, twoFaEnabled: false });
    const phoneNumber = waba.channels[0]?.e164 ?? '';
    const id = await start('/v1/port-outs', { phoneNumber, wabaId: waba.wabaId, timings: { pollEvery: '200ms' } });
    await waitFor(id, (m) => m.step === 'AWAITING_NUMBER_LEFT');
    await sim.markNumberLeft(phoneNumber);
    expect((await call('POST', `${migration(id)}/events/number-left`)).status).toBe(202);
    await waitFor(id, (m) => m.step === 'AWAITING_CANCELLATION_CONFIRMATION');
    expect((await call('POST', `${migration(id)}/subscription/keep`, { declinedBy: 'owner@example.com' })).status).toBe(
      200,
    );
    await waitFor(id, (m) => m.outcome === 'completed');
    return id;
  }

  async function escalatedPartnerChange(): Promise<string> {
    const waba = await seedWaba(sim, { count: 1 });
    const id = await start('/v1/partner-changes', {
      wabaId: waba.wabaId,
      destinationPartnerId: freshPartnerId(),
      timings: { pollEvery: '200ms', confirmEscalateAfter: '1s' },
    });
    await waitFor(id, (m) => m.step === 'AWAITING_NUMBER_CONFIRMATION' && m.escalated);
    const phoneNumbers = waba.channels.map((c) => c.e164);
    expect((await call('POST', `${migration(id)}/numbers/confirm`, { phoneNumbers })).status).toBe(200);
    await waitFor(id, (m) => m.step === 'AWAITING_PERMISSION_SELECTION');
    const channelIds = waba.channels.map((c) => c.id);
    expect((await call('POST', `${migration(id)}/numbers/permissions`, { channelIds })).status).toBe(200);
    await waitFor(id, (m) => m.outcome === 'completed');
    return id;
  }

  // --- HTTP to the API process ----------------------------------------------------------------

  interface MigrationView {
    migrationId: string;
    kind: string;
    step: string;
    outcome?: string;
    escalated: boolean;
    timeline: { step: string }[];
    execution: { executionStatus: string };
  }

  const migration = (id: string) => `/v1/migrations/${encodeURIComponent(id)}`;

  async function call(method: 'GET' | 'POST', url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    const res = await fetch(`${apiUrl}${url}`, {
      method,
      headers: {
        authorization: `Bearer ${TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    sent.push(`${method} ${res.status}`);
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : undefined };
  }

  async function start(url: string, body: unknown): Promise<string> {
    const res = await call('POST', url, body);
    if (res.status !== 201) throw new Error(`POST ${url}: ${res.status} ${JSON.stringify(res.json)}`);
    return (res.json as { migrationId: string }).migrationId;
  }

  async function waitFor(id: string, done: (m: MigrationView) => boolean, timeoutMs = 20_000): Promise<MigrationView> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    while (Date.now() < deadline) {
      const res = await call('GET', migration(id));
      last = res.json;
      if (res.status === 200 && done(res.json as MigrationView)) return res.json as MigrationView;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${id} did not get there in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
  }

  return { sent, waitFor, cloudPortIn, completedPortIn, stalledPortIn, completedPortOut, escalatedPartnerChange };
}

/**
 * What the control endpoints do to the world: apply a number's scenario, seed a WABA with numbers
 * (partner change, port-out), and the views the control API returns (never the API-key values).
 */
import type { ScenarioPatch, SeedWaba } from './scenarios';
import type { NumberState, SimState } from './state';

/** Applies a partial scenario: the script and the live state it implies (WABA, business, 2FA, MoB …). */
export function applyScenario(state: SimState, e164: string, patch: ScenarioPatch): NumberState {
  const n = state.number(e164);
  n.scenario = { ...n.scenario, ...patch };
  if (patch.wabaId !== undefined) state.attach(n, patch.wabaId);
  const waba = state.waba(n.wabaId);
  if (patch.metaBusinessId !== undefined) waba.ownerBusinessId = patch.metaBusinessId;
  if (patch.businessVerification !== undefined) state.businesses.set(waba.ownerBusinessId, patch.businessVerification);
  if (patch.wabaReviewStatus !== undefined) waba.reviewStatus = patch.wabaReviewStatus;
  if (patch.sandbox !== undefined) waba.sandbox = patch.sandbox;
  if (patch.wabaOwnership !== undefined) waba.ownership = patch.wabaOwnership;
  if (patch.twoFaEnabled !== undefined) n.twoFaEnabled = patch.twoFaEnabled;
  if (patch.mobAccepted !== undefined) n.mobAccepted = patch.mobAccepted;
  if (patch.somethingWentWrongTimes !== undefined) n.somethingWrongLeft = patch.somethingWentWrongTimes;
  // "Already moved": the number already has a running channel on 360dialog.
  if (patch.portInOutcome === 'already-moved' && !n.channelId) {
    const ch = state.createChannel(n.e164, n.wabaId, 'running');
    n.channelId = ch.id;
    n.verified = true;
  }
  return n;
}

export function numberView(state: SimState, n: NumberState) {
  const ch = n.channelId ? state.channels.get(n.channelId) : undefined;
  return {
    e164: n.e164,
    scenario: n.scenario,
    phoneNumberId: n.phoneNumberId,
    wabaId: n.wabaId,
    twoFaEnabled: n.twoFaEnabled,
    mobAccepted: n.mobAccepted,
    verified: n.verified,
    portingId: n.portingId ?? null,
    channelId: n.channelId ?? null,
    channelStatus: ch ? state.channelStatus(ch) : null,
    codesSent: n.codes.length,
    wrongCodeAttempts: n.wrongAttempts,
  };
}

export function channelControlView(state: SimState, id: string) {
  const ch = state.channels.get(id);
  if (!ch) return undefined;
  return {
    id: ch.id,
    e164: ch.e164,
    wabaId: ch.wabaId,
    clientId: ch.clientId,
    status: state.channelStatus(ch),
    permittedPartners: ch.permittedPartners,
    apiKeys: ch.apiKeys.map((k) => ({ id: k.id, revoked: k.revoked })),
  };
}

export function wabaControlView(state: SimState, wabaId: string) {
  const waba = state.wabas.get(wabaId);
  if (!waba) return undefined;
  const client = state.clientOfWaba(wabaId);
  const channels = [...state.channels.values()].filter((c) => c.wabaId === wabaId);
  return {
    wabaId,
    metaBusinessId: waba.ownerBusinessId,
    ownership: waba.ownership,
    clientId: client.id,
    partnerId: client.partnerId,
    companyInfoComplete: client.companyInfoComplete,
    hasPaymentMethod: client.hasPaymentMethod,
    subscription: client.subscription,
    balance: { amount: client.balance, currency: client.currency, unpaidInvoices: client.unpaidInvoices },
    channels: channels.map((c) => ({
      id: c.id,
      e164: c.e164,
      status: state.channelStatus(c),
      phoneNumberId: state.findNumber(c.e164)?.phoneNumberId ?? null,
    })),
  };
}

/** A WABA already on 360dialog: its client, N numbers with running channels (2FA on, as 360dialog sets it). */
export function seedWaba(state: SimState, seed: SeedWaba) {
  const wabaId = seed.wabaId ?? state.nextId('waba-seed-');
  const waba = state.waba(wabaId, seed.metaBusinessId);
  waba.ownerBusinessId = seed.metaBusinessId;
  waba.ownership = seed.ownership;
  const client = state.clientOfWaba(wabaId);
  client.partnerId = seed.partnerId ?? state.ownPartnerId;
  client.companyInfoComplete = seed.companyInfoComplete;
  client.hasPaymentMethod = seed.hasPaymentMethod;
  const numbers = seed.numbers ?? Array.from({ length: seed.count }, () => `+4916${state.nextGraphId().slice(-9)}`);
  for (const e164 of numbers) {
    const n = state.number(e164);
    state.attach(n, wabaId);
    n.scenario = { ...n.scenario, wabaId, twoFaEnabled: seed.twoFaEnabled, wabaOwnership: seed.ownership };
    n.twoFaEnabled = seed.twoFaEnabled;
    n.verified = true;
    if (!n.channelId) n.channelId = state.createChannel(n.e164, wabaId, seed.channelStatus).id;
  }
  return wabaControlView(state, wabaId) as NonNullable<ReturnType<typeof wabaControlView>>;
}

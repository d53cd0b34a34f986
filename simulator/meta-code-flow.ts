/**
 * Meta's registration calls on a phone-number ID, on Meta's clock (`state.clock`): `request_code`
 * generates a random 6-digit code per send and delivers it to the number's inbox (SMS/VOICE,
 * delayed or never, per scenario); `verify_code` checks it (wrong 136025, expired 422, too many
 * wrong 131031); `register` needs a verified number, the source's storage region (100) and the
 * two-step PIN (133005); `register` and `deregister` share 10 calls per number per moving 72 h (133016).
 *
 * A number is "in migration" once its porting request is accepted (360dialog port-in) or once
 * `migrate_phone_number` moved it (Cloud API); a verified Cloud-API number answers "already verified".
 */
import { randomInt } from 'node:crypto';
import { graphError, graphPreset, type SimResponse } from './catalog';
import { CLOUD_TEXT } from './catalog-cloud';
import { Counters } from './counters';
import type { NumberState, SimState } from './state';

/** Meta's register limit: 10 register/deregister requests per number in a moving 72 hours. */
export const REGISTER_LIMIT = 10;
export const REGISTER_WINDOW_MS = 72 * 3_600_000;

const ok: SimResponse = { status: 200, body: { success: true } };

export function numberById(state: SimState, id: string): NumberState | undefined {
  for (const n of state.numbers.values()) if (n.phoneNumberId === id) return n;
  return undefined;
}

export const unknownObject = (id: string): SimResponse =>
  graphError(
    400,
    100,
    `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    { type: 'GraphMethodException', subcode: 33 },
  );

function inMigration(state: SimState, n: NumberState): boolean {
  if (n.cloud) return n.cloud.migrating;
  return Boolean(n.portingId && state.portings.has(n.portingId) && n.mobAccepted);
}

/** Takes one of the number's register/deregister calls, or answers 133016 when the window is full. */
function spendRegisterCall(state: SimState, n: NumberState): SimResponse | undefined {
  const now = state.clock.now();
  n.registrations = (n.registrations ?? []).filter((at) => now - at < REGISTER_WINDOW_MS);
  if (n.registrations.length >= REGISTER_LIMIT) return graphPreset('133016');
  n.registrations.push(now);
  return undefined;
}

export function requestCode(state: SimState, n: NumberState, method: 'SMS' | 'VOICE'): SimResponse {
  if (n.cloud && n.verified) return graphPreset('136024-already-verified') as SimResponse;
  if (!inMigration(state, n)) return graphPreset('2388091') as SimResponse;
  const now = state.clock.now();
  const delivery = method === 'SMS' ? n.scenario.smsDelivery : n.scenario.voiceDelivery;
  n.codes.push({
    code: String(randomInt(0, 1_000_000)).padStart(6, '0'),
    method,
    sentAt: now,
    deliverAt: delivery === 'never' ? null : now + n.scenario.codeDeliveryDelayMs,
    expiresAt: now + n.scenario.codeValidityMs,
    used: false,
  });
  Counters.inc(state.counters.codesSentByNumber, n.e164);
  return ok;
}

export function verifyCode(state: SimState, n: NumberState, code: string): SimResponse {
  if (!inMigration(state, n) && !(n.cloud && n.verified)) return graphPreset('2388093') as SimResponse;
  Counters.inc(state.counters.codeVerificationsByNumber, n.e164);
  const latest = n.codes.at(-1);
  // A repeated verify of the code that already succeeded (a lost response) succeeds again.
  if (n.verified && latest?.used && latest.code === code) return ok;
  if (n.wrongAttempts >= n.scenario.maxWrongCodes) return graphPreset('131031') as SimResponse;
  if (!latest || latest.used) {
    return graphError(400, 133006, 'Phone number re-verification needed', {
      details: 'No active verification code: request a new code.',
    });
  }
  if (latest.code !== code) {
    n.wrongAttempts++;
    return graphPreset('136025') as SimResponse;
  }
  if (state.clock.now() > latest.expiresAt) return graphPreset('136025-expired') as SimResponse;
  latest.used = true;
  n.verified = true;
  const ch = n.channelId ? state.channels.get(n.channelId) : undefined;
  if (ch && ch.phase === 'pending') {
    ch.phase = 'submitted';
    ch.runningAt = n.scenario.setupMs === 'manual' ? null : Date.now() + n.scenario.setupMs;
  }
  return ok;
}

export function register(state: SimState, n: NumberState, pin: string, region?: string): SimResponse {
  const spent = spendRegisterCall(state, n);
  if (spent) return spent;
  Counters.inc(state.counters.registrationsByNumber, n.e164);
  if (!n.verified) {
    return graphError(400, 133006, 'Phone number re-verification needed', {
      details: 'Verify the number with a code before registering it.',
    });
  }
  // A number that stored data in a region may only be registered with that region set again.
  const expected = n.cloud?.dataLocalizationRegion;
  if (expected && (region ?? n.cloud?.storageRegion) !== expected)
    return graphError(400, 100, `(#100) ${CLOUD_TEXT.localization(expected)}`, { type: 'OAuthException' });
  // The PIN becomes the number's two-step PIN; once set, a different one is a mismatch.
  if (n.twoFaPin !== undefined && n.twoFaPin !== pin) return graphPreset('133005') as SimResponse;
  n.twoFaPin = pin;
  if (n.cloud) {
    n.cloud.registered = true;
    n.cloud.migrating = false;
    attachPartnerChannel(state, n);
  }
  return ok;
}

/**
 * 360dialog learns of a number registered in a WABA shared with the partner (`channel_created`)
 * and sets its channel up (`channel_running` after the scenario's setup time): what the Cloud-API
 * port-in waits for before it mints the API key.
 */
export function attachPartnerChannel(state: SimState, n: NumberState): void {
  if (n.channelId && state.channels.get(n.channelId)?.wabaId === n.wabaId) return;
  const ch = state.createChannel(n.e164, n.wabaId, 'submitted');
  ch.runningAt = n.scenario.setupMs === 'manual' ? null : Date.now() + n.scenario.setupMs;
  n.channelId = ch.id;
}

export function deregister(state: SimState, n: NumberState): SimResponse {
  const spent = spendRegisterCall(state, n);
  if (spent) return spent;
  Counters.inc(state.counters.deregistrationsByNumber, n.e164);
  if (n.cloud) n.cloud.registered = false;
  return ok;
}

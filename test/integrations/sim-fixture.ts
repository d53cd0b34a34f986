/**
 * Contract-test fixture: an in-process simulator on a random port and the real adapters built by
 * `createOutsideWorld` from a config pointing at it, so every call goes over real HTTP.
 */
import { createOutsideWorld } from '../../integrations';
import type { ErrorClass, UpstreamReason } from '../../contracts/errors';
import { isUpstreamError, type UpstreamError } from '../../integrations/errors';
import type { PhoneNumberParts } from '../../contracts/phone-number';
import type { OutsideWorld } from '../../integrations/ports';
import { normalisePhoneNumber } from '../../contracts/phone-number';
import { SimulatorControl } from '../../simulator/control-client';
import { startSimulator, type RunningSimulator } from '../../simulator/server';
import { loadConfig, type Config } from '../../temporal.config';

export interface SimFixture {
  sim: RunningSimulator;
  ctl: SimulatorControl;
  config: Config;
  world: OutsideWorld;
  /** Adapters with other settings (wrong credentials, tiny timeouts) against the same simulator. */
  worldWith(overrides: Record<string, string>): OutsideWorld;
}

export async function startSimFixture(overrides: Record<string, string> = {}): Promise<SimFixture> {
  const sim = await startSimulator({ port: 0 });
  const ctl = new SimulatorControl(sim.url);
  const configFor = (extra: Record<string, string>) =>
    loadConfig({
      D360_PARTNER_API_URL: ctl.urls.dialog360,
      META_GRAPH_URL: ctl.urls.meta,
      SUPPORT_DESK_URL: ctl.urls.support,
      HTTP_TIMEOUT_MS: '3000',
      WEBSITE_CHECK_TIMEOUT_MS: '500',
      LOG_LEVEL: 'warn',
      ...overrides,
      ...extra,
    });
  const config = configFor({});
  return {
    sim,
    ctl,
    config,
    world: createOutsideWorld(config),
    worldWith: (extra) => createOutsideWorld(configFor(extra)),
  };
}

let counter = 0;

/** A number nobody used yet in this simulator (German mobile range). */
export function freshNumber(prefix = '+49151'): string {
  counter++;
  return `${prefix}${String(process.pid % 1000).padStart(3, '0')}${String(counter).padStart(5, '0')}`;
}

export function parts(e164: string): PhoneNumberParts {
  const n = normalisePhoneNumber(e164);
  return { e164: n.e164, cc: n.cc, national: n.national };
}

/** The implicit WABA of an unscripted number (`waba-<digits>`), as the simulator defines it. */
export const wabaOf = (e164: string) => `waba-${e164.slice(1)}`;

/** Awaits a rejection and asserts it is a classified UpstreamError (and nothing else). */
export async function upstreamError(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => {
      throw new Error('expected the call to fail with an UpstreamError, but it succeeded');
    },
    (e: unknown) => e,
  );
  if (!isUpstreamError(err)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}

export async function expectClass(
  p: Promise<unknown>,
  errorClass: ErrorClass,
  reason: UpstreamReason,
): Promise<UpstreamError> {
  const err = await upstreamError(p);
  expect({ errorClass: err.errorClass, reason: err.reason }).toEqual({ errorClass, reason });
  return err;
}

/** Submits a port-in for an (unscripted unless scripted before) number with its implicit WABA. */
export function portIn(
  world: OutsideWorld,
  e164: string,
  opts: { key?: string; metaBusinessId?: string; wabaId?: string } = {},
) {
  return world.dialog360.submitPortIn({
    phone: parts(e164),
    wabaId: opts.wabaId ?? wabaOf(e164),
    metaBusinessId: opts.metaBusinessId ?? '1234567890',
    idempotencyKey: opts.key ?? `port-in:${e164}:${Math.random()}`,
  });
}

/** Submits a port-in and verifies the number with the code from its inbox, as its owner would. */
export async function verifiedPortIn(f: Pick<SimFixture, 'world' | 'ctl'>, e164: string) {
  const submission = await portIn(f.world, e164);
  await f.world.meta.requestCode({
    phoneNumberId: submission.phoneNumberId,
    method: 'SMS',
    language: 'en_US',
    idempotencyKey: `rc-${e164}`,
  });
  const [msg] = await f.ctl.inbox(e164);
  await f.world.meta.verifyCode({ phoneNumberId: submission.phoneNumberId, code: msg?.code ?? '' });
  return submission;
}

/** Retries a call with the SAME idempotency key while the error is retryable, as an activity would. */
export async function withRetries<T>(call: () => Promise<T>, attempts = 40): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await call();
    } catch (err) {
      if (!isUpstreamError(err) || !err.retryable || i >= attempts) throw err;
    }
  }
}

/** Polls until `check` holds (time-based simulator transitions), failing after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

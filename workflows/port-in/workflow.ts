/**
 * Port-in: a number moves to 360dialog. One workflow per number, two paths: the Cloud API
 * (cloud/steps.ts, how numbers move since Meta closed On-Premise registration) and another BSP's
 * On-Premise API (`steps` below, the step list of docs/domain.md#port-in). Every wait escalates to
 * support and keeps waiting, and any step may end the run with `ctx.finish` (kit/migration.ts).
 */
import { setHandler } from '@temporalio/workflow';
import { runMigration } from '../kit/migration';
import { rejectUpdate } from '../kit/updates';
import type { PortInResult } from '../../contracts/port-in-cloud';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import {
  channelStatusSignal,
  correctBusinessIdUpdate,
  getApiKeyQuery,
  getStatusQuery,
  mobAcceptedSignal,
  reportEmbeddedSignupUpdate,
  resendCodeUpdate,
  submitPinUpdate,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import type { Sealed } from '../../contracts/sealed';
import { EmbeddedSignup } from './cloud/embedded-signup';
import { cloudSteps } from './cloud/steps';
import { PortInContext } from './context';
import { preflight } from './preflight';
import { Registration } from './registration';
import { awaitSetupAndGenerateKey } from './setup-and-key';
import { submitPortingRequest } from './submission';
import { awaitMobAccepted, awaitTwoFactorDisabled } from './waits';

export async function portInWorkflow(input: PortInInput): Promise<PortInResult> {
  const ctx = new PortInContext(input);
  const registration = new Registration(ctx);
  const signup = new EmbeddedSignup(ctx);
  registerHandlers(ctx, registration, signup);
  return runMigration(ctx, () =>
    input.path === 'cloud-api' ? cloudSteps(ctx, registration, signup) : steps(ctx, registration),
  );
}

async function steps(ctx: PortInContext, registration: Registration): Promise<void> {
  const report = await preflight(ctx); // 1-2: exclusion, checklist, Business ID correction
  if (report.twoFactorEnabled) await awaitTwoFactorDisabled(ctx); // 3
  const request = await submitPortingRequest(ctx); // 4
  if (request === 'submitted') await awaitMobAccepted(ctx); // 5
  // "Already moved" skips registration: the number is on 360dialog already.
  if (ctx.phoneNumberId) await registration.run(); // 6-7
  await awaitSetupAndGenerateKey(ctx); // 8-10
}

/** Every signal, query and update, registered before the first step so none arrives unhandled. */
function registerHandlers(ctx: PortInContext, registration: Registration, signup: EmbeddedSignup): void {
  const { facts, tracker } = ctx;
  setHandler(getStatusQuery, () => tracker.status());
  setHandler(getApiKeyQuery, () =>
    ctx.apiKey
      ? {
          apiKey: ctx.apiKey.apiKey,
          address: ctx.apiKey.address,
          appId: ctx.apiKey.appId,
          keyId: ctx.apiKey.id,
          ...(ctx.twoFactorPin ? { twoFactorPin: ctx.twoFactorPin } : {}),
        }
      : null,
  );
  setHandler(mobAcceptedSignal, () => void (facts.mobAccepted = true));
  setHandler(twoFactorDisabledSignal, () => void (facts.twoFactorDisabled = true));
  setHandler(channelStatusSignal, (event) => {
    // Webhooks repeat and arrive out of order: dedupe by ID. "running" is a hint: 360dialog's refusal
    // of the API key resets it (setup-and-key.ts).
    if (facts.seenEventIds.has(event.eventId)) return;
    facts.seenEventIds.add(event.eventId);
    if (event.status === 'running' || event.status === 'live') facts.channelRunning = true;
  });
  setHandler(
    correctBusinessIdUpdate,
    ({ metaBusinessId }) => {
      ctx.metaBusinessId = metaBusinessId;
      facts.businessIdCorrected = true;
      tracker.note(`Meta Business ID corrected to ${metaBusinessId}`);
      return { accepted: true as const };
    },
    {
      description: 'Correct the Meta Business ID after a "same business" rejection',
      validator: (u) => {
        if (!/^\d{5,20}$/.test(u?.metaBusinessId ?? ''))
          throw rejectUpdate('InvalidBusinessId', 'metaBusinessId must be 5-20 digits');
        if (tracker.current !== PortInStep.AWAITING_BUSINESS_ID_CORRECTION)
          throw rejectUpdate('WrongStep', `the migration is at step ${tracker.current}, not waiting for a Business ID`);
      },
    },
  );
  setHandler(submitPinUpdate, (u) => registration.submitPin(u.pin as Sealed<'pin'>), {
    validator: (u) => registration.validatePin(u?.pin),
    description: 'Submit the 6-digit registration PIN',
  });
  setHandler(reportEmbeddedSignupUpdate, (report) => signup.report(report), {
    validator: (report) => signup.validate(report),
    description: 'Report the finished Embedded Signup session (WABA, phone-number ID, sealed code)',
  });
  setHandler(resendCodeUpdate, (u) => registration.resend(u?.method), {
    validator: (u) => registration.validateResend(u?.method),
    description: 'Resend the PIN, optionally by VOICE',
  });
}

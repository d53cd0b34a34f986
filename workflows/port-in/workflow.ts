/**
 * Port-in: a number on another BSP's On-Premise API moves to 360dialog (flow 1 of domain.md).
 * One workflow per number: preflight -> submit (documented outcomes) -> MoB acceptance ->
 * registration PIN -> setup -> API key. Every wait escalates to support and keeps waiting.
 */
import { ApplicationFailure, patched, setHandler } from '@temporalio/workflow';
import { runMigration } from '../kit/migration';
import type { MigrationResult } from '../../contracts/migration';
import { portInBlockers } from '../../contracts/visibility';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import { acts } from '../kit/activities';
import { blockedBy } from '../kit/exclusion';
import {
  channelStatusSignal,
  correctBusinessIdUpdate,
  getApiKeyQuery,
  getStatusQuery,
  mobAcceptedSignal,
  twoFactorDisabledSignal,
} from '../../contracts/messages';
import { PortInContext } from './context';
import { Registration } from './registration';
import { awaitSetupAndGenerateKey } from './setup-and-key';
import { submitAndAwaitMob } from './submission';
import { awaitBusinessIdCorrection, awaitTwoFactorOff } from './waits';
import type { PreflightReport } from '../../contracts/port-in';

/** Patch ID: the run checks that no partner change of its WABA and no port-out of its number runs. */
const EXCLUSION_CHECK = 'port-in-exclusion-check';

export async function portInWorkflow(input: PortInInput): Promise<MigrationResult> {
  const ctx = new PortInContext(input);
  registerHandlers(ctx);
  const registration = new Registration(ctx);
  return runMigration(ctx, () => run(ctx, registration));
}

async function run(ctx: PortInContext, registration: Registration): Promise<MigrationResult> {
  if (patched(EXCLUSION_CHECK)) {
    const blocked = await exclusion(ctx);
    if (blocked) return ctx.finish('failed', blocked);
  }
  const report = await preflight(ctx);
  if ('outcome' in report) return report;
  if (
    report.twoFactorEnabled &&
    !ctx.facts.twoFactorDisabled &&
    (await awaitTwoFactorOff(ctx, { clocked: true })) === 'deadline'
  ) {
    return ctx.finish('stalled', 'two-step verification was not disabled before the deadline');
  }
  const submitted = await submitAndAwaitMob(ctx);
  if (submitted) return submitted;
  // "Already moved" skips registration: the number is on 360dialog already.
  if (ctx.phoneNumberId) {
    const registered = await registration.run();
    if (registered) return registered;
  }
  return awaitSetupAndGenerateKey(ctx);
}

/** One migration per number (either Brazilian form), and none while its WABA changes partner. */
function exclusion(ctx: PortInContext): Promise<string | undefined> {
  return blockedBy(ctx.tracker, portInBlockers(ctx.input.wabaId, ctx.input.phone.e164));
}

/**
 * Step 1: the whole checklist, reported together. A wrong Meta Business ID alone is fixable by the
 * requester: wait for the correction and check again; anything else fails with every item listed.
 */
async function preflight(ctx: PortInContext): Promise<PreflightReport | MigrationResult> {
  for (let round = 1; ; round++) {
    if (round > 1) ctx.tracker.enter(PortInStep.PREFLIGHT, 'checking again with the corrected Meta Business ID');
    const report = await acts.runPreflight({ ...ctx.input, metaBusinessId: ctx.metaBusinessId });
    const failed = report.items.filter((i) => !i.ok);
    for (const item of failed) ctx.tracker.note(`preflight failed: ${item.label}: ${item.detail}`);
    if (failed.length === 0) return report;
    if (failed.length === 1 && failed[0]?.id === 'meta-business-id') {
      const ended = await awaitBusinessIdCorrection(ctx, failed[0].detail);
      if (ended) return ended;
      continue;
    }
    return ctx.finish(
      'failed',
      `preflight checklist failed: ${failed.map((i) => `${i.label} (${i.detail})`).join('; ')}`,
    );
  }
}

function registerHandlers(ctx: PortInContext): void {
  const { facts, tracker } = ctx;
  setHandler(getStatusQuery, () => tracker.status());
  setHandler(getApiKeyQuery, () =>
    ctx.apiKey
      ? { apiKey: ctx.apiKey.apiKey, address: ctx.apiKey.address, appId: ctx.apiKey.appId, keyId: ctx.apiKey.id }
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
        if (!/^\d{5,20}$/.test(u?.metaBusinessId ?? '')) {
          throw ApplicationFailure.create({
            type: 'InvalidBusinessId',
            message: 'metaBusinessId must be 5-20 digits',
            nonRetryable: true,
          });
        }
        if (tracker.current !== PortInStep.AWAITING_BUSINESS_ID_CORRECTION) {
          throw ApplicationFailure.create({
            type: 'WrongStep',
            message: `the migration is at step ${tracker.current}, not waiting for a Business ID`,
            nonRetryable: true,
          });
        }
      },
    },
  );
}

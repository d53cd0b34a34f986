/**
 * The Cloud-API port-in's activities (../shared/docs/cloud-migration.md §2): thin calls of Meta's
 * migration endpoints that turn the documented refusals into data the workflow branches on;
 * transient failures throw and are retried. Register and deregister are entered in the number's
 * ledger (its entity) before they are made: Meta blocks a number for 72 h after 10 in 72 h.
 */
import { randomInt } from 'node:crypto';
import { Context } from '@temporalio/activity';
import {
  MIGRATION_REFUSALS,
  REGISTER_REFUSALS,
  type CloudPortInOptions,
  type MigrationRefusal,
  type MoveNumberOutcome,
  type RegisterOutcome,
  type RegisterRefusal,
  type SignupCheck,
  type TemplateReport,
  type TemplateWatchResult,
} from '../contracts/port-in-cloud';
import type { PhoneNumberParts } from '../contracts/phone-number';
import type { RegisterCallAnswer } from '../contracts/entities';
import type { Sealed } from '../contracts/sealed';
import { isUpstreamError } from '../integrations/errors';
import { REGISTER_BUDGET_REMAINING } from '../observability/metrics';
import type { OutsideWorld } from '../integrations/ports';
import type { SecretSealer } from '../secrets';
import type { TemporalDeps } from './exclusion';
import { createLeaseActivities } from './leases';
import { pollUntil } from './poll';

export interface LedgeredCall {
  e164: string;
  phoneNumberId: string;
  /** The migration making the call: it holds the number's lease. */
  workflowId: string;
}

export function createCloudPortInActivities(world: OutsideWorld, sealer: SecretSealer, temporal?: TemporalDeps) {
  const ledger = createLeaseActivities(temporal);
  const meta = world.metaMigration;
  const moveNumber = async (input: { wabaId: string; phone: PhoneNumberParts }): Promise<MoveNumberOutcome> => {
    try {
      const moved = await meta.migratePhoneNumber(input);
      return { status: 'moved', ...moved };
    } catch (err) {
      if (isUpstreamError(err) && MIGRATION_REFUSALS.has(err.reason))
        return { status: 'refused', reason: err.reason as MigrationRefusal, message: err.message };
      throw err;
    }
  };
  return {
    /** Meta's preconditions on the destination: our app subscribed, a way to pay. Idempotent. */
    async prepareDestination(input: { wabaId: string; creditLine?: CloudPortInOptions['creditLine'] }): Promise<void> {
      await meta.subscribeApp(input.wabaId);
      if (input.creditLine)
        await meta.shareCreditLine({
          creditLineId: input.creditLine.id,
          wabaId: input.wabaId,
          currency: input.creditLine.currency,
        });
    },

    /** `migrate_phone_number`: the point of no return. "Already there" (2388012) is success. */
    moveNumber,

    /**
     * Polled while Meta refuses because the display name is not approved (Meta's review, hours to
     * days): asks again each time; any other answer ends the poll and is returned.
     */
    async moveNumberOnceNameApproved(input: { wabaId: string; phone: PhoneNumberParts }): Promise<MoveNumberOutcome> {
      return pollUntil({
        describe: 'display name approval',
        check: async () => {
          const outcome = await moveNumber(input);
          return outcome.status === 'refused' && outcome.reason === 'NAME_NOT_APPROVED' ? undefined : outcome;
        },
      });
    },

    /**
     * Copies the source WABA's templates, page by page (the page reached is heartbeated, so a retry
     * goes on from there), then the failed ones once more by ID. Recreates, never moves: repeating a
     * page is harmless.
     */
    async migrateTemplates(input: { wabaId: string; sourceWabaId: string }): Promise<TemplateReport> {
      const ctx = Context.current();
      const resumed = ctx.info.heartbeatDetails as { page: number; migrated: number; failed: Record<string, string> };
      let { page, migrated, failed } = resumed ?? { page: 0, migrated: 0, failed: {} };
      for (;;) {
        const res = await meta.migrateTemplates({ ...input, page });
        migrated += res.migrated.length;
        failed = { ...failed, ...res.failed };
        page++;
        ctx.heartbeat({ page, migrated, failed });
        if (!res.more) break;
      }
      const retryIds = Object.keys(failed);
      if (retryIds.length) {
        // `migrated` names the new copies, not the source IDs: what still failed is `again.failed`.
        const again = await meta.migrateTemplates({ ...input, page: 0, templateIds: retryIds });
        migrated += again.migrated.length;
        failed = Object.fromEntries(retryIds.flatMap((id) => (again.failed[id] ? [[id, again.failed[id]]] : [])));
      }
      return { migrated, failed: Object.entries(failed).map(([id, reason]) => ({ id, reason })) };
    },

    /**
     * An Embedded Signup report's checks, run behind the update: the phone-number ID is this port-in's
     * number in the WABA, then the code is exchanged (once: Meta's codes are single use). Refusals are
     * answers; a call Meta did not answer throws (the update says "try again").
     */
    async acceptEmbeddedSignup(input: {
      wabaId: string;
      phoneNumberId: string;
      e164: string;
      code: Sealed<'signup-code'>;
    }): Promise<SignupCheck> {
      const number = await world.meta.findPhoneNumber(input.wabaId, input.e164);
      if (number?.id !== input.phoneNumberId)
        return {
          status: 'rejected',
          reason: 'SignupForAnotherNumber',
          message: number
            ? `phone-number ID ${input.phoneNumberId} is not ${input.e164} (its ID in WABA ${input.wabaId} is ${number.id})`
            : `${input.e164} is not in WABA ${input.wabaId}: the signup was for another number`,
        };
      try {
        // The business token is not kept: our system user serves the WABA once the signup shared it.
        await meta.exchangeSignupCode(sealer.unseal('signup-code', input.code));
        return { status: 'ok' };
      } catch (err) {
        if (isUpstreamError(err) && (err.errorClass === 'input' || err.errorClass === 'final'))
          return {
            status: 'rejected',
            reason: 'SignupCodeRejected',
            message: `Meta refused the signup code: ${err.message}`,
          };
        throw err;
      }
    },

    /** The destination's templates that Meta does not let anyone send: for the 24 h template watch. */
    async listUnusableTemplates(input: { wabaId: string }): Promise<TemplateWatchResult> {
      const all = await meta.listTemplates(input.wabaId);
      const bad = all.filter((t) => t.status === 'REJECTED' || t.status === 'PAUSED' || t.status === 'DISABLED');
      return { checked: all.length, notUsable: bad.map((t) => ({ id: t.id, name: t.name, status: t.status })) };
    },

    /** The number's new two-step PIN, sealed at once: history, logs and the Web UI never see it. */
    async createTwoFactorPin(): Promise<Sealed<'two-factor-pin'>> {
      return sealer.seal('two-factor-pin', String(randomInt(0, 1_000_000)).padStart(6, '0'));
    },

    /** True when Meta shows the number registered already (then register is not spent again). */
    async isRegistered(input: { phoneNumberId: string }): Promise<boolean> {
      return (await meta.getNumberStatus(input.phoneNumberId)).status === 'CONNECTED';
    },

    /**
     * `register` with the new PIN, entered in the ledger first (each attempt counts at Meta). A retry
     * (the worker died, the answer was lost) first asks Meta: a number it shows connected is not
     * registered again, so a lost answer never costs a second call.
     */
    async registerNumber(input: LedgeredCall & { pin: Sealed<'two-factor-pin'> }): Promise<RegisterOutcome> {
      if (
        Context.current().info.attempt > 1 &&
        (await meta.getNumberStatus(input.phoneNumberId)).status === 'CONNECTED'
      )
        return { status: 'registered' };
      const entry = await ledger.recordRegisterCall({
        e164: input.e164,
        request: { workflowId: input.workflowId, call: 'register' },
      });
      budgetMetric('register', entry);
      if (!entry.recorded) return { status: 'over-budget', notBefore: entry.notBefore };
      try {
        await world.meta.register({
          phoneNumberId: input.phoneNumberId,
          pin: sealer.unseal('two-factor-pin', input.pin),
        });
        return { status: 'registered' };
      } catch (err) {
        if (!isUpstreamError(err) || !REGISTER_REFUSALS.has(err.reason)) throw err;
        const region = /localization region:\s*'?([A-Z]{2})/i.exec(err.message)?.[1];
        const { retryAfterMs } = err;
        return { status: 'refused', reason: err.reason as RegisterRefusal, message: err.message, region, retryAfterMs };
      }
    },

    /** `deregister` (133000: an earlier one did not complete), entered in the ledger first. */
    async deregisterNumber(input: LedgeredCall): Promise<RegisterOutcome> {
      const entry = await ledger.recordRegisterCall({
        e164: input.e164,
        request: { workflowId: input.workflowId, call: 'deregister' },
      });
      budgetMetric('deregister', entry);
      if (!entry.recorded) return { status: 'over-budget', notBefore: entry.notBefore };
      await meta.deregister(input.phoneNumberId);
      return { status: 'registered' };
    },

    /** The data-localisation region the source used (Meta's error 100 names it), before register. */
    async setDataLocalization(input: { phoneNumberId: string; region: string }): Promise<void> {
      await meta.setDataLocalization(input);
    },

    /** Polled: the 360dialog channel 360dialog creates for the number once it is registered in the WABA. */
    async awaitNumberChannel(input: { wabaId: string; e164: string }): Promise<{ channelId: string }> {
      return pollUntil({
        describe: `360dialog channel of ${input.e164}`,
        check: async () => {
          const channels = await world.dialog360.listWabaChannels(input.wabaId);
          const channel = channels.find((c) => c.phoneNumber === input.e164);
          return channel && { channelId: channel.id };
        },
      });
    },
  };
}

/**
 * Meta's register budget as the ledger answered (10 calls per number per 72 h): what was left after
 * this call (a histogram: how close numbers come to the limit), and calls the budget refused.
 */
function budgetMetric(call: 'register' | 'deregister', entry: RegisterCallAnswer): void {
  const meter = Context.current().metricMeter;
  if (entry.recorded) {
    meter
      .createHistogram(REGISTER_BUDGET_REMAINING, 'int', undefined, "register calls left in the number's 72 h budget")
      .withTags({ call })
      .record(entry.remaining);
  } else {
    meter
      .createCounter(
        'wa_register_budget_exhausted',
        undefined,
        "register calls refused: the number's 72 h budget is spent",
      )
      .withTags({ call })
      .add(1);
  }
}

/**
 * Step 1, preflight (docs/domain.md#port-in, with step 2): the exclusion check, then the whole
 * checklist, every item reported together. A wrong Meta Business ID alone is fixable by the
 * requester: wait for the correction and check again; anything else fails with every item listed.
 */
import type { PreflightReport } from '../../contracts/port-in';
import { PortInStep } from '../../contracts/port-in';
import { portInBlockers } from '../../contracts/visibility';
import { acts } from '../kit/activities';
import { numberAndWabaLeases } from '../kit/leases';
import type { PortInContext } from './context';
import { awaitBusinessIdCorrection } from './waits';

export async function preflight(ctx: PortInContext): Promise<PreflightReport> {
  await requireNoOtherMigration(ctx);
  for (let round = 1; ; round++) {
    if (round > 1) ctx.tracker.enter(PortInStep.PREFLIGHT, 'checking again with the corrected Meta Business ID');
    const checklist = ctx.input.path === 'cloud-api' ? acts.runCloudPreflight : acts.runPreflight;
    const report = await checklist({ ...ctx.input, metaBusinessId: ctx.metaBusinessId });
    const failed = report.items.filter((i) => !i.ok);
    for (const item of failed) ctx.tracker.note(`preflight failed: ${item.label}: ${item.detail}`);
    if (failed.length === 0) return report;
    if (failed.length === 1 && failed[0]?.id === 'meta-business-id') {
      await awaitBusinessIdCorrection(ctx, failed[0].detail);
      continue;
    }
    ctx.finish('failed', `preflight checklist failed: ${failed.map((i) => `${i.label} (${i.detail})`).join('; ')}`);
  }
}

/** One migration per number (either Brazilian form), and none while its WABA changes partner. */
async function requireNoOtherMigration(ctx: PortInContext): Promise<void> {
  const { wabaId, phone } = ctx.input;
  await ctx.requireNoOtherMigration(numberAndWabaLeases(wabaId, phone.e164), portInBlockers(wabaId, phone.e164));
}

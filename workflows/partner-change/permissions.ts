/**
 * After the change, the client grants the new partner permission per number: the requester picks
 * a non-empty subset of the moved numbers with the `selectNumbersForPermissions` update (reminders,
 * escalation, deadline), then the grant goes to 360dialog and the partner change is done. The
 * update's handler is registered in workflow.ts.
 */
import { ActivityFailure } from '@temporalio/workflow';
import { PartnerChangeStep, type NumberSelection, type SelectNumbersResult } from '../../contracts/partner-change';
import { acts } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { respondBy } from '../kit/notifier';
import { rejectUpdate, requireStep } from '../kit/updates';
import type { PartnerChangeContext } from './context';
import { describe, matchSelection } from './numbers';

export class PermissionSelection {
  constructor(private readonly ctx: PartnerChangeContext) {}

  /** Steps 7-9. */
  async run(): Promise<void> {
    const ctx: PartnerChangeContext = this.ctx;
    const { tracker, timings: t, input } = ctx;
    tracker.enter(PartnerChangeStep.AWAITING_PERMISSION_SELECTION);
    ctx.notifier.emit('migration.action_required', {
      action: 'select_numbers_for_permissions',
      numbers: ctx.numbers,
      respondBy: respondBy(t.permissionsDeadline),
    });
    await awaitFact({
      tracker,
      notifier: ctx.notifier,
      waitingFor: `the requester to pick the numbers partner ${input.destinationPartnerId} may manage`,
      signalled: () => ctx.permitted !== undefined,
      escalateAfter: t.permissionsEscalateAfter,
      deadline: t.permissionsDeadline,
      escalation: {
        topic: 'Partner change: permissions not granted',
        subject: `WABA ${input.wabaId}: no numbers selected for partner ${input.destinationPartnerId} after ${t.permissionsEscalateAfter}`,
        body: 'The partner change is complete, but the new partner cannot manage any number yet.',
      },
      remindEvery: t.remindEvery,
      reminderEvent: 'migration.reminder',
    });
    const permitted = ctx.permitted;
    if (!permitted) {
      ctx.finish(
        'stalled',
        'the partner change is complete, but no numbers were selected for the new partner before the deadline',
      );
    }
    tracker.enter(PartnerChangeStep.GRANTING_PERMISSIONS, describe(permitted));
    try {
      await acts.grantPartnerPermissions({
        partnerId: input.destinationPartnerId,
        channelIds: permitted.map((n) => n.channelId),
      });
    } catch (err) {
      if (!(err instanceof ActivityFailure)) throw err;
      ctx.finish(
        'failed',
        `the partner change is complete, but granting permissions failed: ${err.cause?.message ?? err.message}`,
      );
    }
    tracker.enter(PartnerChangeStep.DONE, `partner ${input.destinationPartnerId} may manage ${describe(permitted)}`);
    ctx.finish('completed');
  }

  validate(selection: NumberSelection | undefined): void {
    requireStep(this.ctx.tracker, PartnerChangeStep.AWAITING_PERMISSION_SELECTION, 'a selection of numbers');
    if (this.ctx.permitted)
      throw rejectUpdate('AlreadySelected', `numbers were already selected: ${describe(this.ctx.permitted)}`);
    const { unknown } = matchSelection(selection, this.ctx.numbers);
    if (unknown.length) {
      throw rejectUpdate(
        'UnknownNumbers',
        `not moved with this partner change: ${unknown.join(', ')}; pick from ${describe(this.ctx.numbers)}`,
      );
    }
  }

  select(selection: NumberSelection): SelectNumbersResult {
    const { matched } = matchSelection(selection, this.ctx.numbers);
    this.ctx.permitted = matched;
    this.ctx.tracker.note(`numbers selected for the new partner: ${describe(matched)}`);
    return { selected: [...matched] };
  }
}

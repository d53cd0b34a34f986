/**
 * All numbers of the WABA move together: the requester confirms the exact list with the
 * `confirmNumbers` update. The validator rejects a list that differs from the one under review;
 * the handler re-reads the WABA's numbers and, if they changed since the review, rejects naming
 * what was added and removed (the new list is then under review). Also the selection helper
 * shared with the permissions step. The update's handler is registered in workflow.ts.
 */
import {
  PartnerChangeStep,
  type ConfirmNumbersResult,
  type NumberSelection,
  type PartnerChangeNumber,
} from '../../contracts/partner-change';
import { acts } from '../kit/activities';
import { awaitFact } from '../kit/await-fact';
import { rejectUpdate, requireStep } from '../kit/updates';
import type { PartnerChangeContext } from './context';
import { respondBy } from '../kit/notifier';

export class NumberConfirmation {
  private confirming = false;

  constructor(private readonly ctx: PartnerChangeContext) {}

  /** Step 2 unless the list is confirmed; a list 360dialog refused as outdated is re-read first. */
  async run(): Promise<void> {
    const ctx: PartnerChangeContext = this.ctx;
    const { tracker, timings: t, input } = ctx;
    if (ctx.numbersConfirmed) return;
    if (ctx.numbersStale) {
      ctx.numbers = (await acts.listPartnerChangeNumbers({ wabaId: input.wabaId })).numbers;
      ctx.numbersStale = false;
      if (!ctx.numbers.length) ctx.finish('failed', `WABA ${input.wabaId} has no numbers on 360dialog any more`);
    }
    tracker.enter(PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION);
    ctx.notifier.emit('migration.action_required', {
      action: 'confirm_numbers',
      numbers: ctx.numbers,
      respondBy: respondBy(t.confirmDeadline),
    });
    await awaitFact({
      tracker,
      notifier: ctx.notifier,
      waitingFor: 'the requester to confirm the list of numbers that move to the new partner',
      signalled: () => ctx.numbersConfirmed,
      escalateAfter: t.confirmEscalateAfter,
      deadline: t.confirmDeadline,
      escalation: {
        topic: 'Partner change: numbers not confirmed',
        subject: `Partner change of WABA ${input.wabaId}: numbers not confirmed after ${t.confirmEscalateAfter}`,
        body: `The requester has not confirmed the ${ctx.numbers.length} number(s) that move to ${input.destinationPartnerId}.`,
      },
      remindEvery: t.remindEvery,
      reminderEvent: 'migration.reminder',
    });
    if (!ctx.numbersConfirmed) ctx.finish('stalled', 'the list of numbers was not confirmed before the deadline');
  }

  validate(selection: NumberSelection | undefined): void {
    requireStep(this.ctx.tracker, PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION, 'a confirmation of the numbers');
    if (this.confirming)
      throw rejectUpdate('ConfirmationInProgress', 'another confirmation is being checked; wait for its answer');
    const { matched, unknown } = matchSelection(selection, this.ctx.numbers);
    const missing = this.ctx.numbers.filter((n) => !matched.includes(n));
    if (unknown.length || missing.length) {
      const problems = [
        unknown.length ? `not numbers of this WABA: ${unknown.join(', ')}` : '',
        missing.length ? `missing: ${missing.map((n) => n.phoneNumber).join(', ')}` : '',
      ].filter(Boolean);
      throw rejectUpdate(
        'NumberListMismatch',
        `all numbers of the WABA move together; confirm exactly ${describe(this.ctx.numbers)} (${problems.join('; ')})`,
      );
    }
  }

  async confirm(selection: NumberSelection): Promise<ConfirmNumbersResult> {
    const { ctx } = this;
    this.confirming = true;
    try {
      const { numbers: current } = await acts.listPartnerChangeNumbers({ wabaId: ctx.input.wabaId });
      const added = current.filter((n) => !ctx.numbers.some((r) => r.channelId === n.channelId));
      const removed = ctx.numbers.filter((r) => !current.some((n) => n.channelId === r.channelId));
      if (added.length || removed.length) {
        ctx.numbers = current;
        const change = `added: ${describe(added) || 'none'}; removed: ${describe(removed) || 'none'}`;
        ctx.tracker.note(`numbers changed since the review (${change})`);
        ctx.notifier.emit('migration.numbers_changed', { added, removed, numbers: current });
        throw rejectUpdate(
          'NumberListChanged',
          `the WABA's numbers changed since the review (${change}); review ${describe(current)} and confirm again`,
        );
      }
      ctx.numbersConfirmed = true;
      ctx.tracker.note(`numbers confirmed: ${describe(ctx.numbers)} (${describeSelection(selection)})`);
      return { confirmed: [...ctx.numbers] };
    } finally {
      this.confirming = false;
    }
  }
}

/**
 * Resolves a selection (channel IDs or E.164 numbers, exactly one list, non-empty, strings) against
 * a list of numbers; throws `InvalidSelection` when malformed.
 */
export function matchSelection(
  selection: NumberSelection | undefined,
  numbers: PartnerChangeNumber[],
): { matched: PartnerChangeNumber[]; unknown: string[] } {
  const byChannel = selection?.channelIds;
  const byPhone = selection?.phoneNumbers;
  if ((byChannel === undefined) === (byPhone === undefined)) {
    throw rejectUpdate('InvalidSelection', 'name the numbers by exactly one of channelIds or phoneNumbers');
  }
  const given = byChannel ?? byPhone;
  if (!Array.isArray(given) || !given.length || !given.every((v) => typeof v === 'string' && v.length > 0)) {
    throw rejectUpdate('InvalidSelection', 'the list must be a non-empty array of strings');
  }
  if (new Set(given).size !== given.length) throw rejectUpdate('InvalidSelection', 'the list names a number twice');
  const key = (n: PartnerChangeNumber) => (byChannel ? n.channelId : n.phoneNumber);
  const matched = numbers.filter((n) => given.includes(key(n)));
  const unknown = given.filter((v) => !numbers.some((n) => key(n) === v));
  return { matched, unknown };
}

export function describe(numbers: PartnerChangeNumber[]): string {
  return numbers.map((n) => `${n.phoneNumber} (${n.channelId})`).join(', ');
}

function describeSelection(selection: NumberSelection): string {
  return selection.channelIds ? 'by channel ID' : 'by phone number';
}

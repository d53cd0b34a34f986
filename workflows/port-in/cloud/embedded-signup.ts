/**
 * The Embedded Signup way in (../shared/docs/cloud-migration.md §3): the owner turns two-step
 * verification off, then completes Meta's popup on the client's page (same portfolio, the existing
 * number, the one-time code typed in Meta's UI); the client's backend reports the finished session
 * (update reportEmbeddedSignup). Its handler checks the session is this port-in's (WABA here, number
 * by an activity) and exchanges the code once; a rejected report changes nothing and the wait goes on.
 */
import { PortInStep } from '../../../contracts/port-in';
import type { AccountModel, EmbeddedSignupReport, EmbeddedSignupResult } from '../../../contracts/port-in-cloud';
import { isSealed, type Sealed } from '../../../contracts/sealed';
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { interactive } from '../../kit/activities';
import { respondBy } from '../../kit/notifier';
import { rejectUpdate, requireStep } from '../../kit/updates';
import type { PortInContext } from '../context';
import { awaitStepFact } from '../waits';

/** As the API's `identifier`: Meta's IDs are digits, the simulator's may carry letters. */
const GRAPH_ID = /^[A-Za-z0-9_-]{1,64}$/;

export class EmbeddedSignup {
  private checking = false;
  /** Set once a report passed its checks: the number's ID in the WABA and the portfolio's model. */
  accepted?: { phoneNumberId: string; accountModel: AccountModel };

  constructor(private readonly ctx: PortInContext) {}

  /** Step 2: wait for the finished session; reminders, a ticket after 24 h, a deadline after 14 d. */
  async await(): Promise<{ phoneNumberId: string; accountModel: AccountModel }> {
    const { ctx } = this;
    const { phone, wabaId } = ctx.input;
    const t = ctx.timings;
    ctx.tracker.enter(PortInStep.AWAITING_EMBEDDED_SIGNUP);
    ctx.notifier.emit('migration.action_required', {
      action: 'complete_embedded_signup',
      how:
        'First turn two-step verification off (WhatsApp Manager > Phone numbers > the number > Two-step ' +
        'verification > Turn off, then confirm the email link). Then open Embedded Signup, pick the same ' +
        'business portfolio and WABA ' +
        wabaId +
        ', enter the existing number and its display name, and type the code Meta sends to it.',
      respondBy: respondBy(t.signupDeadline),
    });
    const result = await awaitStepFact(ctx, {
      waitingFor: "the owner to complete Embedded Signup (2FA off, the number and Meta's code in the popup)",
      signalled: () => this.accepted !== undefined,
      escalateAfter: t.signupEscalateAfter,
      deadline: t.signupDeadline,
      escalation: {
        topic: 'Embedded Signup not completed',
        subject: `Embedded Signup for ${phone.e164} not completed after ${t.signupEscalateAfter}`,
        body: `The owner has not finished Embedded Signup into WABA ${wabaId}; two-step verification may still be on.`,
      },
      remindEvery: t.remindEvery,
      reminderEvent: 'migration.reminder',
    });
    if (result === 'deadline' || !this.accepted)
      return ctx.finish('stalled', 'Embedded Signup was not completed before the deadline');
    ctx.phoneNumberId = this.accepted.phoneNumberId;
    ctx.tracker.note(
      this.accepted.accountModel === 'new'
        ? "the portfolio is on Meta's new account model: the number was onboarded as it is (no migration, no code)"
        : `Embedded Signup moved the number into WABA ${wabaId} (phone-number ID ${this.accepted.phoneNumberId})`,
    );
    return this.accepted;
  }

  /** The checks that need no call: shape, this run's WABA, the step. A rejection writes no history. */
  validate(report: Partial<EmbeddedSignupReport> | undefined): void {
    const { ctx } = this;
    if (!isSealed(report?.code, 'signup-code'))
      throw rejectUpdate('InvalidSignupReport', 'the signup code must be sealed by the migrations client');
    if (!GRAPH_ID.test(report?.phoneNumberId ?? '') || !GRAPH_ID.test(report?.wabaId ?? ''))
      throw rejectUpdate('InvalidSignupReport', 'wabaId and phoneNumberId must be Meta IDs');
    if (report?.waacId !== undefined && !GRAPH_ID.test(report.waacId))
      throw rejectUpdate('InvalidSignupReport', 'waacId must be a Meta ID');
    requireStep(ctx.tracker, PortInStep.AWAITING_EMBEDDED_SIGNUP, 'an Embedded Signup result');
    if (this.accepted) throw rejectUpdate('WrongStep', 'an Embedded Signup result was accepted already');
    if (report?.wabaId !== ctx.input.wabaId)
      throw rejectUpdate(
        'SignupForAnotherWaba',
        `the signup went into WABA ${report?.wabaId}, but this port-in moves the number into WABA ${ctx.input.wabaId}`,
      );
    if (this.checking) throw rejectUpdate('SignupBeingChecked', 'another signup result is being checked; wait for it');
  }

  /** Checks the number, then spends the code (single use); on a refusal nothing changes. */
  async report(report: EmbeddedSignupReport): Promise<EmbeddedSignupResult> {
    const { ctx } = this;
    this.checking = true;
    try {
      const check = await interactive
        .acceptEmbeddedSignup({
          wabaId: report.wabaId,
          phoneNumberId: report.phoneNumberId,
          e164: ctx.input.phone.e164,
          code: report.code as Sealed<'signup-code'>,
        })
        .catch((err: unknown) => {
          // Meta did not answer within a minute (or refused our app): the report may be sent again.
          const cause =
            err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
          throw rejectUpdate(
            'SignupCheckFailed',
            `the signup could not be checked right now${cause ? ` (${cause})` : ''}; report it again`,
          );
        });
      if (check.status === 'rejected') throw rejectUpdate(check.reason, check.message);
      const accountModel: AccountModel = report.waacId ? 'new' : 'classic';
      this.accepted = { phoneNumberId: report.phoneNumberId, accountModel };
      return { status: 'accepted', ...this.accepted };
    } finally {
      this.checking = false;
    }
  }
}

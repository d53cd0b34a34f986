/**
 * Steps 6-7 (docs/domain.md#port-in), number registration: send the PIN by SMS or voice, take the
 * PIN through a validated update, allow resends (cooldown, maximum) and a switch to voice, escalate
 * after 1 hour without a PIN and keep waiting, give up at the hard deadline. The updates' handlers
 * are registered in workflow.ts and call the public methods below.
 */
import { ActivityFailure, ApplicationFailure, patched, sleep } from '@temporalio/workflow';
import { PortInStep, type ResendCodeResult, type SubmitPinResult } from '../../contracts/port-in';
import type { CodeMethod, CodeSendOutcome } from '../../contracts/port-in';
import { costly, interactive } from '../kit/activities';
import { durationMs } from '../../contracts/durations';
import { escalate, idempotencyBase } from '../kit/escalation';
import { rejectUpdate } from '../kit/updates';
import { waitWithEscalation } from '../kit/wait';
import type { PortInContext } from './context';
import { plural } from '../../contracts/plural';
import { isSealed, type Sealed } from '../../contracts/sealed';
import { respondBy } from '../kit/notifier';

/** Since 1.2.0: a code request Meta refused for now (136024) is asked again later by the other method. */
export const CODE_REFUSAL_RETRY_PATCH = 'code-refusal-retry';
/** Meta names no wait with most 136024 refusals; an hour is what BSPs observe. */
const REFUSED_CODE_RETRY_MS = 3_600_000;

export class Registration {
  private method: CodeMethod;
  private sends = 0;
  private lastSentAt = 0;
  private wrongAttempts = 0;
  private verifying = false;
  private verified = false;
  private locked = false;

  constructor(private readonly ctx: PortInContext) {
    this.method = ctx.input.codeMethod;
  }

  async run(): Promise<void> {
    const ctx: PortInContext = this.ctx;
    const t = ctx.timings;
    ctx.tracker.enter(PortInStep.REQUESTING_PIN);
    const sent = await this.send(this.method).catch((err: unknown) => {
      // Not sent, or not known to be sent: the requester can resend (cooldown and maximum apply).
      ctx.tracker.note(`sending the PIN failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    });
    if (sent?.status === 'already-verified') {
      // 136024 "already verified": the number needs no code (a retried run, Embedded Signup): go on.
      this.verified = true;
      ctx.tracker.note('Meta shows the number verified already: no code needed');
      return;
    }
    if (sent?.status === 'refused') this.retryLater(sent);
    ctx.tracker.enter(PortInStep.AWAITING_PIN);
    ctx.notifier.emit('migration.action_required', {
      action: 'submit_pin',
      method: this.method,
      respondBy: respondBy(t.pinDeadline),
    });
    const result = await waitWithEscalation({
      waitingFor: `the 6-digit PIN sent by ${this.method}`,
      until: () => this.verified || this.locked,
      escalateAfter: t.pinEscalateAfter,
      deadline: t.pinDeadline,
      escalate: () =>
        escalate(ctx.tracker, ctx.notifier, {
          step: PortInStep.AWAITING_PIN,
          topic: 'PIN not received',
          subject: `No registration PIN for ${ctx.input.phone.e164} after ${t.pinEscalateAfter}`,
          body: `The PIN was requested by ${this.method} ${this.sends} time(s) and none was submitted.`,
        }),
      onWaitStart: ({ escalatesAt, deadlineAt }) =>
        ctx.tracker.waiting({ waitingFor: `the PIN sent by ${this.method}`, escalatesAt, deadlineAt }),
    });
    if (this.locked) ctx.finish('failed', 'too many wrong PINs');
    if (result === 'deadline') {
      ctx.tracker.deadlineReached();
      ctx.finish('stalled', 'no valid PIN before the deadline');
    }
  }

  /** Meta asks for the number to be verified again (133006 on register): a new code, a new wait. */
  async verifyAgain(): Promise<void> {
    this.verified = false;
    this.wrongAttempts = 0;
    await this.run();
  }

  validatePin(pin: unknown): void {
    // The client checked the 6 digits and sealed the PIN; the workflow sees only the sealed shape.
    // Messages never echo the PIN: they reach the caller and may be logged.
    if (!isSealed(pin, 'pin'))
      throw rejectUpdate('InvalidPin', 'the PIN must be 6 digits, sealed by the migrations client');
    this.requirePinStep();
    if (this.verifying) throw rejectUpdate('PinBeingVerified', 'another PIN is being verified; wait for its result');
  }

  async submitPin(pin: Sealed<'pin'>): Promise<SubmitPinResult> {
    const { ctx } = this;
    this.verifying = true;
    try {
      const outcome = await this.verify(pin);
      if (outcome.status === 'verified') {
        this.verified = true;
        ctx.tracker.note('PIN verified');
        return { status: 'verified' };
      }
      if (outcome.status === 'wrong') {
        this.wrongAttempts++;
        const attemptsLeft = Math.max(ctx.timings.maxPinAttempts - this.wrongAttempts, 0);
        ctx.tracker.note(`wrong PIN (${plural(attemptsLeft, 'attempt')} left)`);
        if (attemptsLeft > 0) return { status: 'wrong', attemptsLeft };
        this.locked = true;
        return { status: 'locked', message: 'too many wrong PINs; the migration has failed' };
      }
      if (outcome.status === 'locked') {
        this.locked = true;
        return { status: 'locked', message: outcome.message };
      }
      ctx.tracker.note('PIN expired');
      return { status: 'expired', message: 'the PIN has expired; request a new one with resendCode' };
    } finally {
      this.verifying = false;
    }
  }

  private async verify(pin: Sealed<'pin'>) {
    const input = { phoneNumberId: this.ctx.phoneNumberId ?? '', pin };
    try {
      return await interactive.verifyPin(input);
    } catch (err) {
      // Meta gave no answer within a minute: the PIN is not used up and may be submitted again.
      // The cause's type only: its message is upstream text that is not ours to echo.
      const cause =
        err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
      throw rejectUpdate(
        'PinCheckFailed',
        `the PIN could not be checked right now${cause ? ` (${cause})` : ''}; submit it again`,
      );
    }
  }

  validateResend(method: unknown): void {
    if (method !== undefined && method !== 'SMS' && method !== 'VOICE')
      throw rejectUpdate('InvalidMethod', 'method must be SMS or VOICE');
    this.requirePinStep();
    const t = this.ctx.timings;
    if (this.sends >= t.maxCodeSends)
      throw rejectUpdate('ResendLimitReached', `the PIN was already sent ${plural(this.sends, 'time')} (maximum)`);
    const waitMs = this.lastSentAt + durationMs(t.resendCooldown) - Date.now();
    if (waitMs > 0)
      throw rejectUpdate('ResendCooldown', `wait ${Math.ceil(waitMs / 1000)} s before requesting another PIN`);
  }

  async resend(method?: CodeMethod): Promise<ResendCodeResult> {
    if (method) this.method = method;
    let sent: CodeSendOutcome;
    try {
      sent = await this.send(this.method);
    } catch (err) {
      throw rejectUpdate(
        'PinSendFailed',
        `sending the PIN by ${this.method} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (sent.status === 'refused')
      throw rejectUpdate('PinSendFailed', `Meta refused to send the PIN by ${this.method} now: ${sent.message}`);
    if (sent.status === 'already-verified') {
      this.verified = true;
      this.ctx.tracker.note('Meta shows the number verified already: no code needed');
    }
    const t = this.ctx.timings;
    this.ctx.tracker.note(`PIN resent by ${this.method}`);
    return {
      method: this.method,
      sentAt: new Date(this.lastSentAt).toISOString(),
      sendsLeft: t.maxCodeSends - this.sends,
      nextResendAt: new Date(this.lastSentAt + durationMs(t.resendCooldown)).toISOString(),
    };
  }

  /**
   * 136024 "wait / too many": Meta refused to send a code for now. Ask once more after the wait it
   * names (an hour when it names none) by the other method, unless the requester did meanwhile.
   */
  private retryLater(refused: { message: string; retryAfterMs?: number }): void {
    const { ctx } = this;
    if (!patched(CODE_REFUSAL_RETRY_PATCH)) return;
    const waitMs = refused.retryAfterMs ?? REFUSED_CODE_RETRY_MS;
    const other: CodeMethod = this.method === 'SMS' ? 'VOICE' : 'SMS';
    ctx.tracker.note(
      `Meta refused to send the code (${refused.message}); asking by ${other} in ${Math.ceil(waitMs / 60_000)} min`,
    );
    const sendsBefore = this.sends;
    void sleep(waitMs)
      .then(async () => {
        const step = ctx.tracker.current;
        if (this.verified || this.locked || this.sends !== sendsBefore || step !== PortInStep.AWAITING_PIN) return;
        if (this.sends >= ctx.timings.maxCodeSends) return;
        this.method = other;
        const again = await this.send(other);
        ctx.tracker.note(
          again.status === 'refused' ? `Meta refused again: ${again.message}` : `code asked for by ${other}`,
        );
        if (again.status === 'already-verified') this.verified = true;
      })
      .catch((err: unknown) =>
        ctx.tracker.note(`asking for the code again failed: ${err instanceof Error ? err.message : String(err)}`),
      );
  }

  private async send(method: CodeMethod): Promise<CodeSendOutcome> {
    this.sends++;
    this.lastSentAt = Date.now();
    return costly.requestVerificationCode({
      phoneNumberId: this.ctx.phoneNumberId ?? '',
      method,
      language: this.ctx.input.language,
      idempotencyKey: `${idempotencyBase()}:code:${this.sends}`,
    });
  }

  private requirePinStep(): void {
    const step = this.ctx.tracker.current;
    if (this.locked) throw rejectUpdate('PinLocked', 'too many wrong PINs; this migration no longer accepts PINs');
    if (step !== PortInStep.AWAITING_PIN)
      throw rejectUpdate('WrongStep', `the migration is at step ${step}, not waiting for a PIN`);
  }
}

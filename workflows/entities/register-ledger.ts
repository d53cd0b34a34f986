/**
 * Meta's register budget for one number (cloud-migration.md): at most 10 register/deregister calls
 * in any moving 72 h window, or Meta blocks the number for 72 h (error 133016). Every call is
 * recorded *before* it is made, so a call whose answer was lost still counts: over-counting costs
 * a wait, under-counting costs a 72 h block.
 */
import {
  REGISTER_BUDGET,
  type RegisterCall,
  type RegisterCallAnswer,
  type RegisterCallKind,
} from '../../contracts/entities';

export class RegisterLedger {
  private calls: RegisterCall[];

  constructor(carried: RegisterCall[]) {
    this.calls = [...carried];
  }

  /** Records the call when the budget allows it; otherwise says when the oldest call leaves the window. */
  record(call: RegisterCallKind, by: string, now: Date): RegisterCallAnswer {
    this.forgetBefore(now);
    const used = this.calls.length;
    if (used >= REGISTER_BUDGET.calls) {
      return { recorded: false, callsInWindow: used, notBefore: this.nextPossibleAt(now) ?? now.toISOString() };
    }
    this.calls.push({ at: now.toISOString(), call, by });
    return { recorded: true, callsInWindow: used + 1, remaining: REGISTER_BUDGET.calls - used - 1 };
  }

  budget(now: Date): { used: number; limit: number; nextPossibleAt?: string } {
    const used = this.inWindow(now).length;
    return { used, limit: REGISTER_BUDGET.calls, nextPossibleAt: this.nextPossibleAt(now) };
  }

  /** Calls still inside the window (older ones are dropped, so the ledger stays small for years). */
  snapshot(now: Date): RegisterCall[] {
    this.forgetBefore(now);
    return [...this.calls];
  }

  private nextPossibleAt(now: Date): string | undefined {
    const live = this.inWindow(now);
    if (live.length < REGISTER_BUDGET.calls) return undefined;
    // The call that must leave the window before one more fits.
    const oldest = live[live.length - REGISTER_BUDGET.calls];
    return oldest && new Date(Date.parse(oldest.at) + REGISTER_BUDGET.windowMs).toISOString();
  }

  private inWindow(now: Date): RegisterCall[] {
    return this.calls.filter((c) => Date.parse(c.at) > now.getTime() - REGISTER_BUDGET.windowMs);
  }

  private forgetBefore(now: Date): void {
    this.calls = this.inWindow(now);
  }
}

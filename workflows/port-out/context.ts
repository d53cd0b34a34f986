/** Everything one port-out run shares between its steps: input, timings, tracker, facts, the subscription's fate. */
import type { MigrationResult } from '../../contracts/migration';
import {
  DEFAULT_PORT_OUT_TIMINGS,
  PortOutStep,
  type PortOutInput,
  type PortOutResult,
  type PortOutTimings,
  type RefundOutcome,
  type SubscriptionFate,
} from '../../contracts/port-out';
import { MigrationContext } from '../kit/migration';

/** Facts reported by signals; every setter is idempotent. */
export interface PortOutFacts {
  twoFactorDisabled: boolean;
  /** Someone reported the number gone; a hint until 360dialog confirms it (number-left.ts). */
  numberLeftReported: boolean;
}

export class PortOutContext extends MigrationContext<PortOutStep, PortOutResult> {
  readonly timings: PortOutTimings;
  readonly facts: PortOutFacts = { twoFactorDisabled: false, numberLeftReported: false };
  subscription: SubscriptionFate = 'active';
  decidedBy?: string;
  refund?: RefundOutcome;

  constructor(readonly input: PortOutInput) {
    super({
      kind: 'port-out',
      title: `Port-out of ${input.phone.e164} from 360dialog`,
      first: PortOutStep.PREPARING,
      identity: { wabaId: input.wabaId, phoneNumber: input.phone.e164 },
      callbackUrl: input.callbackUrl,
    });
    this.timings = { ...DEFAULT_PORT_OUT_TIMINGS, ...input.timings };
  }

  protected result(common: MigrationResult): PortOutResult {
    return {
      ...common,
      kind: 'port-out',
      subscription: this.subscription,
      decidedBy: this.decidedBy,
      ...(this.refund ? { refund: this.refund } : {}),
    };
  }
}

/** Everything one partner-change run shares between its steps: input, timings, facts, numbers, the PCR. */
import type { MigrationResult } from '../../contracts/migration';
import {
  DEFAULT_PARTNER_CHANGE_TIMINGS,
  PartnerChangeStep,
  type PartnerChangeDecisionEvent,
  type PartnerChangeInput,
  type PartnerChangeNumber,
  type PartnerChangeResult,
  type PartnerChangeTimings,
  type PartnerChangeView,
} from '../../contracts/partner-change';
import type { PcrStatus } from '../../contracts/partner-change';
import { MigrationContext } from '../kit/migration';

/**
 * Facts from the account read, signals and polls. A prerequisite can turn false again when the
 * submission says it is missing after all; the first partner decision wins.
 */
export interface PartnerChangeFacts {
  companyInfoComplete: boolean;
  /** True too when the destination partner does not require a payment method. */
  paymentMethodOk: boolean;
  decision?: Pick<PartnerChangeDecisionEvent, 'status' | 'reason'>;
  /** A 'completed' report (webhook, operator, API) not yet confirmed by 360dialog's PCR status. */
  completionReported?: boolean;
}

export class PartnerChangeContext extends MigrationContext<PartnerChangeStep, PartnerChangeResult> {
  readonly timings: PartnerChangeTimings;
  readonly facts: PartnerChangeFacts = { companyInfoComplete: false, paymentMethodOk: false };
  /** The numbers under review; after confirmation, the numbers that move. */
  numbers: PartnerChangeNumber[] = [];
  numbersConfirmed = false;
  /** 360dialog refused the confirmed list as outdated: re-read it before the next review. */
  numbersStale = false;
  pcrId?: string;
  pcrStatus?: PcrStatus;
  /** The requester's selection for the new partner's permissions. */
  permitted?: PartnerChangeNumber[];

  constructor(readonly input: PartnerChangeInput) {
    super({
      kind: 'partner-change',
      title: `Partner change of WABA ${input.wabaId} to ${input.destinationPartnerId}`,
      first: PartnerChangeStep.PREPARING,
      identity: { wabaId: input.wabaId, partnerId: input.destinationPartnerId },
      callbackUrl: input.callbackUrl,
    });
    this.timings = { ...DEFAULT_PARTNER_CHANGE_TIMINGS, ...input.timings };
  }

  view(): PartnerChangeView {
    return {
      wabaId: this.input.wabaId,
      destinationPartnerId: this.input.destinationPartnerId,
      numbers: [...this.numbers],
      numbersConfirmed: this.numbersConfirmed,
      pcrId: this.pcrId,
      pcrStatus: this.pcrStatus,
      permittedChannelIds: this.permitted?.map((n) => n.channelId),
    };
  }

  protected result(common: MigrationResult): PartnerChangeResult {
    return {
      ...common,
      kind: 'partner-change',
      pcrId: this.pcrId,
      movedChannelIds: this.pcrStatus === 'completed' ? this.numbers.map((n) => n.channelId) : [],
      permittedChannelIds:
        this.permitted && this.tracker.current === PartnerChangeStep.DONE ? this.permitted.map((n) => n.channelId) : [],
    };
  }
}

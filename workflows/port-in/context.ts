/** Everything one port-in run shares between its steps: input, timings, tracker, facts, notifier. */
import type { MigrationResult } from '../../contracts/migration';
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInInput, type PortInTimings } from '../../contracts/port-in';
import type { SealedChannelApiKey } from '../../contracts/port-in';
import type { PortInResult, TemplateReport } from '../../contracts/port-in-cloud';
import type { Sealed } from '../../contracts/sealed';
import { MigrationContext } from '../kit/migration';

/** Facts reported by signals and observations; every setter is idempotent. */
export interface PortInFacts {
  mobAccepted: boolean;
  twoFactorDisabled: boolean;
  channelRunning: boolean;
  businessIdCorrected: boolean;
  seenEventIds: Set<string>;
}

export class PortInContext extends MigrationContext<PortInStep, PortInResult> {
  readonly timings: PortInTimings;
  readonly facts: PortInFacts = {
    mobAccepted: false,
    twoFactorDisabled: false,
    channelRunning: false,
    businessIdCorrected: false,
    seenEventIds: new Set(),
  };
  /** When each wait step first started waiting: later rounds keep its deadline (see waits.ts). */
  readonly firstWaitAt = new Map<PortInStep, number>();
  metaBusinessId: string;
  portingId?: string;
  channelId?: string;
  phoneNumberId?: string;
  /** Sealed (plain in runs that minted it before 1.1.0): the workflow never unseals it. */
  apiKey?: SealedChannelApiKey;
  /** Cloud API: the number's new two-step PIN, set by register; sealed, delivered with the API key. */
  twoFactorPin?: Sealed<'two-factor-pin'>;
  /** Cloud API: what the template migration moved and what it could not. */
  templates?: TemplateReport;

  constructor(readonly input: PortInInput) {
    // Identity attributes are set by the workflow itself, so exclusion checks find it however it was started.
    super({
      kind: 'port-in',
      title: `Port-in of ${input.phone.e164} to 360dialog`,
      first: PortInStep.PREFLIGHT,
      identity: { wabaId: input.wabaId, phoneNumber: input.phone.e164 },
      callbackUrl: input.callbackUrl,
      path: input.path ?? 'on-premise',
    });
    this.timings = { ...DEFAULT_PORT_IN_TIMINGS, ...input.timings };
    this.metaBusinessId = input.metaBusinessId;
  }

  protected result(common: MigrationResult): PortInResult {
    return { ...common, kind: 'port-in', path: this.input.path ?? 'on-premise', templates: this.templates };
  }
}

/** Everything one port-in run shares between its steps: input, timings, tracker, facts, notifier. */
import type { MigrationResult, Outcome } from '../../contracts/migration';
import { DEFAULT_PORT_IN_TIMINGS, PortInStep, type PortInInput, type PortInTimings } from '../../contracts/port-in';
import type { ChannelApiKey } from '../../integrations/ports';
import { Notifier } from '../kit/notifier';
import { MigrationTracker } from '../kit/tracker';

/** Facts reported by signals and observations; every setter is idempotent. */
export interface PortInFacts {
  mobAccepted: boolean;
  twoFactorDisabled: boolean;
  channelRunning: boolean;
  businessIdCorrected: boolean;
  seenEventIds: Set<string>;
}

export class PortInContext {
  readonly timings: PortInTimings;
  readonly tracker: MigrationTracker<PortInStep>;
  readonly notifier: Notifier;
  readonly facts: PortInFacts = {
    mobAccepted: false,
    twoFactorDisabled: false,
    channelRunning: false,
    businessIdCorrected: false,
    seenEventIds: new Set(),
  };
  metaBusinessId: string;
  portingId?: string;
  channelId?: string;
  phoneNumberId?: string;
  apiKey?: ChannelApiKey;

  constructor(readonly input: PortInInput) {
    this.timings = { ...DEFAULT_PORT_IN_TIMINGS, ...input.timings };
    this.metaBusinessId = input.metaBusinessId;
    // Identity attributes are set by the workflow itself, so exclusion checks find it however it was started.
    this.tracker = new MigrationTracker('port-in', `Port-in of ${input.phone.e164} to 360dialog`, PortInStep.PREFLIGHT, {
      wabaId: input.wabaId,
      phoneNumber: input.phone.e164,
    });
    this.notifier = new Notifier(input.callbackUrl);
  }

  /** Ends the migration with a typed result (and tells the requester). */
  finish(outcome: Outcome, reason?: string): MigrationResult {
    this.tracker.finish(outcome, reason);
    this.notifier.emit(`migration.${outcome}`, { step: this.tracker.current, reason });
    const { migrationId } = this.tracker.status();
    return { migrationId, kind: 'port-in', outcome, step: this.tracker.current, reason, tickets: this.tracker.ticketRecords };
  }
}

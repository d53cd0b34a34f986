/**
 * Counters that prove effects happened exactly as often as intended (idempotency): keys minted,
 * tickets opened, codes sent, submissions, plus what fault injection did.
 */
export class Counters {
  apiKeysMintedByChannel: Record<string, number> = {};
  apiKeysMintedByNumber: Record<string, number> = {};
  ticketsOpened = 0;
  ticketsOpenedByKey: Record<string, number> = {};
  /** Comments added to tickets, per Idempotency-Key ('(no key)' for unkeyed ones). */
  commentsAddedByKey: Record<string, number> = {};
  codesSentByNumber: Record<string, number> = {};
  codeVerificationsByNumber: Record<string, number> = {};
  registrationsByNumber: Record<string, number> = {};
  /** Cloud-API migration: numbers moved, deregistrations, templates copied into a WABA, setup calls. */
  numbersMigratedByNumber: Record<string, number> = {};
  deregistrationsByNumber: Record<string, number> = {};
  templatesMigratedByWaba: Record<string, number> = {};
  appSubscriptionsByWaba: Record<string, number> = {};
  creditLinesSharedByWaba: Record<string, number> = {};
  portInSubmissions = 0;
  portInSubmissionsByNumber: Record<string, number> = {};
  pcrsCreated = 0;
  pcrsCreatedByWaba: Record<string, number> = {};
  subscriptionsCancelledByClient: Record<string, number> = {};
  /** Requests answered from the idempotency store instead of repeating the effect. */
  idempotentReplays = 0;
  idempotentReplaysByOperation: Record<string, number> = {};
  requestsByService: Record<string, number> = {};
  faults = { errors: 0, hangs: 0, delayed: 0, scripted: 0 };
  /**
   * Requests in flight on the services' routes (360dialog, Meta, support desk, websites), now and at
   * most since the last reset: what a batch's concurrency limit bounds. Not the control routes, nor
   * the callback receiver (deliveries to the requester are not limited).
   */
  requestsInFlight: InFlight = { current: 0, peak: 0 };

  /** Counts one request in `gauge`; the returned function ends it. */
  static enter(gauge: InFlight): () => void {
    gauge.current++;
    gauge.peak = Math.max(gauge.peak, gauge.current);
    return () => {
      gauge.current--;
    };
  }

  static inc(map: Record<string, number>, key: string, by = 1): void {
    map[key] = (map[key] ?? 0) + by;
  }
}

export interface InFlight {
  current: number;
  peak: number;
}

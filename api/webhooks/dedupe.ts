/**
 * Remembers delivered webhook event IDs for a while, so a repeated delivery is acknowledged
 * without signalling again. In memory and per instance: the workflows dedupe by event ID as well,
 * so this is a cheap first line, not the guarantee.
 */
export class EventDedupe {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly ttlMs = 24 * 3_600_000,
    private readonly maxEntries = 50_000,
  ) {}

  has(eventId: string, now = Date.now()): boolean {
    const at = this.seen.get(eventId);
    if (at === undefined) return false;
    if (now - at > this.ttlMs) {
      this.seen.delete(eventId);
      return false;
    }
    return true;
  }

  /** Call only after the event was handled, so a failed delivery can be retried by the sender. */
  remember(eventId: string, now = Date.now()): void {
    this.seen.set(eventId, now);
    // Maps iterate in insertion order: drop the oldest entries first.
    for (const key of this.seen.keys()) {
      if (this.seen.size <= this.maxEntries) break;
      this.seen.delete(key);
    }
  }
}

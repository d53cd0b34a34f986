/**
 * The port of the requester's callback URL, implemented by `integrations/callbacks.ts`. Importers
 * use `integrations/ports.ts`.
 */

export interface CallbackEvent {
  /** Unique per event; receivers deduplicate on it. */
  id: string;
  type: string;
  migrationId: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface CallbackSender {
  /** POSTs the event HMAC-signed (header `X-Signature: sha256=<hex>` over `<timestamp>.<body>`). */
  send(url: string, event: CallbackEvent): Promise<void>;
}

/**
 * The support desk (tickets) port, implemented by `integrations/support-desk.ts`. Importers use
 * `integrations/ports.ts`.
 */

export interface Ticket {
  id: string;
  status: 'open' | 'pending' | 'solved';
  topic: string;
}

export interface SupportDesk {
  /** Opens a ticket once per idempotency key; a repeated key returns the existing ticket. */
  createTicket(req: {
    idempotencyKey: string;
    topic: string;
    subject: string;
    body: string;
    tags: string[];
  }): Promise<Ticket>;
  getTicket(ticketId: string): Promise<Ticket>;
  /** Adds a comment; with an idempotency key a repeated request does not post a second one. */
  addComment(req: { ticketId: string; body: string; idempotencyKey?: string }): Promise<void>;
}

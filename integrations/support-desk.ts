/**
 * Support-desk adapter (Zendesk-like: `Authorization: Bearer`, `{ticket:{…}}` bodies). A ticket is
 * opened once per idempotency key; a repeated key returns the ticket opened the first time. Comments
 * carry a key too (`Idempotency-Key` header), so a retried request does not post twice.
 */
import { z } from 'zod';
import type { Logger } from '../observability/logger';
import type { CallObserver } from '../observability/metrics';
import { bearerHttpClient, classifyByStatus, type HttpClient, path, type FailedResponse } from './http';
import type { SupportDesk, Ticket } from './ports';

const TicketWire = z.object({
  id: z.union([z.string(), z.number()]).transform(String),
  status: z.enum(['new', 'open', 'pending', 'hold', 'solved', 'closed']),
  topic: z.string(),
});
const TicketEnvelope = z.object({ ticket: TicketWire });

/** Zendesk-style error bodies: `{"error":"…","description":"…"}`. */
const ErrorBody = z.object({
  error: z.union([z.string(), z.object({ title: z.string() }).passthrough()]),
  description: z.string().optional(),
});

export function classifySupportDesk(res: FailedResponse): ReturnType<typeof classifyByStatus> {
  const parsed = ErrorBody.safeParse(res.body);
  const text = parsed.success
    ? [typeof parsed.data.error === 'string' ? parsed.data.error : parsed.data.error.title, parsed.data.description]
        .filter(Boolean)
        .join(': ')
    : res.text || `HTTP ${res.status}`;
  return classifyByStatus('support-desk', res, res.scrub(text));
}

export interface SupportDeskOptions {
  baseUrl: string;
  token: string;
  timeoutMs: number;
  logger?: Logger;
  observe?: CallObserver;
}

export class SupportDeskAdapter implements SupportDesk {
  private readonly http: HttpClient;

  constructor(opts: SupportDeskOptions) {
    this.http = bearerHttpClient({ ...opts, service: 'support-desk', classify: classifySupportDesk });
  }

  async createTicket(req: {
    idempotencyKey: string;
    topic: string;
    subject: string;
    body: string;
    tags: string[];
  }): Promise<Ticket> {
    const res = await this.http.request({
      method: 'POST',
      path: '/tickets',
      body: { ticket: { topic: req.topic, subject: req.subject, comment: { body: req.body }, tags: req.tags } },
      idempotencyKey: req.idempotencyKey,
      schema: TicketEnvelope,
    });
    return toTicket(res.ticket);
  }

  async getTicket(ticketId: string): Promise<Ticket> {
    return toTicket(
      (await this.http.request({ method: 'GET', path: path`/tickets/${ticketId}`, schema: TicketEnvelope })).ticket,
    );
  }

  async addComment(req: { ticketId: string; body: string; idempotencyKey?: string }): Promise<void> {
    await this.http.request({
      method: 'POST',
      path: path`/tickets/${req.ticketId}/comments`,
      body: { comment: { body: req.body } },
      idempotencyKey: req.idempotencyKey,
      schema: z.unknown(),
    });
  }
}

/** Zendesk's six statuses folded into the three the workflows care about. */
function toTicket(t: z.infer<typeof TicketWire>): Ticket {
  const status =
    t.status === 'solved' || t.status === 'closed'
      ? 'solved'
      : t.status === 'pending' || t.status === 'hold'
        ? 'pending'
        : 'open';
  return { id: t.id, status, topic: t.topic };
}

/**
 * Support desk (Zendesk-like): tickets opened and comments added once per `Idempotency-Key`, read
 * back with a status that changes when ops resolve them (control endpoint) or after the configured
 * auto-resolve delay.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SimResponse } from './catalog';
import { parseOr, type SimContext } from './context';
import { Counters } from './counters';
import { idempotencyKeyOf, once } from './idempotency';
import type { SimState, TicketState } from './state';

const CreateBody = z.object({
  ticket: z.object({
    topic: z.string().min(1),
    subject: z.string().min(1),
    comment: z.object({ body: z.string().min(1) }),
    tags: z.array(z.string()).default([]),
  }),
});
const CommentBody = z.object({ comment: z.object({ body: z.string().min(1) }) });

export const supportError = (status: number, error: string, description: string): SimResponse => ({
  status,
  body: { error, description },
});
const invalid = (message: string) => supportError(422, 'RecordInvalid', message);
const notFound = () => supportError(404, 'RecordNotFound', 'Not found');

export function ticketView(state: SimState, t: TicketState) {
  return {
    id: t.id,
    status: state.ticketStatus(t),
    topic: t.topic,
    subject: t.subject,
    tags: t.tags,
    comment_count: t.comments.length,
    created_at: new Date(t.createdAt).toISOString(),
  };
}

export function registerSupport(scope: FastifyInstance, ctx: SimContext): void {
  const { state } = ctx;

  scope.post('/tickets', { config: { op: 'support.createTicket' } }, (req, reply) => {
    const parsed = parseOr(CreateBody, req.body, invalid);
    if (!parsed.ok) return reply.code(parsed.error.status).send(parsed.error.body);
    return once(state, 'support.createTicket', req, reply, () => {
      const { topic, subject, comment, tags } = parsed.value.ticket;
      const now = Date.now();
      const auto = state.support.autoResolveAfterMs;
      const t: TicketState = {
        id: String(10_000 + state.tickets.size + 1),
        topic,
        subject,
        body: comment.body,
        tags,
        status: 'new',
        comments: [comment.body],
        createdAt: now,
        solveAt: auto === null ? null : now + auto,
      };
      state.tickets.set(t.id, t);
      state.counters.ticketsOpened++;
      Counters.inc(state.counters.ticketsOpenedByKey, idempotencyKeyOf(req) ?? '(no key)');
      return { status: 201, body: { ticket: ticketView(state, t) } };
    });
  });

  scope.get<{ Params: { id: string } }>('/tickets/:id', { config: { op: 'support.getTicket' } }, (req, reply) => {
    const t = state.tickets.get(req.params.id);
    if (!t) return reply.code(404).send(notFound().body);
    return { ticket: ticketView(state, t) };
  });

  scope.post<{ Params: { id: string } }>(
    '/tickets/:id/comments',
    { config: { op: 'support.addComment' } },
    (req, reply) => {
      const t = state.tickets.get(req.params.id);
      if (!t) return reply.code(404).send(notFound().body);
      const parsed = parseOr(CommentBody, req.body, invalid);
      if (!parsed.ok) return reply.code(parsed.error.status).send(parsed.error.body);
      // A repeated Idempotency-Key answers the first comment again instead of posting a second one.
      return once(state, 'support.addComment', req, reply, () => {
        t.comments.push(parsed.value.comment.body);
        if (t.status === 'new') t.status = 'open';
        Counters.inc(state.counters.commentsAddedByKey, idempotencyKeyOf(req) ?? '(no key)');
        return { status: 201, body: { comment: { id: t.comments.length, body: parsed.value.comment.body } } };
      });
    },
  );
}

/** Support tickets and requester callbacks: the two ways a migration reaches people. */
import { Context } from '@temporalio/activity';
import type { CallbackEvent, OutsideWorld } from '../integrations/ports';

export interface OpenTicketInput {
  /** Derived from workflow ID, step and escalation level: one ticket per escalation, ever. */
  idempotencyKey: string;
  topic: string;
  subject: string;
  body: string;
  tags: string[];
}

export interface NotifyInput {
  url: string;
  event: CallbackEvent;
}

export function createSupportActivities(world: Pick<OutsideWorld, 'supportDesk' | 'callbacks'>) {
  return {
    async openSupportTicket(input: OpenTicketInput): Promise<{ ticketId: string }> {
      const ticket = await world.supportDesk.createTicket(input);
      Context.current().log.info('support ticket open', { ticketId: ticket.id, topic: input.topic });
      return { ticketId: ticket.id };
    },

    /** Delivers one event to the requester's callback URL; retried by the activity retry policy. */
    async notifyRequester(input: NotifyInput): Promise<void> {
      await world.callbacks.send(input.url, input.event);
    },
  };
}

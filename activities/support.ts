/** Support tickets and requester callbacks: the two ways a migration reaches people. */
import { Context } from '@temporalio/activity';
import type { CallbackEvent, OutsideWorld } from '../integrations/ports';
import type { OwnerLinkIssuer } from '../secrets/action-links';
import { withOwnerLink } from './owner-link';

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

export function createSupportActivities(
  world: Pick<OutsideWorld, 'supportDesk' | 'callbacks'>,
  ownerLinks?: OwnerLinkIssuer,
) {
  return {
    async openSupportTicket(input: OpenTicketInput): Promise<{ ticketId: string }> {
      const ticket = await world.supportDesk.createTicket(input);
      Context.current().log.info('support ticket open', { ticketId: ticket.id, topic: input.topic });
      return { ticketId: ticket.id };
    },

    /**
     * Delivers one event to the requester's callback URL; retried by the activity retry policy.
     * An "action required" event for the number's owner gets the owner's link here.
     */
    async notifyRequester(input: NotifyInput): Promise<void> {
      const event = ownerLinks ? await withOwnerLink(input.event, ownerLinks) : input.event;
      await world.callbacks.send(input.url, event);
    },
  };
}

/** Port-out activities: thin, typed calls of the outside-world ports, each one step of flow 2. */
import { Context } from '@temporalio/activity';
import { isUpstreamError } from '../integrations/errors';
import type { PortOutAccount, RefundOutcome } from '../contracts/port-out';
import type { ClientBalance, OutsideWorld } from '../integrations/ports';
import { pollUntil } from './poll';

export function createPortOutActivities(world: Pick<OutsideWorld, 'dialog360' | 'meta' | 'supportDesk'>) {
  return {
    /** Reads the client account, the WABA's channels and Meta's 2FA state of the number, together. */
    async getPortOutAccount(input: { wabaId: string; e164: string }): Promise<PortOutAccount> {
      const [client, channels, phone] = await Promise.all([
        world.dialog360.getClientByWaba(input.wabaId),
        world.dialog360.listWabaChannels(input.wabaId),
        world.meta.findPhoneNumber(input.wabaId, input.e164),
      ]);
      const channel = channels.find((c) => c.phoneNumber === input.e164);
      return {
        clientId: client.clientId,
        wabaOwnership: client.wabaOwnership,
        subscription: client.subscription,
        channelId: channel?.id,
        alreadyLeft: channel?.status === 'migrated_away',
        twoFactorEnabled: phone?.twoStepVerificationEnabled,
        otherNumbers: channels
          .filter((c) => c.id !== channel?.id && c.status !== 'migrated_away')
          .map((c) => c.phoneNumber),
      };
    },

    /** Checks (retried by the server until the deadline) whether the number has left 360dialog. */
    async awaitNumberLeft(input: { channelId: string }): Promise<{ status: string }> {
      return pollUntil({
        describe: 'number migrated away',
        check: async () => {
          try {
            const channel = await world.dialog360.getChannel(input.channelId);
            return channel.status === 'migrated_away' ? { status: channel.status } : undefined;
          } catch (err) {
            // A channel we knew that no longer exists has left as surely as one marked migrated_away.
            if (isUpstreamError(err) && err.reason === 'NOT_FOUND') return { status: 'removed' };
            throw err;
          }
        },
      });
    },

    /** One read of the channel: has the number left 360dialog? (confirms a reported departure) */
    async checkNumberLeft(input: { channelId: string }): Promise<{ left: boolean; status: string }> {
      try {
        const channel = await world.dialog360.getChannel(input.channelId);
        return { left: channel.status === 'migrated_away', status: channel.status };
      } catch (err) {
        if (isUpstreamError(err) && err.reason === 'NOT_FOUND') return { left: true, status: 'removed' };
        throw err;
      }
    },

    /** Checks (retried by the server until the deadline) whether support has solved a ticket. */
    async awaitTicketSolved(input: { ticketId: string }): Promise<void> {
      await pollUntil({
        describe: `ticket ${input.ticketId} solved`,
        check: async () => ((await world.supportDesk.getTicket(input.ticketId)).status === 'solved' ? true : undefined),
      });
    },

    /**
     * Adds a comment to an open ticket (e.g. "SLA breached, escalated in ticket X"), once per
     * idempotency key however often the activity is retried. The key is optional only for
     * attempts scheduled before it existed (in flight across the deploy).
     */
    async commentOnTicket(input: { ticketId: string; body: string; idempotencyKey?: string }): Promise<void> {
      await world.supportDesk.addComment(input);
    },

    /** One read of the client's balance and unpaid invoices. */
    async getClientBalance(input: { clientId: string }): Promise<ClientBalance> {
      return world.dialog360.getClientBalance(input.clientId);
    },

    /**
     * Checks (retried by the server until the deadline) that the client owes nothing: no unpaid
     * invoice, no negative balance. 360dialog's hard gate before a number may leave.
     */
    async awaitInvoicesCleared(input: { clientId: string }): Promise<ClientBalance> {
      return pollUntil({
        describe: `invoices of client ${input.clientId} paid`,
        check: async () => {
          const b = await world.dialog360.getClientBalance(input.clientId);
          return b.unpaidInvoices === 0 && b.balance >= 0 ? b : undefined;
        },
      });
    },

    /**
     * Asks 360dialog (its support desk: there is no refund API) to pay back the client's unused
     * funds, once per idempotency key. No funds left: nothing is asked.
     */
    async requestRefund(input: { clientId: string; e164: string; idempotencyKey: string }): Promise<RefundOutcome> {
      const b = await world.dialog360.getClientBalance(input.clientId);
      if (b.balance <= 0) return { status: 'nothing-to-refund', balance: b.balance, currency: b.currency };
      const ticket = await world.supportDesk.createTicket({
        idempotencyKey: input.idempotencyKey,
        topic: 'Refund of unused funds',
        subject: `Refund ${b.balance.toFixed(2)} ${b.currency} to client ${input.clientId}`,
        body: `${input.e164} has left 360dialog and the subscription is cancelled; please refund the unused funds of ${b.balance.toFixed(2)} ${b.currency}.`,
        tags: ['port-out', 'refund'],
      });
      return { status: 'requested', amount: b.balance, currency: b.currency, ticketId: ticket.id };
    },

    /** Cancels the client's 360dialog subscription. Irreversible: the workflow calls it only after a human confirmed. */
    async cancelSubscription(input: { clientId: string; idempotencyKey: string }): Promise<void> {
      await world.dialog360.cancelSubscription(input);
      Context.current().log.info('subscription cancelled', { clientId: input.clientId });
    },
  };
}

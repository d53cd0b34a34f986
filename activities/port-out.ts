/** Port-out activities: thin, typed calls of the outside-world ports, each one step of flow 2. */
import { Context } from '@temporalio/activity';
import { isUpstreamError } from '../integrations/errors';
import type { PortOutAccount } from '../contracts/port-out';
import type { OutsideWorld } from '../integrations/ports';
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

    /** Cancels the client's 360dialog subscription. Irreversible: the workflow calls it only after a human confirmed. */
    async cancelSubscription(input: { clientId: string; idempotencyKey: string }): Promise<void> {
      await world.dialog360.cancelSubscription(input);
      Context.current().log.info('subscription cancelled', { clientId: input.clientId });
    },
  };
}

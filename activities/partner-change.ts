/** Partner-change activities: thin, typed calls of the 360dialog Partner API, each one step of flow 3. */
import { Context } from '@temporalio/activity';
import { isUpstreamError } from '../integrations/errors';
import type {
  AccountRequirement,
  PartnerChangeAccount,
  PartnerChangeDecision,
  PartnerChangeNumber,
  PartnerChangeSubmitOutcome,
  PcrStatus,
} from '../contracts/partner-change';
import type { OutsideWorld } from '../integrations/ports';
import { pollUntil } from './poll';

export function createPartnerChangeActivities(world: Pick<OutsideWorld, 'dialog360'>) {
  const d360 = world.dialog360;

  /** The numbers that move together: every channel of the WABA still on 360dialog. */
  async function listNumbers(wabaId: string): Promise<PartnerChangeNumber[]> {
    const channels = await d360.listWabaChannels(wabaId);
    return channels
      .filter((c) => c.status !== 'migrated_away')
      .map((c) => ({ channelId: c.id, phoneNumber: c.phoneNumber }))
      .sort((a, b) => a.channelId.localeCompare(b.channelId));
  }

  return {
    /** Reads the client account, the destination partner's rules and the WABA's numbers, together. */
    async getPartnerChangeAccount(input: {
      wabaId: string;
      destinationPartnerId: string;
    }): Promise<PartnerChangeAccount> {
      const [client, partner, numbers] = await Promise.all([
        d360.getClientByWaba(input.wabaId),
        d360.getPartner(input.destinationPartnerId),
        listNumbers(input.wabaId),
      ]);
      return {
        clientId: client.clientId,
        currentPartnerId: client.partnerId,
        companyInfoComplete: client.companyInfoComplete,
        hasPaymentMethod: client.hasPaymentMethod,
        requiresPaymentMethod: partner.requiresPaymentMethod,
        autoApprove: partner.autoApprove,
        numbers,
      };
    },

    /** Re-reads the WABA's numbers (at confirmation: the list may have changed since the review). */
    async listPartnerChangeNumbers(input: { wabaId: string }): Promise<{ numbers: PartnerChangeNumber[] }> {
      return { numbers: await listNumbers(input.wabaId) };
    },

    /** Checks (retried by the server until the deadline) whether the client completed what the change needs. */
    async awaitAccountRequirement(input: { wabaId: string; requirement: AccountRequirement }): Promise<void> {
      await pollUntil({
        describe: input.requirement,
        check: async () => {
          const client = await d360.getClientByWaba(input.wabaId);
          const met = input.requirement === 'company-info' ? client.companyInfoComplete : client.hasPaymentMethod;
          return met ? true : undefined;
        },
      });
    },

    /** Submits the partner change request; the idempotency key makes a retried attempt return the same PCR. */
    async submitPartnerChange(input: {
      wabaId: string;
      destinationPartnerId: string;
      channelIds: string[];
      idempotencyKey: string;
    }): Promise<PartnerChangeSubmitOutcome> {
      try {
        const pcr = await d360.createPartnerChangeRequest(input);
        Context.current().log.info('partner change requested', { pcrId: pcr.id, status: pcr.status });
        return {
          kind: 'submitted',
          pcrId: pcr.id,
          status: pcr.status,
          channelIds: pcr.channelIds,
          failureReason: pcr.failureReason,
        };
      } catch (err) {
        if (!isUpstreamError(err)) throw err;
        if (err.reason === 'DIFFERENT_PAYMENT_PROCESSOR')
          return { kind: 'different-payment-processor', message: err.message };
        if (err.reason === 'PCR_CHANGED') return { kind: 'numbers-changed', message: err.message };
        if (err.reason === 'COMPANY_INFO_INCOMPLETE')
          return { kind: 'requirement-missing', requirement: 'company-info', message: err.message };
        if (err.reason === 'PAYMENT_METHOD_MISSING')
          return { kind: 'requirement-missing', requirement: 'payment-method', message: err.message };
        throw err;
      }
    },

    /** Checks (retried by the server until the deadline) whether the destination partner decided. */
    async awaitPartnerChangeDecision(input: { pcrId: string }): Promise<PartnerChangeDecision> {
      return pollUntil({
        describe: `partner change ${input.pcrId} decided`,
        check: async () => {
          const pcr = await d360.getPartnerChangeRequest(input.pcrId);
          if (pcr.status === 'completed' || pcr.status === 'failed' || pcr.status === 'rejected') {
            return { status: pcr.status, reason: pcr.failureReason };
          }
          return undefined;
        },
      });
    },

    /** One read of the request's status (confirms a completion reported by webhook, operator or API). */
    async getPartnerChangeStatus(input: { pcrId: string }): Promise<{ status: PcrStatus; failureReason?: string }> {
      const pcr = await d360.getPartnerChangeRequest(input.pcrId);
      return { status: pcr.status, failureReason: pcr.failureReason };
    },

    /** Grants the new partner permission to manage the selected channels (idempotent by nature). */
    async grantPartnerPermissions(input: { partnerId: string; channelIds: string[] }): Promise<void> {
      await d360.grantChannelPermissions(input);
    },
  };
}

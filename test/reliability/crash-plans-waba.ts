/** Port-out and partner-change plans for the crash and flaky-world tests (see crash-plans.ts). */
import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { MigrationResult, MigrationStatus } from '../../contracts/migration';
import { PartnerChangeStep, type PartnerChangeTimings } from '../../contracts/partner-change';
import { PortOutStep, type PortOutTimings } from '../../contracts/port-out';
import { partnerChangeWorkflow, portOutWorkflow } from '../../workflows';
import * as m from '../../contracts/messages';
import { play, type StepAct } from '../harness/migration-actors';
import { freshPartnerId, partnerChangeInput, portOutInput, seedWaba } from '../harness/waba-fixtures';
import type { Plan, PlanContext } from './crash-plans';

const operator = { source: 'operator' as const };
const notYet = (what: string) => Promise.reject(new Error(`not yet: ${what}`));

interface PortOutPlan {
  ownership: 'owned' | 'shared';
  twoFaEnabled?: boolean;
  /** Shared WABA: the 2FA disable request's SLA, short enough to breach (escalation + comment). */
  sla?: string;
  callback?: boolean;
}

function portOut(name: string, p: PortOutPlan): Plan {
  return async (c) => {
    const waba = await seedWaba(c.sim, { count: 2, ownership: p.ownership, twoFaEnabled: p.twoFaEnabled ?? true });
    const timings: Partial<PortOutTimings> = {
      pollEvery: c.pollEvery,
      remindEvery: '1h',
      ...(p.sla ? { twoFaSla: p.sla } : {}),
    };
    const input = portOutInput(waba, {
      timings,
      callbackUrl: p.callback ? c.callbackUrl?.(`/port-out/${name}`) : undefined,
    });
    const e164 = input.phone.e164;
    const handle = await c.client.workflow.start(portOutWorkflow, {
      taskQueue: c.taskQueue,
      workflowId: `port-out:${e164}`,
      args: [input],
    });
    const twoFa: StepAct =
      p.ownership === 'owned'
        ? {
            dwellMs: 2000,
            gate: () => c.hit('port-out/awaitTwoFactorDisabled'),
            act: async () => {
              await c.sim.disableTwoFa(e164);
              await handle.signal(m.twoFactorDisabledSignal, operator);
            },
          }
        : {
            dwellMs: 2000,
            gate: () => c.hit('port-out/awaitTicketSolved') && (!p.sla || c.hit('port-out/commentOnTicket')),
            act: async (s) => {
              // Support disables 2FA and solves the "2FA disable request" ticket (after the SLA breach, if any).
              const request = s.tickets.find((t) => t.level === 0);
              if (!request || (p.sla && !s.tickets.some((t) => t.level > 0)))
                return notYet('request ticket / SLA escalation');
              await c.sim.disableTwoFa(e164);
              await c.sim.resolveTicket(request.ticketId);
            },
          };
    let reportedAt = 0;
    const done = play<MigrationResult>(handle, {
      [PortOutStep.AWAITING_2FA_DISABLED]: twoFa,
      [PortOutStep.AWAITING_NUMBER_LEFT]: {
        dwellMs: 2000,
        gate: () => c.hit('port-out/awaitNumberLeft'),
        act: async () => {
          // A report is only a hint: each one is confirmed with 360dialog (checkNumberLeft), which
          // still shows the channel until a kill has landed inside that confirmation.
          await handle.signal(m.numberLeftSignal, operator);
          reportedAt ||= Date.now();
          if (!c.hit('port-out/checkNumberLeft') && Date.now() - reportedAt < 60_000)
            return notYet('a kill inside the number-left confirmation');
          await c.sim.markNumberLeft(e164);
          await handle.signal(m.numberLeftSignal, operator);
        },
      },
      [PortOutStep.AWAITING_CANCELLATION_CONFIRMATION]: {
        dwellMs: 1000,
        act: () =>
          handle.executeUpdate(m.confirmSubscriptionCancellationUpdate, {
            args: [{ confirm: true, confirmedBy: 'ops@example.com' }],
          }),
      },
    });
    const tickets = p.ownership === 'shared' ? (p.sla ? 2 : 1) : 0;
    return {
      name,
      kind: 'port-out',
      handle,
      done,
      outcome: 'completed',
      tickets,
      comments: p.sla ? 1 : 0,
      e164,
      wabaId: waba.wabaId,
      clientId: waba.clientId,
    };
  };
}

interface PartnerChangePlan {
  autoApprove: boolean;
  companyInfoComplete?: boolean;
  paymentMethodMissing?: boolean;
  /** Manual approval: escalate after this, then approve. */
  approvalEscalateAfter?: string;
  /** Manual approval: a webhook reports "completed" before 360dialog shows it (confirmed by a read). */
  reportedFirst?: boolean;
  callback?: boolean;
}

function partnerChange(name: string, p: PartnerChangePlan): Plan {
  return async (c) => {
    const destination = freshPartnerId();
    await c.sim.setPartner(destination, {
      autoApprove: p.autoApprove,
      requiresPaymentMethod: p.paymentMethodMissing ?? false,
    });
    const waba = await seedWaba(c.sim, {
      count: 2,
      companyInfoComplete: p.companyInfoComplete ?? true,
      hasPaymentMethod: !p.paymentMethodMissing,
    });
    const timings: Partial<PartnerChangeTimings> = { pollEvery: c.pollEvery, remindEvery: '1h' };
    if (p.approvalEscalateAfter) timings.approvalEscalateAfter = p.approvalEscalateAfter;
    const input = partnerChangeInput(waba, destination, {
      timings,
      callbackUrl: p.callback ? c.callbackUrl?.(`/partner-change/${name}`) : undefined,
    });
    const handle = await c.client.workflow.start(partnerChangeWorkflow, {
      taskQueue: c.taskQueue,
      workflowId: `partner-change:${waba.wabaId}`,
      args: [input],
    });
    const view = () => handle.query(m.getPartnerChangeQuery);
    const account = (
      gateKey: string,
      complete: () => Promise<unknown>,
      signal: typeof m.companyInfoCompletedSignal,
    ): StepAct => ({
      dwellMs: 2000,
      gate: () => c.hit(gateKey),
      act: async () => {
        await complete();
        await handle.signal(signal, operator);
      },
    });
    const done = play<MigrationResult>(handle, {
      [PartnerChangeStep.AWAITING_NUMBER_CONFIRMATION]: {
        dwellMs: 500,
        act: async () => {
          const { numbers } = await view();
          await handle.executeUpdate(m.confirmNumbersUpdate, {
            args: [{ channelIds: numbers.map((n) => n.channelId) }],
          });
        },
      },
      [PartnerChangeStep.AWAITING_COMPANY_INFO]: account(
        'partner-change/awaitAccountRequirement',
        () => c.sim.completeCompanyInfo(waba.wabaId),
        m.companyInfoCompletedSignal,
      ),
      [PartnerChangeStep.AWAITING_PAYMENT_METHOD]: account(
        'partner-change/awaitAccountRequirement',
        () => c.sim.addPaymentMethod(waba.wabaId),
        m.paymentMethodAddedSignal,
      ),
      [PartnerChangeStep.AWAITING_PARTNER_APPROVAL]: approval(c, handle, p),
      [PartnerChangeStep.AWAITING_PERMISSION_SELECTION]: {
        dwellMs: 500,
        act: async () => {
          const { numbers } = await view();
          await handle.executeUpdate(m.selectNumbersForPermissionsUpdate, {
            args: [{ channelIds: numbers.slice(0, 1).map((n) => n.channelId) }],
          });
        },
      },
    });
    return {
      name,
      kind: 'partner-change',
      handle,
      done,
      outcome: 'completed',
      tickets: p.approvalEscalateAfter ? 1 : 0,
      comments: 0,
      wabaId: waba.wabaId,
    };
  };
}

/** The destination partner approves; with `reportedFirst`, a webhook says "completed" before 360dialog does. */
function approval(c: PlanContext, handle: WorkflowHandle, p: PartnerChangePlan): StepAct {
  let reportedAt = 0;
  return {
    repeat: true,
    dwellMs: 2000,
    gate: () =>
      c.hit('partner-change/awaitPartnerChangeDecision') &&
      (!p.approvalEscalateAfter || c.hit('partner-change/openSupportTicket')),
    act: async (s: MigrationStatus) => {
      if (reportedAt < 0 || (p.approvalEscalateAfter && !s.escalated)) return;
      const { pcrId } = await handle.query(m.getPartnerChangeQuery);
      if (!pcrId) return;
      if (p.reportedFirst && !reportedAt) {
        await handle.signal(m.partnerChangeDecisionSignal, {
          status: 'completed',
          source: 'webhook',
          eventId: randomUUID(),
        });
        reportedAt = Date.now();
        return;
      }
      if (p.reportedFirst && !c.hit('partner-change/getPartnerChangeStatus') && Date.now() - reportedAt < 60_000)
        return;
      await c.sim.approvePcr(pcrId);
      reportedAt = -1;
    },
  };
}

export const PORT_OUTS: Plan[] = [
  portOut('owned', { ownership: 'owned', callback: true }),
  portOut('shared-sla-breached', { ownership: 'shared', sla: '3s' }),
  portOut('shared', { ownership: 'shared', callback: true }),
  portOut('owned-2fa-off', { ownership: 'owned', twoFaEnabled: false }),
];

export const PARTNER_CHANGES: Plan[] = [
  partnerChange('auto-company-info', { autoApprove: true, companyInfoComplete: false, callback: true }),
  partnerChange('manual-escalated', { autoApprove: false, approvalEscalateAfter: '3s' }),
  partnerChange('manual-reported', { autoApprove: false, reportedFirst: true, callback: true }),
  partnerChange('auto-payment-method', { autoApprove: true, paymentMethodMissing: true }),
];

/**
 * The migrations of the crash and flaky-world tests: port-ins through every step and documented
 * detour (port-outs and partner changes are in crash-plans-waba.ts). Each plan starts one
 * migration, plays its people (test/harness/migration-actors.ts) and says what its end must look
 * like. `hit` holds a person back until a kill has hit that step's activity in flight (or a minute
 * passed), so the waits' pollers are in flight at some kill.
 */
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import type { MigrationKind, MigrationResult, MigrationStatus } from '../../contracts/migration';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import type { SimulatorControl } from '../../simulator';
import type { ScenarioPatch } from '../../simulator/scenarios';
import { portInWorkflow } from '../../workflows';
import * as m from '../../contracts/messages';
import { pinAct, play, type StepAct } from '../harness/migration-actors';
import { portInInput } from '../harness/port-in-fixtures';

export interface PlanContext {
  sim: SimulatorControl;
  client: Client;
  taskQueue: string;
  /** A requester callback URL for a path (a slow endpoint in the crash test), or undefined. */
  callbackUrl?: (path: string) => string;
  /** True once a kill hit `kind/activityType` in flight; always true where nothing is killed. */
  hit: (key: string) => boolean;
  pollEvery: string;
}

export interface Launched {
  name: string;
  kind: MigrationKind;
  handle: WorkflowHandle;
  done: Promise<MigrationResult>;
  outcome: MigrationResult['outcome'];
  /** Tickets opened and comments added under this migration's idempotency keys. */
  tickets: number;
  comments: number;
  e164?: string;
  wabaId?: string;
  clientId?: string;
  /** Cloud-API port-ins: what Meta must have seen once completed (crash-plans-cloud.ts). */
  cloud?: { moves: number; registrations: number; templateCopies: number };
}

export type Plan = (ctx: PlanContext) => Promise<Launched>;

type People = (c: PlanContext, h: WorkflowHandle, e164: string) => Partial<Record<string, StepAct>>;
interface PortInPlan {
  timings?: PortInInput['timings'];
  callback?: boolean;
  /** Escalations expected (the PIN is held back until the migration shows it escalated). */
  tickets?: number;
  outcome?: MigrationResult['outcome'];
}

const operator = { source: 'operator' as const };
const gated = (gate: () => boolean, act: StepAct['act']): StepAct => ({ dwellMs: 2000, gate, act });

export function portIn(
  name: string,
  scenario: ScenarioPatch,
  opts: PortInPlan = {},
  people: People = () => ({}),
): Plan {
  return async (c) => {
    const input = portInInput({
      businessWebsite: c.sim.siteUrl('shop'),
      timings: { pollEvery: c.pollEvery, resendCooldown: '1s', ...opts.timings },
      callbackUrl: opts.callback ? c.callbackUrl?.(`/port-in/${name}`) : undefined,
    });
    const e164 = input.phone.e164;
    await c.sim.setScenario(e164, scenario);
    const handle = await c.client.workflow.start(portInWorkflow, {
      taskQueue: c.taskQueue,
      workflowId: `port-in:${e164}`,
      args: [input],
    });
    const escalated = opts.tickets ? (s: MigrationStatus) => s.escalated : undefined;
    const done = play<MigrationResult>(handle, {
      [PortInStep.AWAITING_PIN]: pinAct(c.sim, handle, e164, escalated),
      ...people(c, handle, e164),
    });
    return {
      name,
      kind: 'port-in',
      handle,
      done,
      outcome: opts.outcome ?? 'completed',
      tickets: opts.tickets ?? 0,
      comments: 0,
      e164,
    };
  };
}

/** A "running" webhook before the channel runs: the key is refused, the mint poller takes over until setup ends. */
const runningHint: People = (c, h, e164) => {
  let hintedAt = 0;
  return {
    [PortInStep.AWAITING_SETUP]: {
      repeat: true,
      dwellMs: 1000,
      act: async () => {
        if (hintedAt === 0) {
          await h.signal(m.channelStatusSignal, {
            eventId: randomUUID(),
            status: 'running',
            occurredAt: new Date().toISOString(),
          });
          hintedAt = Date.now();
        } else if (hintedAt > 0 && (c.hit('port-in/generateApiKeyWhenRunning') || Date.now() - hintedAt > 60_000)) {
          await c.sim.completeSetup(e164);
          hintedAt = -1;
        }
      },
    },
  };
};

export const PORT_INS: Plan[] = [
  portIn('happy', { setupMs: 4000 }, { callback: true }),
  portIn('mob-pending', { mobAccepted: false }, {}, (c, h, e164) => ({
    [PortInStep.AWAITING_MOB_ACCEPTANCE]: gated(
      () => c.hit('port-in/awaitMobAcceptance'),
      () => c.sim.acceptMob(e164),
    ),
  })),
  portIn('2fa-on', { twoFaEnabled: true }, {}, (c, h, e164) => ({
    [PortInStep.AWAITING_2FA_DISABLED]: gated(
      () => c.hit('port-in/awaitTwoFactorDisabled'),
      async () => {
        await c.sim.disableTwoFa(e164);
        await h.signal(m.twoFactorDisabledSignal, operator);
      },
    ),
  })),
  portIn('mob-refused-at-submit', { mobAccepted: false, mobGate: 'submit' }, {}, (c, h, e164) => ({
    [PortInStep.AWAITING_MOB_ACCEPTANCE]: gated(
      () => c.hit('port-in/resubmitPortInWhileWaiting'),
      () => c.sim.acceptMob(e164),
    ),
  })),
  portIn('pin-escalated', {}, { timings: { pinEscalateAfter: '3s' }, tickets: 1, callback: true }),
  portIn('running-hint-refused', { setupMs: 'manual' }, {}, runningHint),
];

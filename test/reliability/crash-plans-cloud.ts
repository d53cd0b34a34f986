/**
 * Cloud-API port-in plans for the crash test (see crash-plans.ts): the programmatic way (the number
 * moved with migrate_phone_number, the owner's code, templates copied page by page, a second
 * register after Meta names the source's storage region) and Embedded Signup (the owner's popup,
 * the session reported through the update). Each says what Meta must have seen exactly once.
 */
import type { MigrationResult } from '../../contracts/migration';
import { PortInStep, type PortInInput } from '../../contracts/port-in';
import type { CloudPortInOptions } from '../../contracts/port-in-cloud';
import { reportEmbeddedSignupUpdate } from '../../contracts/messages';
import { sealerFor } from '../../secrets';
import { loadConfig } from '../../temporal.config';
import { portInWorkflow } from '../../workflows';
import { pinAct, play, type StepAct } from '../harness/migration-actors';
import { freshNumber, portInInput } from '../harness/port-in-fixtures';
import type { Launched, Plan, PlanContext } from './crash-plans';

const sealer = sealerFor(loadConfig({}));
const BUSINESS = '777000666';
/** Templates of the source: the eligible ones are copied once; one Meta refuses is reported. */
const TEMPLATES: { name: string; failReason?: string }[] = [
  ...Array.from({ length: 6 }, (_, i) => ({ name: `order_update_${i}` })),
  { name: 'bad_promo', failReason: 'Incorrect category' },
];

interface CloudPlan {
  way: CloudPortInOptions['way'];
  /** The source stored data in a region: register is refused once, then made again with it set. */
  region?: string;
}

function cloudPortIn(name: string, p: CloudPlan): Plan {
  return async (c) => {
    const e164 = freshNumber('+4917');
    const tag = `${name}-${e164.slice(-9)}`;
    const [sourceWabaId, wabaId] = [`src-${tag}`, `dest-${tag}`];
    await c.sim.setCloudSource(e164, {
      sourceWabaId,
      businessId: BUSINESS,
      templates: TEMPLATES,
      ...(p.region ? { dataLocalizationRegion: p.region } : {}),
    });
    await c.sim.setCloudWaba(wabaId, { businessId: BUSINESS });
    const input: PortInInput = portInInput({
      number: e164,
      wabaId,
      metaBusinessId: BUSINESS,
      businessWebsite: c.sim.siteUrl('shop'),
      timings: { pollEvery: c.pollEvery, resendCooldown: '1s' },
      path: 'cloud-api',
      cloud: { way: p.way, sourceWabaId, creditLine: { id: 'cl-360', currency: 'USD' } },
    });
    const handle = await c.client.workflow.start(portInWorkflow, {
      taskQueue: c.taskQueue,
      workflowId: `port-in:${e164}`,
      args: [input],
    });
    const people: Partial<Record<string, StepAct>> =
      p.way === 'programmatic'
        ? { [PortInStep.AWAITING_PIN]: pinAct(c.sim, handle, e164) }
        : { [PortInStep.AWAITING_EMBEDDED_SIGNUP]: ownerSignsUp(c, handle, e164, wabaId) };
    const eligible = TEMPLATES.filter((t) => !t.failReason).length;
    const effects: Launched['cloud'] = { moves: 1, registrations: p.region ? 2 : 1, templateCopies: eligible };
    return {
      name: `cloud-${name}`,
      kind: 'port-in',
      handle,
      done: play<MigrationResult>(handle, people),
      outcome: 'completed',
      tickets: 0,
      comments: 0,
      e164,
      wabaId,
      cloud: effects,
    };
  };
}

/** The owner completes Meta's popup; the client's backend reports the session (again, if it failed). */
function ownerSignsUp(c: PlanContext, handle: Parameters<typeof play>[0], e164: string, wabaId: string): StepAct {
  return {
    dwellMs: 1000,
    act: async () => {
      // A repeated popup after a lost answer finds the number moved already and hands out a new code.
      const session = await c.sim.embeddedSignup({ e164, wabaId });
      await handle.executeUpdate(reportEmbeddedSignupUpdate, {
        args: [
          {
            wabaId: session.wabaId,
            phoneNumberId: session.phoneNumberId,
            code: sealer.seal('signup-code', session.code),
          },
        ],
      });
    },
  };
}

export const CLOUD_PORT_INS: Plan[] = [
  cloudPortIn('programmatic', { way: 'programmatic', region: 'IN' }),
  cloudPortIn('embedded-signup', { way: 'embedded-signup' }),
];

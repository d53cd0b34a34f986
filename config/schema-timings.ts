/** Settings of `ConfigSchema` (temporal.config.ts): the deployment's default timings of the flows. */
import { durationSchema } from '../contracts/schema-parts';

export const timingsShape = {
  // Default timings of the flows (per deployment; every migration may override them in its input).
  PIN_ESCALATION_AFTER: durationSchema.default('1h').describe('no PIN after this: open a support ticket, keep waiting'),
  PIN_DEADLINE: durationSchema.default('72h').describe('no PIN after this: the migration stalls'),
  SETUP_ESCALATION_AFTER: durationSchema.default('1h').describe('setup not finished after this: ticket, keep waiting'),
  SETUP_DEADLINE: durationSchema.default('72h').describe('setup not finished after this: the migration stalls'),
  MOB_ESCALATION_AFTER: durationSchema.default('24h').describe('Message-on-Behalf not accepted after this: ticket'),
  MOB_DEADLINE: durationSchema.default('14d').describe('Message-on-Behalf not accepted after this: stall'),
  TWO_FA_SLA: durationSchema.default('72h').describe('2FA-disable ticket SLA for shared WABAs (port-out)'),
  REMINDER_EVERY: durationSchema.default('24h').describe('interval between reminders to the client in human waits'),
  API_KEY_PICKUP_WINDOW: durationSchema
    .default('7d')
    .describe('how long after a port-in completed its API key can be fetched (then 410: generate a new one)'),
};

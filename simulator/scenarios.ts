/**
 * What can be scripted per phone number. An unscripted number gets `DEFAULT_SCENARIO`: the happy
 * path (MoB accepted, 2FA off, On-Premise number on a verified business's approved WABA, codes
 * delivered at once, setup finished right after verification).
 */
import { z } from 'zod';

/** The Meta business that owns every WABA nobody scripted (test fixtures use it). */
export const DEFAULT_BUSINESS_ID = '1234567890';

export const ScenarioSchema = z.object({
  /** Source WABA of the number (default `waba-<digits of the number>`). */
  wabaId: z.string().min(1).optional(),
  /** Meta business owning that WABA; submitting another business ID is "need to represent the same business". */
  metaBusinessId: z.string().min(1).default(DEFAULT_BUSINESS_ID),
  businessVerification: z.enum(['verified', 'pending', 'not_verified']).default('verified'),
  wabaReviewStatus: z.enum(['APPROVED', 'PENDING', 'REJECTED']).default('APPROVED'),
  sandbox: z.boolean().default(false),
  wabaOwnership: z.enum(['owned', 'shared']).default('owned'),
  /** Number already on Meta's Cloud API (platform_type CLOUD_API) instead of On-Premise. */
  onCloudApi: z.boolean().default(false),
  /** How the live WhatsApp profile shows the number (Brazil: with or without the extra 9); default = the number. */
  liveProfileNumber: z.string().regex(/^\+\d{8,15}$/).nullable().default(null),
  twoFaEnabled: z.boolean().default(false),
  mobAccepted: z.boolean().default(true),
  /** Where a pending MoB shows: 'status' (porting request mob_status pending) or 'submit' (submission error). */
  mobGate: z.enum(['status', 'submit']).default('status'),
  /** Documented port-in outcomes that are properties of the number. */
  portInOutcome: z.enum(['ok', 'eligible-direct', 'already-moved']).default('ok'),
  /** "Something went wrong when trying to migrate" this many times, then success. */
  somethingWentWrongTimes: z.number().int().min(0).default(0),
  smsDelivery: z.enum(['delivered', 'never']).default('delivered'),
  voiceDelivery: z.enum(['delivered', 'never']).default('delivered'),
  codeDeliveryDelayMs: z.number().int().min(0).default(0),
  codeValidityMs: z.number().int().positive().default(10 * 60_000),
  /** Wrong codes accepted before Meta locks verification (131031). */
  maxWrongCodes: z.number().int().positive().default(10),
  /** Channel setup after a successful verify: ms until `running`, or 'manual' (control endpoint). */
  setupMs: z.union([z.number().int().min(0), z.literal('manual')]).default(0),
});

export type Scenario = z.infer<typeof ScenarioSchema>;
export const ScenarioPatchSchema = ScenarioSchema.partial().strict();
export type ScenarioPatch = z.infer<typeof ScenarioPatchSchema>;

export const DEFAULT_SCENARIO: Scenario = ScenarioSchema.parse({});

export function defaultWabaId(e164: string): string {
  return `waba-${e164.replace(/\D/g, '')}`;
}

/** Partner settings inside 360dialog (destination partner of a partner change). */
export const PartnerSettingsSchema = z.object({
  autoApprove: z.boolean().default(true),
  requiresPaymentMethod: z.boolean().default(false),
  paymentProcessor: z.string().min(1).default('stripe'),
  /** Auto-approved requests complete after this many ms. */
  processingMs: z.number().int().min(0).default(0),
});
export type PartnerSettings = z.infer<typeof PartnerSettingsSchema>;

/** Seeds a WABA with N numbers, its 360dialog client and channels (partner change, port-out). */
export const SeedWabaSchema = z.object({
  wabaId: z.string().min(1).optional(),
  metaBusinessId: z.string().min(1).default(DEFAULT_BUSINESS_ID),
  numbers: z.array(z.string().regex(/^\+\d{8,15}$/)).min(1).optional(),
  count: z.number().int().min(1).max(50).default(2),
  partnerId: z.string().min(1).optional(),
  ownership: z.enum(['owned', 'shared']).default('owned'),
  companyInfoComplete: z.boolean().default(true),
  hasPaymentMethod: z.boolean().default(true),
  channelStatus: z.enum(['pending', 'submitted', 'running', 'live']).default('running'),
  twoFaEnabled: z.boolean().default(true),
});
export type SeedWaba = z.infer<typeof SeedWabaSchema>;

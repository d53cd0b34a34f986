/**
 * What can be scripted per phone number. An unscripted number gets `DEFAULT_SCENARIO`: the happy
 * path (MoB accepted, 2FA off, On-Premise number on a verified business's approved WABA, codes
 * delivered at once, setup finished right after verification).
 */
import { z } from 'zod';

/** The Meta business that owns every WABA nobody scripted (test fixtures use it). */
export const DEFAULT_BUSINESS_ID = '1234567890';

const scenarioFields = {
  /** Source WABA of the number (default `waba-<digits of the number>`). */
  wabaId: z.string().min(1).optional(),
  /** Meta business owning that WABA; submitting another business ID is "need to represent the same business". */
  metaBusinessId: z.string().min(1),
  businessVerification: z.enum(['verified', 'pending', 'not_verified']),
  wabaReviewStatus: z.enum(['APPROVED', 'PENDING', 'REJECTED']),
  sandbox: z.boolean(),
  wabaOwnership: z.enum(['owned', 'shared']),
  /** Number already on Meta's Cloud API (platform_type CLOUD_API) instead of On-Premise. */
  onCloudApi: z.boolean(),
  /** How the live WhatsApp profile shows the number (Brazil: with or without the extra 9); null = the number itself. */
  liveProfileNumber: z
    .string()
    .regex(/^\+\d{8,15}$/)
    .nullable(),
  twoFaEnabled: z.boolean(),
  mobAccepted: z.boolean(),
  /** Where a pending MoB shows: 'status' (porting request mob_status pending) or 'submit' (submission error). */
  mobGate: z.enum(['status', 'submit']),
  /** Documented port-in outcomes that are properties of the number. */
  portInOutcome: z.enum(['ok', 'eligible-direct', 'already-moved']),
  /** "Something went wrong when trying to migrate" this many times, then success. */
  somethingWentWrongTimes: z.number().int().min(0),
  smsDelivery: z.enum(['delivered', 'never']),
  voiceDelivery: z.enum(['delivered', 'never']),
  codeDeliveryDelayMs: z.number().int().min(0),
  codeValidityMs: z.number().int().positive(),
  /** Wrong codes accepted before Meta locks verification (131031). */
  maxWrongCodes: z.number().int().positive(),
  /** Channel setup after a successful verify: ms until `running`, or 'manual' (control endpoint). */
  setupMs: z.union([z.number().int().min(0), z.literal('manual')]),
};

export type Scenario = z.infer<z.ZodObject<typeof scenarioFields>>;
/** A partial scenario as the control API takes it: no defaults, so only the given keys change. */
export const ScenarioPatchSchema = z.object(scenarioFields).partial().strict();
export type ScenarioPatch = z.infer<typeof ScenarioPatchSchema>;

export const DEFAULT_SCENARIO: Scenario = {
  metaBusinessId: DEFAULT_BUSINESS_ID,
  businessVerification: 'verified',
  wabaReviewStatus: 'APPROVED',
  sandbox: false,
  wabaOwnership: 'owned',
  onCloudApi: false,
  liveProfileNumber: null,
  twoFaEnabled: false,
  mobAccepted: true,
  mobGate: 'status',
  portInOutcome: 'ok',
  somethingWentWrongTimes: 0,
  smsDelivery: 'delivered',
  voiceDelivery: 'delivered',
  codeDeliveryDelayMs: 0,
  codeValidityMs: 10 * 60_000,
  maxWrongCodes: 10,
  setupMs: 0,
};

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
export const PartnerSettingsPatchSchema = z
  .object({
    autoApprove: z.boolean(),
    requiresPaymentMethod: z.boolean(),
    paymentProcessor: z.string().min(1),
    processingMs: z.number().int().min(0),
  })
  .partial()
  .strict();

/** Seeds a WABA with N numbers, its 360dialog client and channels (partner change, port-out). */
/** `PUT /_sim/wabas/{id}/balance`: the client's funds and unpaid invoices. */
export const BalancePatchSchema = z
  .object({
    balance: z.number().finite(),
    currency: z.string().regex(/^[A-Z]{3}$/),
    unpaidInvoices: z.number().int().min(0),
  })
  .partial()
  .strict();

export const SeedWabaSchema = z.object({
  wabaId: z.string().min(1).optional(),
  metaBusinessId: z.string().min(1).default(DEFAULT_BUSINESS_ID),
  numbers: z
    .array(z.string().regex(/^\+\d{8,15}$/))
    .min(1)
    .optional(),
  count: z.number().int().min(1).max(50).default(2),
  partnerId: z.string().min(1).optional(),
  ownership: z.enum(['owned', 'shared']).default('owned'),
  companyInfoComplete: z.boolean().default(true),
  hasPaymentMethod: z.boolean().default(true),
  channelStatus: z.enum(['pending', 'submitted', 'running', 'live']).default('running'),
  twoFaEnabled: z.boolean().default(true),
});
export type SeedWaba = z.infer<typeof SeedWabaSchema>;

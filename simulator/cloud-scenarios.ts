/**
 * What the control API scripts for Cloud-API migrations: a number as a cloud source (in another
 * BSP's WABA, with its 2FA, display-name status, storage region and templates), a destination WABA
 * (our app subscribed, credit line shared, business, approved), and Meta's clock. Patches: only the
 * given keys change; unknown keys are a 400.
 */
import { z } from 'zod';

const templateStatus = z.enum(['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED']);

export const TemplateSeedSchema = z
  .object({
    name: z.string().min(1),
    language: z.string().min(2).default('en_US'),
    category: z.string().min(1).default('UTILITY'),
    status: templateStatus.default('APPROVED'),
    quality: z.enum(['GREEN', 'YELLOW', 'RED', 'UNKNOWN']).default('GREEN'),
    /** Migrating it fails with this reason ("Incorrect category", "Formatting error - dangling parameter"). */
    failReason: z.string().min(1).optional(),
    /** Its copies change to `status` this long after they were made (Meta's clock). */
    laterStatus: z
      .object({ status: templateStatus, afterMs: z.number().int().min(0) })
      .strict()
      .optional(),
  })
  .strict();
export type TemplateSeed = z.infer<typeof TemplateSeedSchema>;

export const CloudSourcePatchSchema = z
  .object({
    /** The other BSP's WABA the number sits in (default `cloud-src-<digits>`). */
    sourceWabaId: z.string().min(1),
    /** The Meta business owning that WABA (default the simulator's default business). */
    businessId: z.string().min(1),
    twoFactorEnabled: z.boolean(),
    nameStatus: z.enum(['APPROVED', 'PENDING_REVIEW', 'DECLINED', 'NONE']),
    /** The source stores data in this region: register fails with 100 until the destination sets it. */
    dataLocalizationRegion: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .nullable(),
    /** The source WABA's templates (replaces the set; IDs are assigned and shown in the answer). */
    templates: z.array(TemplateSeedSchema).max(5_000),
  })
  .partial()
  .strict();
export type CloudSourcePatch = z.infer<typeof CloudSourcePatchSchema>;

export const CloudWabaPatchSchema = z
  .object({
    businessId: z.string().min(1),
    appSubscribed: z.boolean(),
    creditLineShared: z.boolean(),
    /** WABA review (and business verification) approved. */
    approved: z.boolean(),
    templateLimit: z.number().int().min(0).max(100_000),
  })
  .partial()
  .strict();
export type CloudWabaPatch = z.infer<typeof CloudWabaPatchSchema>;

/** `POST /_sim/cloud/embedded-signup`: the owner finishes Meta's popup for this number and WABA. */
export const EmbeddedSignupSchema = z
  .object({
    e164: z.string().regex(/^\+?\d{6,15}$/),
    wabaId: z.string().min(1),
    accountModel: z.enum(['classic', 'new']).default('classic'),
  })
  .strict();

export const ClockAdvanceSchema = z.object({ advanceMs: z.number().int().min(0) }).strict();

/** zod schemas of the partner-change inputs (re-exported by contracts/schemas.ts). */
import { z } from 'zod';
import { durationOrMs, httpUrl, identifier, phoneNumberSchema } from './schema-parts';

/** Partner change: a WABA moves to another integration Partner inside 360dialog. */
export const partnerChangeTimingsSchema = z
  .strictObject({
    confirmEscalateAfter: durationOrMs,
    confirmDeadline: durationOrMs,
    accountEscalateAfter: durationOrMs,
    accountDeadline: durationOrMs,
    approvalEscalateAfter: durationOrMs,
    approvalDeadline: durationOrMs,
    permissionsEscalateAfter: durationOrMs,
    permissionsDeadline: durationOrMs,
    remindEvery: durationOrMs,
    pollEvery: durationOrMs,
  })
  .partial();

export const startPartnerChangeSchema = z.strictObject({
  wabaId: identifier.describe('the WABA that moves, with all its numbers'),
  destinationPartnerId: z.string().regex(/^[A-Za-z0-9]{1,40}PA$/, 'expected a 360dialog Partner ID ending in PA'),
  callbackUrl: httpUrl.optional(),
  timings: partnerChangeTimingsSchema.optional(),
});
export type StartPartnerChangeRequest = z.input<typeof startPartnerChangeSchema>;

const EITHER = 'send either { channelIds: [...] } or { phoneNumbers: [...] }';

/**
 * Numbers by channel ID or by phone number (exactly one list; phone numbers normalised to E.164).
 * One object with two optional lists rather than a union, so a bad item is reported as itself
 * (`phoneNumbers[2]: ...`) instead of as "matches neither shape"; `oneOf` tells the document's
 * readers that exactly one list is sent.
 */
export const numberSelectionSchema = z
  .strictObject({
    channelIds: z.array(identifier).min(1).max(500).optional(),
    phoneNumbers: z
      .array(phoneNumberSchema.transform((p) => p.e164))
      .min(1)
      .max(500)
      .optional(),
  })
  .superRefine((v, ctx) => {
    const lists = Number(v.channelIds !== undefined) + Number(v.phoneNumbers !== undefined);
    if (lists !== 1) ctx.addIssue({ code: 'custom', message: lists ? `${EITHER}, not both` : EITHER });
  })
  .meta({ oneOf: [{ required: ['channelIds'] }, { required: ['phoneNumbers'] }] });
export type NumberSelectionRequest = { channelIds: string[] } | { phoneNumbers: string[] };

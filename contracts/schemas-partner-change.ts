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

/** Numbers by channel ID or by phone number (exactly one list; phone numbers normalised to E.164). */
export const numberSelectionSchema = z.union(
  [
    z.strictObject({ channelIds: z.array(identifier).min(1).max(500) }),
    z.strictObject({
      phoneNumbers: z
        .array(phoneNumberSchema.transform((p) => p.e164))
        .min(1)
        .max(500),
    }),
  ],
  { error: 'send either { channelIds: [...] } or { phoneNumbers: [...] }' },
);
export type NumberSelectionRequest = z.input<typeof numberSelectionSchema>;

/** zod schemas of the port-out inputs (re-exported by contracts/schemas.ts). */
import { z } from 'zod';
import { durationOrMs, httpUrl, identifier, person, phoneNumberSchema } from './schema-parts';

/** Port-out: the number leaves 360dialog for another BSP. */
export const portOutTimingsSchema = z
  .strictObject({
    twoFaSla: durationOrMs,
    twoFaEscalateAfter: durationOrMs,
    twoFaDeadline: durationOrMs,
    invoicesEscalateAfter: durationOrMs,
    invoicesDeadline: durationOrMs,
    numberLeftEscalateAfter: durationOrMs,
    numberLeftDeadline: durationOrMs,
    confirmEscalateAfter: durationOrMs,
    confirmDeadline: durationOrMs,
    remindEvery: durationOrMs,
    pollEvery: durationOrMs,
  })
  .partial();

export const startPortOutSchema = z.strictObject({
  phoneNumber: phoneNumberSchema,
  wabaId: identifier.describe('the 360dialog WABA the number is on now'),
  callbackUrl: httpUrl.optional(),
  timings: portOutTimingsSchema.optional(),
});
export type StartPortOutRequest = z.input<typeof startPortOutSchema>;

/** Cancelling the subscription is irreversible: `confirm` must be literally true. */
export const confirmCancellationSchema = z.strictObject({
  confirm: z.literal(true, { error: 'cancelling is irreversible: send confirm: true' }),
  confirmedBy: person,
});
export type ConfirmCancellationRequest = z.input<typeof confirmCancellationSchema>;
export const declineCancellationSchema = z.strictObject({ declinedBy: person, reason: z.string().max(500).optional() });
export type DeclineCancellationRequest = z.input<typeof declineCancellationSchema>;

/** Building blocks shared by the input schemas (contracts/schemas*.ts). */
import { z } from 'zod';
import { durationSchema } from '../temporal.config';
import { InvalidPhoneNumberError, normalisePhoneNumber, type NormalisedPhoneNumber } from './phone-number';

/** A phone number as people write it, normalised to E.164; the Brazilian form is kept as given. */
export const phoneNumberSchema = z
  .string()
  .max(32)
  .describe('phone number with + and country code, e.g. +49 151 23456789')
  .transform((raw, ctx): NormalisedPhoneNumber => {
    try {
      return normalisePhoneNumber(raw);
    } catch (err) {
      if (!(err instanceof InvalidPhoneNumberError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: raw });
      return z.NEVER;
    }
  });

export const digits = (what: string) => z.string().regex(/^\d{5,20}$/, `${what} must be 5 to 20 digits`);
export const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2048);
export const durationOrMs = z.union([durationSchema, z.number().int().positive()]);

export const codeMethodSchema = z.enum(['SMS', 'VOICE']);

/** Who decides something irreversible (user ID or e-mail), recorded in the timeline. */
export const person = z.string().trim().min(1, 'name who decides (user ID or e-mail)').max(200);

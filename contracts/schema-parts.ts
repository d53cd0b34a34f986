/** Building blocks shared by the input schemas (contracts/schemas*.ts). */
import { z } from 'zod';
import { DURATION_PATTERN } from './durations';

export { PHONE_NUMBER_PATTERN, PHONE_QUERY_PATTERN, phoneNumberSchema } from './schemas-phone';

// ASCII classes throughout: a JSON Schema engine's `\d` may also match other scripts' digits.
export const digits = (what: string) => z.string().regex(/^[0-9]{5,20}$/, `${what} must be 5 to 20 digits`);
export const identifier = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'expected 1-64 letters, digits, _ or -');
export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2048);
/**
 * Durations as Temporal writes them: `90s`, `5m`, `1h`, `72h`, `1 hour` or plain milliseconds.
 * The strings DURATION_PATTERN reads, minus what a JSON Schema pattern cannot say the same way
 * (its `i` flag, white space other than spaces): so the document and the server agree exactly.
 */
const caseless = (word: string) => word.replace(/[a-z]/g, (c) => `[${c}${c.toUpperCase()}]`);
const UNITS = ['ms', 's', 'm', 'h', 'd', 'second(s)?', 'minute(s)?', 'hour(s)?', 'day(s)?'].map(caseless);
export const DURATION_DOC_PATTERN = `^[0-9]+(?:\\.[0-9]+)? *(?:${UNITS.join('|')})?$`;
export const durationSchema = z
  .string()
  .regex(new RegExp(DURATION_DOC_PATTERN), { error: 'expected a duration such as 90s, 5m, 1h', abort: true })
  .refine((v) => DURATION_PATTERN.test(v), 'expected a duration such as 90s, 5m, 1h');
export const durationOrMs = z.union([durationSchema, z.number().int().positive()]);

export const codeMethodSchema = z.enum(['SMS', 'VOICE']);

/** Who decides something irreversible (user ID or e-mail), recorded in the timeline. */
// Counted as sent, then trimmed (a trim before counting cannot be stated in the OpenAPI document).
export const person = z
  .string()
  .max(200)
  .regex(/[^ \t\r\n]/, 'name who decides (user ID or e-mail)')
  .transform((s) => s.trim());

/** Why something is cancelled (3-500 characters): counted as sent, then trimmed. */
export const reasonText = z
  .string()
  .min(3, 'give a reason of at least 3 characters')
  .max(500)
  .regex(/[^ \t\r\n]/, 'give a reason, not only white space')
  .transform((s) => s.trim());

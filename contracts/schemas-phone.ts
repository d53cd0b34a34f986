/**
 * The phone-number input and the pattern that describes it in the OpenAPI document. The pattern
 * states exactly what `normalisePhoneNumber` accepts (a known country code, no trunk 0, 8-15
 * digits, Brazil's area code and subscriber forms, spaces, brackets, dots and dashes anywhere), so
 * clients and schemathesis see the same rules the server applies. ASCII classes only: JSON Schema
 * patterns are read by engines whose `\d` and `\s` also match other scripts' digits and spaces.
 */
import { z } from 'zod';
import {
  COUNTRY_CODES,
  InvalidPhoneNumberError,
  normalisePhoneNumber,
  type NormalisedPhoneNumber,
} from './phone-number';

const SEP = '[ ().-]*';
const DIGIT = `${SEP}[0-9]`;
const times = (min: number, max: number) => `(?:${DIGIT}){${min},${max}}`;

/** A country code, then a national number without trunk 0, 8-15 digits in all. */
function countryBranch(cc: string): string {
  const [first, ...rest] = [...cc];
  const code = `${first}${rest.map((d) => `${SEP}${d}`).join('')}`;
  if (cc === '55') {
    // Area code 11-99 without a 0, then 8 digits, or 9 digits starting with the mobile 9.
    return `${code}${SEP}[1-9]${SEP}[1-9](?:${SEP}9${times(8, 8)}|${times(8, 8)})`;
  }
  return `${code}${SEP}[1-9]${times(7 - cc.length, 14 - cc.length)}`;
}

// The codes are prefix-free, so the alternation is exact whatever the order.
const NUMBER = `(?:${COUNTRY_CODES.map(countryBranch).join('|')})${SEP} *$`;
export const PHONE_NUMBER_PATTERN = `^ *(?:\\+|00)${SEP}${NUMBER}`;
/** In a query string an unencoded `+` arrives as a space: ` 4915...` reads as `+4915...`. */
export const PHONE_QUERY_PATTERN = `^(?: *(?:\\+|00)${SEP}| )${NUMBER}`;
const phonePattern = new RegExp(PHONE_NUMBER_PATTERN);

/** A phone number as people write it, normalised to E.164; the Brazilian form is kept as given. */
export const phoneNumberSchema = z
  .string()
  .max(32)
  .meta({ pattern: PHONE_NUMBER_PATTERN })
  .describe('phone number with + (or 00) and country code, e.g. +49 151 23456789')
  .transform((raw, ctx): NormalisedPhoneNumber => {
    try {
      const parsed = normalisePhoneNumber(raw);
      // The specific reasons come from the parser; the pattern only adds "no tabs, no line breaks".
      if (!phonePattern.test(raw))
        throw new InvalidPhoneNumberError(
          `phone number "${raw}" may contain only digits, spaces, ( ) . - and a leading +`,
        );
      return parsed;
    } catch (err) {
      if (!(err instanceof InvalidPhoneNumberError)) throw err;
      ctx.issues.push({ code: 'custom', message: err.message, input: raw });
      return z.NEVER;
    }
  });

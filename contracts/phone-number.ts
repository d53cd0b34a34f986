/**
 * Phone numbers are validated and normalised to E.164 at the edge. For Brazil the exact form of the
 * live WhatsApp profile (with or without the extra mobile 9) is kept beside the canonical number,
 * because 360dialog requires the migration request to match the live profile exactly.
 *
 * Plain TypeScript (no zod, no Node built-ins): the workflow bundle may import it.
 */

/** A phone number split the way the migration APIs take it: country code + national number, no `+`. */
export interface PhoneNumberParts {
  /** Canonical E.164, e.g. `+5511987654321`. */
  e164: string;
  /** Country calling code without `+`, e.g. `55`. */
  cc: string;
  /** National number exactly as the live WhatsApp profile shows it (Brazil: with or without the extra 9). */
  national: string;
}

/** Country calling codes we accept, longest first so `1` does not shadow `1xxx`-style prefixes. */
export const COUNTRY_CODES = [
  '971',
  '966',
  '965',
  '974',
  '973',
  '968',
  '972',
  '962',
  '961',
  '880',
  '852',
  '351',
  '353',
  '358',
  '420',
  '421',
  '380',
  '234',
  '254',
  '233',
  '212',
  '216',
  '213',
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
  '7',
  '1',
];

export class InvalidPhoneNumberError extends Error {
  override name = 'InvalidPhoneNumberError' as const;
}

export interface NormalisedPhoneNumber extends PhoneNumberParts {
  /** True for Brazilian mobiles where the live profile omits the extra 9. */
  brazilWithoutNine: boolean;
}

/**
 * Parses a number given with a leading `+` (or `00`) and country code. Spaces, dashes, dots and
 * parentheses are ignored. Throws `InvalidPhoneNumberError` with a specific reason.
 */
export function normalisePhoneNumber(raw: string): NormalisedPhoneNumber {
  const trimmed = raw.trim();
  if (!/^(\+|00)?[\d\s().-]+$/.test(trimmed)) {
    throw new InvalidPhoneNumberError(`phone number "${raw}" may contain only digits, spaces, ( ) . - and a leading +`);
  }
  if (!trimmed.startsWith('+') && !trimmed.startsWith('00')) {
    throw new InvalidPhoneNumberError(`phone number "${raw}" must start with + and the country code`);
  }
  const digits = trimmed.replace(/^00/, '').replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15) {
    throw new InvalidPhoneNumberError(`phone number "${raw}" must have 8 to 15 digits including the country code`);
  }
  const cc = COUNTRY_CODES.find((c) => digits.startsWith(c));
  if (!cc) throw new InvalidPhoneNumberError(`phone number "${raw}" has an unknown country code`);
  const national = digits.slice(cc.length);
  if (national.startsWith('0')) {
    throw new InvalidPhoneNumberError(`phone number "${raw}": drop the trunk prefix 0 after the country code`);
  }
  let brazilWithoutNine = false;
  if (cc === '55') brazilWithoutNine = validateBrazilian(raw, national);
  return { e164: `+${digits}`, cc, national, brazilWithoutNine };
}

/**
 * Brazil: 2-digit area code (DDD 11-99) then 8 digits (landline or old mobile form) or 9 digits
 * starting with 9 (mobile with the extra 9). Both forms are valid; which one is right is decided by
 * the live profile, so we keep the form as given.
 */
function validateBrazilian(raw: string, national: string): boolean {
  const ddd = Number(national.slice(0, 2));
  const subscriber = national.slice(2);
  if (ddd < 11 || ddd > 99 || national[1] === '0') {
    throw new InvalidPhoneNumberError(
      `Brazilian number "${raw}" has an invalid area code (DDD) ${national.slice(0, 2)}`,
    );
  }
  if (subscriber.length === 9) {
    if (!subscriber.startsWith('9')) {
      throw new InvalidPhoneNumberError(`Brazilian number "${raw}": a 9-digit subscriber number must start with 9`);
    }
    return false;
  }
  if (subscriber.length === 8) return /^[6-9]/.test(subscriber);
  throw new InvalidPhoneNumberError(
    `Brazilian number "${raw}" must have a 2-digit area code and 8 or 9 subscriber digits (with or without the extra 9)`,
  );
}

/** The other Brazilian form of a mobile number (adds or removes the extra 9), for profile comparison. */
export function brazilAlternateForm(e164: string): string | undefined {
  const m = /^\+55(\d{2})(9?)(\d{8})$/.exec(e164);
  if (!m) return undefined;
  const [, ddd, nine, rest] = m;
  return nine ? `+55${ddd}${rest}` : `+55${ddd}9${rest}`;
}

/** Both spellings of a Brazilian mobile (with and without the extra 9); one form otherwise. */
export function phoneForms(e164: string): string[] {
  const other = brazilAlternateForm(e164);
  return other ? [e164, other] : [e164];
}

/** Digits only, for comparing what Meta displays (`+55 11 98765-4321`) with our E.164. */
export function digitsOf(display: string): string {
  return display.replace(/\D/g, '');
}

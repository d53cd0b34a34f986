/** Phone numbers are validated and normalised to E.164 at the edge, with specific errors. */
import {
  brazilAlternateForm,
  digitsOf,
  InvalidPhoneNumberError,
  normalisePhoneNumber,
  phoneForms,
} from '../../../contracts/phone-number';

test.each([
  ['+49 151 2345 6789', '+4915123456789', '49', '15123456789'],
  ['0049 (151) 2345-6789', '+4915123456789', '49', '15123456789'],
  ['+1 415 555 0100', '+14155550100', '1', '4155550100'],
  ['+55 11 98765-4321', '+5511987654321', '55', '11987654321'],
])('%s -> %s', (raw, e164, cc, national) => {
  expect(normalisePhoneNumber(raw)).toMatchObject({ e164, cc, national });
});

test('Brazil keeps the live-profile form, with or without the extra 9', () => {
  expect(normalisePhoneNumber('+55 31 9876-5432')).toMatchObject({ e164: '+553198765432', brazilWithoutNine: true });
  expect(normalisePhoneNumber('+55 31 9 9876-5432')).toMatchObject({
    e164: '+5531998765432',
    brazilWithoutNine: false,
  });
  expect(brazilAlternateForm('+553198765432')).toBe('+5531998765432');
  expect(brazilAlternateForm('+5531998765432')).toBe('+553198765432');
});

test.each([
  ['4915123456789', /must start with \+/],
  ['+49 151 abc', /may contain only digits/],
  ['+12345', /8 to 15 digits/],
  ['+491234567890123456', /8 to 15 digits/],
  ['+49 0151 23456789', /trunk prefix 0/],
  ['+55 10 98765 4321', /area code/],
  ['+55 11 88765 43210', /8 or 9 subscriber digits|must start with 9/],
  ['+55 11 8765 43210', /must start with 9/],
])('rejects %s with a specific reason', (raw, reason) => {
  expect(() => normalisePhoneNumber(raw)).toThrow(InvalidPhoneNumberError);
  expect(() => normalisePhoneNumber(raw)).toThrow(reason);
});

test('both spellings of a Brazilian mobile are searched for, one form otherwise', () => {
  expect(phoneForms('+5511987654321')).toEqual(['+5511987654321', '+551187654321']);
  expect(phoneForms('+4915123456789')).toEqual(['+4915123456789']);
  expect(brazilAlternateForm('+551133334444')).toBe('+5511933334444'); // any 8-digit form has a 9-form
  expect(brazilAlternateForm('+4915123456789')).toBeUndefined();
  expect(digitsOf('+55 (11) 98765-4321')).toBe('5511987654321');
});

test('a Brazilian landline (8 digits from 2 to 5) is valid and not a mobile without the 9', () => {
  expect(normalisePhoneNumber('+55 11 3333-4444')).toMatchObject({ e164: '+551133334444', brazilWithoutNine: false });
});

test('an unknown country code is named as such', () => {
  expect(() => normalisePhoneNumber('+999 1234 5678')).toThrow(/unknown country code/);
});

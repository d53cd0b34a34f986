/**
 * Deterministic migration IDs (= Temporal workflow IDs): one migration per number or WABA at a
 * time, and a repeated start finds the one already running.
 */
import { brazilAlternateForm, type NormalisedPhoneNumber } from '../contracts/phone-number';
import type { MigrationKind } from '../contracts/migration';

/**
 * The number a migration is keyed by. A Brazilian mobile may be given without the extra 9 (as its
 * live profile shows it); the key always uses the 9-digit form, so both spellings of one number
 * map to the same migration, while the workflow input keeps the form as given.
 */
export function canonicalE164(phone: Pick<NormalisedPhoneNumber, 'e164' | 'brazilWithoutNine'>): string {
  return phone.brazilWithoutNine ? (brazilAlternateForm(phone.e164) ?? phone.e164) : phone.e164;
}

export function portInMigrationId(phone: Pick<NormalisedPhoneNumber, 'e164' | 'brazilWithoutNine'>): string {
  return `port-in:${canonicalE164(phone)}`;
}

export function portOutMigrationId(phone: Pick<NormalisedPhoneNumber, 'e164' | 'brazilWithoutNine'>): string {
  return `port-out:${canonicalE164(phone)}`;
}

export function partnerChangeMigrationId(wabaId: string): string {
  return `partner-change:${wabaId}`;
}

export function kindOf(migrationId: string): MigrationKind | undefined {
  const kind = migrationId.slice(0, migrationId.indexOf(':'));
  return kind === 'port-in' || kind === 'port-out' || kind === 'partner-change' ? kind : undefined;
}

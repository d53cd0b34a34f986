/**
 * Typed search attributes: what ops filter on in the Web UI and CLI. Values are never encoded, so
 * they hold no secrets (the phone number is an identifier, not a secret; PINs and keys never go here).
 * The dev-server launcher and the test harness register exactly this list.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const MigrationKindKey = defineSearchAttributeKey('MigrationKind', SearchAttributeType.KEYWORD);
export const MigrationStepKey = defineSearchAttributeKey('MigrationStep', SearchAttributeType.KEYWORD);
export const MigrationOutcomeKey = defineSearchAttributeKey('MigrationOutcome', SearchAttributeType.KEYWORD);
export const PhoneNumberKey = defineSearchAttributeKey('PhoneNumber', SearchAttributeType.KEYWORD);
export const WabaIdKey = defineSearchAttributeKey('WabaId', SearchAttributeType.KEYWORD);
export const PartnerIdKey = defineSearchAttributeKey('PartnerId', SearchAttributeType.KEYWORD);
export const EscalatedKey = defineSearchAttributeKey('Escalated', SearchAttributeType.BOOL);
export const WaitingSinceKey = defineSearchAttributeKey('WaitingSince', SearchAttributeType.DATETIME);
export const TicketIdsKey = defineSearchAttributeKey('TicketIds', SearchAttributeType.KEYWORD_LIST);
/** Port-in only: `cloud-api` or `on-premise` (set at start by the client). */
export const MigrationPathKey = defineSearchAttributeKey('MigrationPath', SearchAttributeType.KEYWORD);
/** Set on a batch's items (and the batch itself): `BatchId = "<batchId>"` lists them in the Web UI. */
export const BatchIdKey = defineSearchAttributeKey('BatchId', SearchAttributeType.KEYWORD);

export const ALL_SEARCH_ATTRIBUTES = [
  MigrationKindKey,
  MigrationStepKey,
  MigrationOutcomeKey,
  PhoneNumberKey,
  WabaIdKey,
  PartnerIdKey,
  EscalatedKey,
  WaitingSinceKey,
  TicketIdsKey,
  MigrationPathKey,
  BatchIdKey,
] as const;

const CLI_TYPE_NAMES: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.BOOL]: 'Bool',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.KEYWORD_LIST]: 'KeywordList',
  [SearchAttributeType.INT]: 'Int',
  [SearchAttributeType.TEXT]: 'Text',
  [SearchAttributeType.DOUBLE]: 'Double',
};

/** `--search-attribute Name=Type` flags for `temporal server start-dev`. */
export function devServerSearchAttributeFlags(): string[] {
  return ALL_SEARCH_ATTRIBUTES.flatMap((k) => ['--search-attribute', `${k.name}=${CLI_TYPE_NAMES[k.type]}`]);
}

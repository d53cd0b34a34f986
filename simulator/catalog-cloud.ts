/**
 * Meta's Cloud-API migration errors as the simulator serves them (../shared/docs/cloud-migration.md
 * §2, §8; texts after Meta's Business Management API error table), also as `meta.<key>` presets of
 * `POST /_sim/errors`. Data only: catalog.ts merges them into its Graph table.
 */

/** Our Meta app as the simulated `/oauth/access_token` knows it (client_id / client_secret). */
export const SIM_META_APP = { id: 'sim-meta-app-id', secret: 'sim-meta-app-secret' } as const;

export const CLOUD_TEXT = {
  twoFa: 'Two-step authentication must be disabled for this phone number.',
  notMigrating:
    'The phone number is not being migrated: it is not registered on another WhatsApp Business account. Add and register it directly instead.',
  webhooks: 'Webhooks have not been set up for the destination WhatsApp Business account.',
  addDirectly: 'This phone number is eligible to be added directly, and does not need to use phone migration APIs.',
  name: 'Registered name should be present and approved: the display name is not approved or a change is pending.',
  source:
    'The source WhatsApp Business account is not set up correctly: its legacy On-Behalf-Of (messaging on behalf of) request is not approved.',
  payment: 'The destination WhatsApp Business account does not have a payment account.',
  generic: 'There was an error migrating the phone number. Please try again later.',
  business:
    'The phone number belongs to a different Business Manager account than the destination WhatsApp Business account.',
  destination: 'The destination WhatsApp Business account is not approved.',
  messagingFor: 'The Messaging For request of the destination WhatsApp Business account has not been approved.',
  templatesBusiness:
    'Templates can only be migrated between WhatsApp Business accounts owned by the same Meta business.',
  alreadyVerified: 'The phone number is already verified.',
  localization: (region: string) => `Expected data localization region: '${region}'`,
} as const;

/** [HTTP status, code, message, subcode?, details?, error_user_msg?] */
export type GraphTuple = [number, number, string, number?, string?, string?];

const migrationError = (text: string): GraphTuple => [400, 100, 'Phone number migration error', 2388103, text, text];

export const CLOUD_GRAPH: Record<string, GraphTuple> = {
  '2388001': [400, 100, CLOUD_TEXT.twoFa, 2388001, undefined, CLOUD_TEXT.twoFa],
  '2388091-not-migrating': [
    400,
    100,
    'Phone number is not eligible for migration',
    2388091,
    CLOUD_TEXT.notMigrating,
    CLOUD_TEXT.notMigrating,
  ],
  '2388103-webhooks': migrationError(CLOUD_TEXT.webhooks),
  '2388103-add-directly': migrationError(CLOUD_TEXT.addDirectly),
  '2388103-name': migrationError(CLOUD_TEXT.name),
  '2388103-source': migrationError(CLOUD_TEXT.source),
  '2388103-payment': migrationError(CLOUD_TEXT.payment),
  '2388103-generic': migrationError(CLOUD_TEXT.generic),
  '2388103-business': migrationError(CLOUD_TEXT.business),
  '2388103-destination': migrationError(CLOUD_TEXT.destination),
  '2388103-messaging-for': migrationError(CLOUD_TEXT.messagingFor),
  '133000': [
    400,
    133000,
    'Incomplete deregistration',
    undefined,
    'A previous deregistration attempt failed. Deregister the number again before registering it.',
  ],
  '2494100': [
    400,
    2494100,
    'Phone number is in maintenance mode',
    undefined,
    'The phone number is undergoing maintenance. Try again in a few minutes.',
  ],
  '131057': [400, 131057, 'Account in maintenance mode', undefined, 'Business Account is in maintenance mode.'],
  '136024-already-verified': [400, 136024, 'Request code error', 2388366, CLOUD_TEXT.alreadyVerified],
  '136024-wait': [
    400,
    136024,
    'Request code error',
    2388367,
    'Too many code requests for this phone number. Wait 1 hour before requesting a new code.',
  ],
  '100-localization': [400, 100, `(#100) ${CLOUD_TEXT.localization('IN')}`],
};

/** The text of `npm run ops -- help` (docs/ops.md has the same commands as tested recipes). */
export const HELP = `npm run ops -- <command> [arguments] [--json]

Reading
  status <migrationId>                      step, what it waits for, escalation, tickets
  list [--kind K] [--escalated] [--running] [--step S] [--phone +E164] [--waba ID] [--limit N]
  number <+E164>                            who holds the number now, register calls left, past migrations
  waba <wabaId>                             who holds the WABA now, past migrations

Acting (each says what it did, or fails without acting)
  submit-pin <migrationId>                  reads the PIN from a prompt (not shown) or stdin, never argv
  resend-code <migrationId> [--method SMS|VOICE]
  confirm-cancellation <migrationId> --by <person>    irreversible: cancels the 360dialog subscription
  decline-cancellation <migrationId> --by <person> [--reason R]
  event <migrationId> <mobAccepted|twoFactorDisabled|numberLeft|companyInfoCompleted|paymentMethodAdded>
  cancel <migrationId> --reason R           the migration ends with outcome "cancelled"

Exit codes
  0  it acted (the line says what happened)
  1  refused or failed: what was asked for did not happen (the line gives the reason)
  2  invalid arguments or settings: nothing was sent
  3  unknown whether it acted (Temporal did not answer in time): check with status before retrying
  4  submit-pin: the PIN was checked and not accepted (wrong, expired, locked); the attempt counted

Settings are those of the API (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, PAYLOAD_ENCRYPTION_KEYS, ...).`;

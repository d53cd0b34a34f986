/**
 * The typed migrations client for TypeScript backends (the HTTP API is built on it too):
 *
 *   const migrations = createMigrationsClient({ client: await createTemporalClient(config), config });
 *   const { migrationId, created } = await migrations.startPortIn({ phoneNumber: '+49 151 2345678', ... });
 *   await migrations.submitPin(migrationId, { pin: '123456' });
 *
 * Every input is parsed with the zod schemas of contracts/schemas.ts before anything reaches
 * Temporal; every failure is one of the errors in client/errors.ts.
 */
import type {
  BatchCommandRequest,
  CancelBatchRequest,
  CancelRequest,
  ListBatchItemsRequest,
  StartBatchRequest,
  ConfirmCancellationRequest,
  CorrectBusinessIdRequest,
  DeclineCancellationRequest,
  EmbeddedSignupRequest,
  ListMigrationsRequest,
  MigrationEvent,
  NumberSelectionRequest,
  ResendCodeRequest,
  StartPartnerChangeRequest,
  StartPortInRequest,
  StartPortOutRequest,
  SubmitPinRequest,
} from '../contracts/schemas';
import { cancelBatch, getBatch, listBatchItems, pauseBatch, resumeBatch, retryBatch } from './batches';
import { cancelMigration } from './cancel';
import type { ClientDeps } from './context';
import { correctBusinessId } from './correct-business-id';
import { describeMigration } from './describe';
import { describeNumber, describeWaba } from './describe-entity';
import { fetchApiKey } from './fetch-api-key';
import { getMigration, getStatus } from './get-status';
import { listMigrations } from './list-migrations';
import { confirmNumbers, getPartnerChange, selectNumbersForPermissions } from './partner-change-numbers';
import { confirmSubscriptionCancellation, declineSubscriptionCancellation } from './port-out-decisions';
import { reportEmbeddedSignup } from './report-embedded-signup';
import { resendCode } from './resend-code';
import type { UpdateOptions } from './run-update';
import { sendEvent, type EventSource } from './send-event';
import { startBatch } from './start-batch';
import { startPartnerChange } from './start-partner-change';
import { startPortIn } from './start-port-in';
import { startPortOut } from './start-port-out';
import { submitPin } from './submit-pin';

export function createMigrationsClient(deps: ClientDeps) {
  return {
    // Any kind
    getStatus: (migrationId: string) => getStatus(deps, migrationId),
    getMigration: (migrationId: string) => getMigration(deps, migrationId),
    describe: (migrationId: string) => describeMigration(deps, migrationId),
    listMigrations: (request?: ListMigrationsRequest) => listMigrations(deps, request),
    sendEvent: (migrationId: string, event: MigrationEvent, source?: EventSource) =>
      sendEvent(deps, migrationId, event, source),
    cancel: (migrationId: string, request: CancelRequest) => cancelMigration(deps, migrationId, request),
    // Numbers and WABAs (entities): who holds them, their past, a number's register budget
    describeNumber: (e164: string) => describeNumber(deps, e164),
    describeWaba: (wabaId: string) => describeWaba(deps, wabaId),
    // Port-in
    startPortIn: (request: StartPortInRequest) => startPortIn(deps, request),
    submitPin: (migrationId: string, request: SubmitPinRequest, opts?: UpdateOptions) =>
      submitPin(deps, migrationId, request, opts),
    resendCode: (migrationId: string, request?: ResendCodeRequest, opts?: UpdateOptions) =>
      resendCode(deps, migrationId, request, opts),
    correctBusinessId: (migrationId: string, request: CorrectBusinessIdRequest, opts?: UpdateOptions) =>
      correctBusinessId(deps, migrationId, request, opts),
    reportEmbeddedSignup: (migrationId: string, request: EmbeddedSignupRequest, opts?: UpdateOptions) =>
      reportEmbeddedSignup(deps, migrationId, request, opts),
    fetchApiKey: (migrationId: string) => fetchApiKey(deps, migrationId),
    // Port-out
    startPortOut: (request: StartPortOutRequest) => startPortOut(deps, request),
    confirmSubscriptionCancellation: (migrationId: string, request: ConfirmCancellationRequest, opts?: UpdateOptions) =>
      confirmSubscriptionCancellation(deps, migrationId, request, opts),
    declineSubscriptionCancellation: (migrationId: string, request: DeclineCancellationRequest, opts?: UpdateOptions) =>
      declineSubscriptionCancellation(deps, migrationId, request, opts),
    // Partner change
    startPartnerChange: (request: StartPartnerChangeRequest) => startPartnerChange(deps, request),
    getPartnerChange: (migrationId: string) => getPartnerChange(deps, migrationId),
    confirmNumbers: (migrationId: string, request: NumberSelectionRequest, opts?: UpdateOptions) =>
      confirmNumbers(deps, migrationId, request, opts),
    selectNumbersForPermissions: (migrationId: string, request: NumberSelectionRequest, opts?: UpdateOptions) =>
      selectNumbersForPermissions(deps, migrationId, request, opts),
    // Batches: many port-ins and port-outs for one client, paced as one
    startBatch: (request: StartBatchRequest) => startBatch(deps, request),
    getBatch: (batchId: string) => getBatch(deps, batchId),
    listBatchItems: (batchId: string, request?: ListBatchItemsRequest) => listBatchItems(deps, batchId, request),
    pauseBatch: (batchId: string, request: BatchCommandRequest) => pauseBatch(deps, batchId, request),
    resumeBatch: (batchId: string, request: BatchCommandRequest) => resumeBatch(deps, batchId, request),
    cancelBatch: (batchId: string, request: CancelBatchRequest) => cancelBatch(deps, batchId, request),
    retryBatch: (batchId: string, request: BatchCommandRequest) => retryBatch(deps, batchId, request),
  };
}

export type MigrationsClient = ReturnType<typeof createMigrationsClient>;

export type { ClientConfig, ClientDeps } from './context';
export type { MigrationSummary, ExecutionStatus } from './describe';
export type { NumberEntityView, RegisterBudgetView, UnknownEntity, WabaEntityView } from './describe-entity';
export type { MigrationView } from './get-status';
export type { MigrationPage } from './list-migrations';
export type { StartMigrationResult } from './start-migration';
export type { InvalidBatchItem, StartBatchResult } from './start-batch';
export type { UpdateOptions } from './run-update';
export type { EventSource } from './send-event';
export {
  InvalidBatchItemsError,
  InvalidMigrationInputError,
  isMigrationClientError,
  MigrationClientError,
  MigrationConflictError,
  MigrationNotFoundError,
  MigrationServiceUnavailableError,
  UpdateRejectedError,
  type FieldIssue,
} from './errors';
export {
  canonicalE164,
  kindOf,
  partnerChangeMigrationId,
  portInMigrationId,
  portOutMigrationId,
} from './migration-ids';

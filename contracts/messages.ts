/**
 * Every signal, query and update, defined once at module scope: the workflows register handlers,
 * the client and the API send them. Names are the wire names seen in the Web UI and CLI.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type {
  BatchCancelReport,
  BatchItemReport,
  BatchItemsPage,
  BatchItemsQuery,
  BatchRetryReport,
  BatchStatus,
} from './batch';
import type {
  EntityState,
  EvictEndedHolder,
  LeaseAnswer,
  LeaseRelease,
  LeaseRequest,
  RegisterCallAnswer,
  RegisterCallRequest,
} from './entities';
import type { MigrationStatus } from './migration';
import type { EmbeddedSignupReport, EmbeddedSignupResult } from './port-in-cloud';
import type {
  ChannelStatusEvent,
  CorrectBusinessIdInput,
  ResendCodeInput,
  ResendCodeResult,
  SubmitPinInput,
  SubmitPinResult,
} from './port-in';
import type { ConfirmCancellationInput, DeclineCancellationInput, SubscriptionDecisionResult } from './port-out';
import type {
  ConfirmNumbersResult,
  NumberSelection,
  PartnerChangeDecisionEvent,
  PartnerChangeView,
  SelectNumbersResult,
} from './partner-change';

/** Status and timeline of any migration. Adds nothing to history. */
export const getStatusQuery = defineQuery<MigrationStatus>('getStatus');

// Facts from webhooks or operators: idempotent signals (a repeat changes nothing).
export interface FactSignal {
  /** `owner`: the number's owner, on the owner page. */
  source: 'webhook' | 'operator' | 'api' | 'owner';
  eventId?: string;
}
export const mobAcceptedSignal = defineSignal<[FactSignal]>('mobAccepted');
export const twoFactorDisabledSignal = defineSignal<[FactSignal]>('twoFactorDisabled');
export const channelStatusSignal = defineSignal<[ChannelStatusEvent]>('channelStatusChanged');

// Human input that needs an answer: updates with validators (a rejected update leaves no history).
export const submitPinUpdate = defineUpdate<SubmitPinResult, [SubmitPinInput]>('submitPin');
export const resendCodeUpdate = defineUpdate<ResendCodeResult, [ResendCodeInput]>('resendCode');
/** Cloud-API port-in, Embedded Signup: the client finished Meta's popup (contracts/port-in-cloud.ts). */
export const reportEmbeddedSignupUpdate = defineUpdate<EmbeddedSignupResult, [EmbeddedSignupReport]>(
  'reportEmbeddedSignup',
);
export const correctBusinessIdUpdate = defineUpdate<{ accepted: true }, [CorrectBusinessIdInput]>(
  'correctMetaBusinessId',
);

/**
 * The API key of a completed port-in. The query answers it sealed (plain from runs before 1.1.0);
 * the client's `fetchApiKey` unseals it for the requester.
 */
export interface ApiKeyView {
  apiKey: string;
  address: string;
  appId: string;
  keyId: string;
  /** Cloud-API port-in: the number's new two-step PIN (sealed in the workflow, plain from the client). */
  twoFactorPin?: string;
}
export const getApiKeyQuery = defineQuery<ApiKeyView | null>('getApiKey');

// ---------------------------------------------------------------------------------------------
// Port-out (also uses twoFactorDisabledSignal above)
// ---------------------------------------------------------------------------------------------

/** The number has left 360dialog (new BSP's confirmation, webhook or operator); the poll is the safety net. */
export const numberLeftSignal = defineSignal<[FactSignal]>('numberLeft');
/** The irreversible step: cancels the 360dialog subscription once the number has left. Never automatic. */
export const confirmSubscriptionCancellationUpdate = defineUpdate<
  SubscriptionDecisionResult,
  [ConfirmCancellationInput]
>('confirmSubscriptionCancellation');
/** Keeps the subscription and ends the port-out. */
export const declineSubscriptionCancellationUpdate = defineUpdate<
  SubscriptionDecisionResult,
  [DeclineCancellationInput]
>('declineSubscriptionCancellation');

// ---------------------------------------------------------------------------------------------
// Partner change
// ---------------------------------------------------------------------------------------------

/** The requester confirms the exact list of numbers that move (re-read at confirmation). */
export const confirmNumbersUpdate = defineUpdate<ConfirmNumbersResult, [NumberSelection]>('confirmNumbers');
/** The requester picks the moved numbers the new partner may manage (non-empty subset). */
export const selectNumbersForPermissionsUpdate = defineUpdate<SelectNumbersResult, [NumberSelection]>(
  'selectNumbersForPermissions',
);
export const companyInfoCompletedSignal = defineSignal<[FactSignal]>('companyInfoCompleted');
export const paymentMethodAddedSignal = defineSignal<[FactSignal]>('paymentMethodAdded');
/** The destination partner approved or rejected (webhook or operator); the PCR poll is the safety net. */
export const partnerChangeDecisionSignal = defineSignal<[PartnerChangeDecisionEvent]>('partnerChangeDecision');
/** The numbers under review, whether confirmed, the PCR and the permitted numbers. */
export const getPartnerChangeQuery = defineQuery<PartnerChangeView>('getPartnerChange');

// Entities (contracts/entities.ts): leases are updates (the answer says granted or who holds it);
// a holder's release is a signal, sent from its own end, that needs no answer.
export const acquireLeaseUpdate = defineUpdate<LeaseAnswer, [LeaseRequest]>('acquireLease');
export const releaseLeaseSignal = defineSignal<[LeaseRelease]>('releaseLease');
export const evictEndedHolderUpdate = defineUpdate<{ released: boolean }, [EvictEndedHolder]>('evictEndedHolder');
export const recordRegisterCallUpdate = defineUpdate<RegisterCallAnswer, [RegisterCallRequest]>('recordRegisterCall');
export const getEntityQuery = defineQuery<EntityState>('getEntity');

// Batches (contracts/batch.ts): members report their phase; ops pause, resume, cancel and retry.
export const batchItemReportSignal = defineSignal<[BatchItemReport]>('batchItemReport');
export const getBatchStatusQuery = defineQuery<BatchStatus>('getBatchStatus');
export const getBatchItemsQuery = defineQuery<BatchItemsPage, [BatchItemsQuery]>('getBatchItems');
export const pauseBatchUpdate = defineUpdate<BatchStatus, [{ by: string }]>('pauseBatch');
export const resumeBatchUpdate = defineUpdate<BatchStatus, [{ by: string }]>('resumeBatch');
export const cancelBatchUpdate = defineUpdate<BatchCancelReport, [{ by: string; reason: string }]>('cancelBatch');
export const retryBatchUpdate = defineUpdate<BatchRetryReport, [{ by: string }]>('retryFailedItems');

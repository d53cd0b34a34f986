/**
 * Every signal, query and update, defined once at module scope: the workflows register handlers,
 * the client and the API send them. Names are the wire names seen in the Web UI and CLI.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { MigrationStatus } from '../contracts/migration';
import type {
  ChannelStatusEvent,
  CorrectBusinessIdInput,
  ResendCodeInput,
  ResendCodeResult,
  SubmitPinInput,
  SubmitPinResult,
} from '../contracts/port-in';

/** Status and timeline of any migration. Adds nothing to history. */
export const getStatusQuery = defineQuery<MigrationStatus>('getStatus');

// Facts from webhooks or operators: idempotent signals (a repeat changes nothing).
export interface FactSignal {
  source: 'webhook' | 'operator' | 'api';
  eventId?: string;
}
export const mobAcceptedSignal = defineSignal<[FactSignal]>('mobAccepted');
export const twoFactorDisabledSignal = defineSignal<[FactSignal]>('twoFactorDisabled');
export const channelStatusSignal = defineSignal<[ChannelStatusEvent]>('channelStatusChanged');

// Human input that needs an answer: updates with validators (a rejected update leaves no history).
export const submitPinUpdate = defineUpdate<SubmitPinResult, [SubmitPinInput]>('submitPin');
export const resendCodeUpdate = defineUpdate<ResendCodeResult, [ResendCodeInput]>('resendCode');
export const correctBusinessIdUpdate = defineUpdate<{ accepted: true }, [CorrectBusinessIdInput]>('correctMetaBusinessId');

/** The API key of a completed port-in. Queries write no history; payloads pass the encryption codec. */
export interface ApiKeyView {
  apiKey: string;
  address: string;
  appId: string;
  keyId: string;
}
export const getApiKeyQuery = defineQuery<ApiKeyView | null>('getApiKey');

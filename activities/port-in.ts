/** Port-in activities: thin, typed calls of the outside-world ports, each one step of flow 1. */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { CODE_SEND_OUTCOME_UNKNOWN } from '../contracts/errors';
import { isSealed, type Sealed } from '../contracts/sealed';
import { isUpstreamError } from '../integrations/errors';
import type {
  ChannelApiKey,
  CodeMethod,
  CodeSendOutcome,
  SealedChannelApiKey,
  PortInInput,
  SubmitOutcome,
  SubmitPortInInput,
  VerifyOutcome,
  WaitingReason,
} from '../contracts/port-in';
import type { OutsideWorld } from '../integrations/ports';
import { SealedValueError, type SecretSealer } from '../secrets';
import { pollUntil } from './poll';
import { runPreflight } from './preflight';
import { runCloudPreflight } from './preflight-cloud';

export function createPortInActivities(world: OutsideWorld, sealer: SecretSealer) {
  return {
    runPreflight: (input: PortInInput) => runPreflight(world, input),
    runCloudPreflight: (input: PortInInput) => runCloudPreflight(world, input),

    /** Submits the porting request and turns the documented outcomes into data (transient ones throw and retry). */
    submitPortIn: (input: SubmitPortInInput) => submitPortIn(world, input),

    /**
     * The resubmission poller: while 360dialog keeps answering the same waiting condition
     * (`stillWaiting`), each attempt resubmits once and answers "not yet", retried by the server
     * with backoff (no history events per attempt); any other outcome is returned. The first
     * attempt only schedules the first check, so a resubmission never follows the last answer at once.
     */
    async resubmitPortInWhileWaiting(
      input: SubmitPortInInput & { stillWaiting: WaitingReason },
    ): Promise<SubmitOutcome> {
      const { stillWaiting, ...req } = input;
      return pollUntil({
        describe: `porting request accepted (360dialog: ${stillWaiting})`,
        check: async () => {
          if (Context.current().info.attempt === 1) return undefined;
          const outcome = await submitPortIn(world, req);
          return outcome.kind === 'waiting' && outcome.reason === stillWaiting ? undefined : outcome;
        },
      });
    },

    /** Checks (retried by the server until the deadline) whether the client accepted the Message-on-Behalf request. */
    async awaitMobAcceptance(input: { portingId: string }): Promise<void> {
      await pollUntil({
        describe: 'MoB acceptance',
        check: async () =>
          (await world.dialog360.getPortingStatus(input.portingId)).mobStatus === 'accepted' ? true : undefined,
      });
    },

    /** Checks (retried by the server until the deadline) whether Meta reports two-step verification off for the number. */
    async awaitTwoFactorDisabled(input: { wabaId: string; e164: string }): Promise<void> {
      await pollUntil({
        describe: '2FA disabled',
        check: async () => {
          const phone = await world.meta.findPhoneNumber(input.wabaId, input.e164);
          return phone && !phone.twoStepVerificationEnabled ? true : undefined;
        },
      });
    },

    /**
     * Sends a registration code. Every send costs and is rate limited, so only a definite error
     * answer (nothing was sent) may be retried; a timeout or lost answer (maybe sent) is final for
     * this send, and the requester decides about a resend.
     */
    async requestVerificationCode(input: {
      phoneNumberId: string;
      method: CodeMethod;
      language: string;
      idempotencyKey: string;
    }): Promise<CodeSendOutcome> {
      try {
        await world.meta.requestCode(input);
      } catch (err) {
        if (isUpstreamError(err) && err.reason === 'ALREADY_VERIFIED') return { status: 'already-verified' };
        if (isUpstreamError(err) && err.reason === 'CODE_REQUEST_REFUSED')
          return { status: 'refused', message: err.message, retryAfterMs: err.retryAfterMs };
        if (isUpstreamError(err) && (err.reason === 'TIMEOUT' || err.reason === 'NETWORK')) {
          throw ApplicationFailure.create({
            type: CODE_SEND_OUTCOME_UNKNOWN,
            message: err.message,
            nonRetryable: true,
          });
        }
        throw err;
      }
      return { status: 'sent', sentAt: new Date().toISOString() };
    },

    /**
     * Checks a PIN with Meta. A wrong or expired PIN is an answer for the requester, not a failure.
     * The PIN arrives sealed; a plain one is a retried attempt of a run from before 1.1.0.
     */
    async verifyPin(input: { phoneNumberId: string; pin: Sealed<'pin'> | string }): Promise<VerifyOutcome> {
      const code = plainPin(sealer, input.pin);
      try {
        await world.meta.verifyCode({ phoneNumberId: input.phoneNumberId, code });
        return { status: 'verified' };
      } catch (err) {
        if (!isUpstreamError(err)) throw err;
        if (err.reason === 'WRONG_CODE') return { status: 'wrong', message: err.message };
        if (err.reason === 'CODE_EXPIRED' || err.reason === 'REVERIFY_NEEDED')
          return { status: 'expired', message: err.message };
        if (err.errorClass === 'final') return { status: 'locked', message: err.message };
        throw err;
      }
    },

    /** Checks (retried by the server until the deadline) whether the 360dialog channel is running, i.e. setup finished. */
    async awaitChannelRunning(input: { channelId: string }): Promise<{ status: string }> {
      return pollUntil({
        describe: 'channel setup',
        check: async () => {
          const channel = await world.dialog360.getChannel(input.channelId);
          return channel.status === 'running' || channel.status === 'live' ? { status: channel.status } : undefined;
        },
      });
    },

    /**
     * Mints the channel's API key once: a retried attempt (e.g. after a worker crash) returns the
     * same key instead of minting a new one that would revoke it, by the Idempotency-Key where
     * 360dialog honours it and by the key heartbeated right after minting where it does not.
     */
    async generateApiKey(input: { channelId: string; idempotencyKey: string }): Promise<SealedChannelApiKey> {
      return mintKeyOnce(world, sealer, input);
    },

    /**
     * The key-generation poller, after 360dialog refused a key because the channel is not running
     * (a "running" webhook was only a hint): each attempt after the first tries once with the same
     * idempotency key; "not running" is "not yet", retried by the server with backoff.
     */
    async generateApiKeyWhenRunning(input: {
      channelId: string;
      idempotencyKey: string;
    }): Promise<SealedChannelApiKey> {
      return pollUntil({
        describe: 'channel running for the API key',
        check: async () => {
          if (Context.current().info.attempt === 1) return undefined;
          try {
            return await mintKeyOnce(world, sealer, input);
          } catch (err) {
            if (isUpstreamError(err) && err.reason === 'CHANNEL_NOT_RUNNING') return undefined;
            throw err;
          }
        },
      });
    },
  };
}

/**
 * Mints the channel's API key at most once per activity, even if 360dialog ignored the
 * Idempotency-Key: a new key revokes the older ones, so a retry must not mint again. The key is
 * sealed at once (payload readers never see it) and heartbeated right after minting; an attempt
 * that follows a lost answer (worker crash, timeout) finds it in its heartbeat details and returns
 * it unchanged (sealed now if an attempt before 1.1.0 heartbeated it plain).
 */
async function mintKeyOnce(
  world: OutsideWorld,
  sealer: SecretSealer,
  input: { channelId: string; idempotencyKey: string },
): Promise<SealedChannelApiKey> {
  const ctx = Context.current();
  const stored = ctx.info.heartbeatDetails as Partial<ChannelApiKey> | undefined;
  if (stored?.apiKey && stored.id) {
    ctx.log.info('API key reused from an earlier attempt', { channelId: input.channelId, keyId: stored.id });
    return sealKey(sealer, stored as ChannelApiKey);
  }
  const key = sealKey(sealer, await world.dialog360.createApiKey(input.channelId, input.idempotencyKey));
  ctx.heartbeat(key);
  ctx.log.info('API key generated', { channelId: input.channelId, keyId: key.id });
  return key;
}

const PLAIN_PIN = /^\d{6}$/;

/** The PIN to send to Meta; InvalidPin (final) for anything that is neither sealed nor 6 digits. */
function plainPin(sealer: SecretSealer, pin: string): string {
  if (PLAIN_PIN.test(pin)) return pin;
  try {
    const plain = sealer.unseal('pin', pin);
    if (PLAIN_PIN.test(plain)) return plain;
  } catch (err) {
    if (!(err instanceof SealedValueError)) throw err;
    throw ApplicationFailure.create({ type: 'InvalidPin', message: err.message, nonRetryable: true });
  }
  throw ApplicationFailure.create({
    type: 'InvalidPin',
    message: 'the sealed PIN is not 6 digits',
    nonRetryable: true,
  });
}

function sealKey(sealer: SecretSealer, key: ChannelApiKey): SealedChannelApiKey {
  const apiKey = isSealed(key.apiKey, 'api-key') ? key.apiKey : sealer.seal('api-key', key.apiKey);
  return { id: key.id, address: key.address, appId: key.appId, apiKey };
}

async function submitPortIn(world: OutsideWorld, input: SubmitPortInInput): Promise<SubmitOutcome> {
  try {
    const s = await world.dialog360.submitPortIn(input);
    return { kind: 'submitted', ...s };
  } catch (err) {
    if (!isUpstreamError(err)) throw err;
    switch (err.reason) {
      case 'ALREADY_MOVED': {
        const channels = await world.dialog360.listWabaChannels(input.wabaId);
        return { kind: 'already-moved', channelId: channels.find((c) => c.phoneNumber === input.phone.e164)?.id };
      }
      case 'ADD_AS_NEW_NUMBER':
        return { kind: 'add-as-new-number', message: err.message };
      case 'MOB_NOT_ACCEPTED':
      case 'TWO_FA_ENABLED':
        return { kind: 'waiting', reason: err.reason, message: err.message };
      case 'BUSINESS_MISMATCH':
        return { kind: 'business-mismatch', message: err.message };
      default:
        throw err;
    }
  }
}

/**
 * What a POST on the owner page does: the step's one action, through the same client calls as the
 * HTTP API (same validation, same updates and signals). A refusal is a notice in the owner's
 * language on the step's page, with a 4xx, and changes nothing.
 */
import {
  MigrationClientError,
  MigrationServiceUnavailableError,
  UpdateRejectedError,
  type MigrationsClient,
  type MigrationView,
} from '../../client';
import type { OwnerAction } from '../../contracts/owner-actions';
import { translate, type Language, type TextKey } from './catalogue';
import type { Notice } from './page';

/** The person recorded for decisions taken on the page (the link names no one more precisely). */
const OWNER = 'number owner (action link)';

export type Form = Record<string, string[]>;
export type ActResult = { status: number; notice: Notice } | { status: number; done: string };

/** A request that is not this step's form (a forged or outdated op). */
export class UnknownOp extends Error {}

export async function act(
  migrations: MigrationsClient,
  lang: Language,
  view: MigrationView,
  action: OwnerAction,
  form: Form,
): Promise<ActResult> {
  const t = (key: TextKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const id = view.migrationId;
  const op = form.op?.[0];
  const field = (name: string) => form[name]?.[0]?.trim() || undefined;
  const ok = (key: TextKey): ActResult => ({ status: 200, done: t(key) });
  const bad = (status: number, key: TextKey, vars?: Record<string, string | number>): ActResult => ({
    status,
    notice: { tone: 'error', text: t(key, vars) },
  });
  try {
    switch (`${action}/${op}`) {
      case 'enter_code/submit_code': {
        const code = field('code') ?? '';
        if (!/^\d{6}$/.test(code)) return bad(422, 'codeMalformed');
        const result = await migrations.submitPin(id, { pin: code });
        if (result.status === 'verified') return ok('codeVerified');
        if (result.status === 'wrong') return bad(422, 'codeWrong', { attemptsLeft: result.attemptsLeft });
        if (result.status === 'expired') return bad(422, 'codeExpired');
        return { status: 409, done: t('codeLocked') };
      }
      case 'enter_code/resend_sms':
      case 'enter_code/resend_voice': {
        const sent = await migrations.resendCode(id, { method: op === 'resend_voice' ? 'VOICE' : 'SMS' });
        const how = t(sent.method === 'VOICE' ? 'methodVoice' : 'methodSms');
        return {
          status: 200,
          notice: { tone: 'ok', text: t('codeResent', { method: how, sendsLeft: sent.sendsLeft }) },
        };
      }
      case 'disable_two_factor/two_factor_off':
        if (view.kind !== 'port-in') throw new UnknownOp(`${action}/${op} of a ${view.kind}`);
        await migrations.sendEvent(id, { type: 'twoFactorDisabled' }, 'owner');
        return ok('twoFactorNoted');
      case 'complete_embedded_signup/embedded_signup':
        await migrations.reportEmbeddedSignup(id, {
          wabaId: field('wabaId') ?? '',
          phoneNumberId: field('phoneNumberId') ?? '',
          code: field('code') ?? '',
          businessId: field('businessId'),
          waacId: field('waacId'),
        });
        return ok('signupAccepted');
      case 'confirm_numbers/confirm_numbers':
        await migrations.confirmNumbers(id, { channelIds: form.channel ?? [] });
        return ok('numbersConfirmed');
      case 'complete_company_info/account_done':
        await migrations.sendEvent(id, { type: 'companyInfoCompleted' }, 'owner');
        return ok('accountNoted');
      case 'add_payment_method/account_done':
        await migrations.sendEvent(id, { type: 'paymentMethodAdded' }, 'owner');
        return ok('accountNoted');
      case 'select_permissions/select_permissions':
        await migrations.selectNumbersForPermissions(id, { channelIds: form.channel ?? [] });
        return ok('permissionsSelected');
      case 'confirm_cancellation/confirm_cancellation':
        await migrations.confirmSubscriptionCancellation(id, { confirm: true, confirmedBy: OWNER });
        return ok('cancellationConfirmed');
      case 'confirm_cancellation/decline_cancellation':
        await migrations.declineSubscriptionCancellation(id, { declinedBy: OWNER });
        return ok('cancellationDeclined');
      default:
        throw new UnknownOp(`${action}/${op}`);
    }
  } catch (err) {
    if (err instanceof MigrationServiceUnavailableError || !(err instanceof MigrationClientError)) throw err;
    // Refused by the workflow's validator or the client's schema: nothing changed; say why.
    const detail = err instanceof UpdateRejectedError ? err.reason : err.message;
    if (action === 'confirm_numbers' || action === 'select_permissions') return bad(422, 'numbersRefused', { detail });
    if (action === 'complete_embedded_signup') return bad(422, 'signupRefused', { detail });
    if (action === 'enter_code') return bad(409, 'resendRefused', { detail });
    return bad(409, 'eventRefused', { detail });
  }
}

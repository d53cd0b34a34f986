/**
 * The one action of each owner step, as a plain HTML form (every one works without JavaScript,
 * except Meta's signup popup, which says so). Each button's `op` names what routes.ts does.
 */
import { translate, type Language, type TextKey } from './catalogue';
import { html, type Html } from './html';
import type { OwnerView } from './view';

type T = (key: TextKey, vars?: Record<string, string | number>) => string;

export function actionForm(lang: Language, view: OwnerView, csrf: string): Html {
  const t: T = (key, vars) => translate(lang, key, vars);
  const token = html`<input type="hidden" name="csrf" value="${csrf}" />`;
  switch (view.action) {
    case 'enter_code':
      return html` <p>${t('enterCodeIntro', { phone: view.phoneNumber ?? '' })}</p>
        <form method="post">
          ${token}
          <label for="code">${t('codeLabel')}</label>
          <input
            type="text"
            id="code"
            name="code"
            inputmode="numeric"
            autocomplete="one-time-code"
            pattern="[0-9]{6}"
            maxlength="6"
            minlength="6"
            required
            aria-describedby="code-hint"
          />
          <p class="hint" id="code-hint">${t('codeHint')}</p>
          <button type="submit" name="op" value="submit_code">${t('submitCode')}</button>
        </form>
        <h2>${t('resendHeading')}</h2>
        <form method="post" class="actions">
          ${token}
          <button type="submit" class="secondary" name="op" value="resend_sms">${t('resendSms')}</button>
          <button type="submit" class="secondary" name="op" value="resend_voice">${t('resendVoice')}</button>
        </form>`;
    case 'disable_two_factor':
      // A port-out asks Meta by itself; a port-in tries again when told (Meta refuses while 2FA is on).
      if (view.kind !== 'port-in')
        return html`${twoFactorSteps(t, view)}
          <p>${t('twoFactorAfter')}</p>`;
      return html`${twoFactorSteps(t, view)}
        <p>${t('twoFactorTellUs')}</p>
        <form method="post" class="actions">
          ${token}
          <button type="submit" name="op" value="two_factor_off">${t('twoFactorDoneButton')}</button>
        </form>`;
    case 'complete_embedded_signup':
      return html`${twoFactorSteps(t, view)} ${signupLaunch(t, view, token)}`;
    case 'confirm_numbers':
      return html` <p>${t('confirmNumbersIntro')}</p>
        <form method="post">
          ${token} ${numberChecks(t('stepConfirmNumbers'), view, true)}
          <div class="actions">
            <button type="submit" name="op" value="confirm_numbers">${t('confirmNumbersButton')}</button>
          </div>
        </form>`;
    case 'complete_company_info':
    case 'add_payment_method': {
      const [intro, steps]: [TextKey, TextKey] =
        view.action === 'complete_company_info'
          ? ['companyInfoIntro', 'companyInfoSteps']
          : ['paymentIntro', 'paymentSteps'];
      return html` <p>${t(intro)}</p>
        <ol>
          ${t(steps)
            .split(' | ')
            .map((s) => html`<li>${s}</li>`)}
        </ol>
        <p><a href="${view.hubUrl ?? ''}" rel="noopener noreferrer" target="_blank">${t('openHub')}</a></p>
        <form method="post" class="actions">
          ${token}
          <button type="submit" name="op" value="account_done">${t('accountDoneButton')}</button>
        </form>`;
    }
    case 'select_permissions':
      return html` <p>${t('selectPermissionsIntro')}</p>
        <form method="post">
          ${token} ${numberChecks(t('stepSelectPermissions'), view, false)}
          <div class="actions">
            <button type="submit" name="op" value="select_permissions">${t('selectPermissionsButton')}</button>
          </div>
        </form>`;
    case 'confirm_cancellation':
      return html` <p>${t('cancellationIntro')}</p>
        <form method="post" class="actions">
          ${token}
          <button type="submit" name="op" value="confirm_cancellation">${t('confirmCancellation')}</button>
          <button type="submit" class="secondary" name="op" value="decline_cancellation">
            ${t('declineCancellation')}
          </button>
        </form>`;
  }
}

function twoFactorSteps(t: T, view: OwnerView): Html {
  return html` <p>${t('twoFactorIntro')}</p>
    <ol>
      ${t('twoFactorSteps', { phone: view.phoneNumber ?? '' })
        .split(' | ')
        .map((s) => html`<li>${s}</li>`)}
    </ol>`;
}

/** Every number ticked to confirm (all required), or a free pick of at least one. */
function numberChecks(legend: string, view: OwnerView, all: boolean): Html {
  return html`<fieldset>
    <legend class="hint">${legend}</legend>
    ${(view.numbers ?? []).map(
      (n) =>
        html`<label class="check"
          ><input type="checkbox" name="channel" value="${n.channelId}" ${all ? html`required` : ''} />
          ${n.phoneNumber}</label
        >`,
    )}
  </fieldset>`;
}

/**
 * Meta's popup, opened by /a/embedded-signup.js (the only script of the owner page): its FINISH
 * message and the login's code fill the hidden fields and the form is sent. Texts for the script
 * ride in data attributes, so the script itself has no words.
 */
function signupLaunch(t: T, view: OwnerView, token: Html): Html {
  const s = view.signup;
  const intro = html`<p>${t('signupIntro', { waba: view.wabaId ?? '', phone: view.phoneNumber ?? '' })}</p>`;
  if (!s)
    return html`${intro}
      <p>${t('signupNotOffered')}</p>`;
  return html`${intro}
    <form
      method="post"
      id="es-form"
      data-app-id="${s.appId}"
      data-config-id="${s.configId}"
      data-sdk-url="${s.sdkUrl}"
      data-origins="${s.origins.join(' ')}"
      data-graph-version="${s.graphVersion}"
      data-text-loading="${t('signupLoading')}"
      data-text-opened="${t('signupOpened')}"
      data-text-cancelled="${t('signupCancelled')}"
      data-text-error="${t('signupError')}"
      data-text-sdk-failed="${t('signupSdkFailed')}"
      data-text-sending="${t('signupSending')}"
    >
      ${token}
      <input type="hidden" name="op" value="embedded_signup" />
      <input type="hidden" name="code" value="" />
      <input type="hidden" name="phoneNumberId" value="" />
      <input type="hidden" name="wabaId" value="" />
      <input type="hidden" name="businessId" value="" />
      <input type="hidden" name="waacId" value="" />
      <div class="actions">
        <button type="button" id="es-launch" hidden>${t('signupLaunch')}</button>
      </div>
      <p class="hint" id="es-status" role="status" aria-live="polite"></p>
      <noscript><p>${t('signupNeedsScript')}</p></noscript>
    </form>`;
}

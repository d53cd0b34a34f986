/**
 * The owner page, rendered on the server: what moves where, where it stands, and the one action
 * of the step the link is for. Plain HTML forms (works without JavaScript), one stylesheet.
 */
import type { Outcome } from '../../contracts/migration';
import { CATALOGUES, LANGUAGES, translate, type Language, type TextKey } from './catalogue';
import { html, type Html } from './html';
import type { OwnerAction } from '../../contracts/owner-actions';
import { actionForm } from './forms';
import type { OwnerView } from './view';

export interface Notice {
  tone: 'ok' | 'error';
  text: string;
}

const STEP_LABEL: Record<OwnerAction, TextKey> = {
  enter_code: 'stepEnterCode',
  disable_two_factor: 'stepDisableTwoFactor',
  complete_embedded_signup: 'stepEmbeddedSignup',
  confirm_numbers: 'stepConfirmNumbers',
  complete_company_info: 'stepCompanyInfo',
  add_payment_method: 'stepPaymentMethod',
  select_permissions: 'stepSelectPermissions',
  confirm_cancellation: 'stepConfirmCancellation',
};
const OUTCOME_LABEL: Record<Outcome, TextKey> = {
  completed: 'outcomeCompleted',
  stalled: 'outcomeStalled',
  failed: 'outcomeFailed',
  cancelled: 'outcomeCancelled',
  'add-as-new-number': 'outcomeNewNumber',
  'routed-to-support': 'outcomeSupport',
};

export function stepLabel(lang: Language, action: OwnerAction | undefined): string {
  return translate(lang, action ? STEP_LABEL[action] : 'stepInProgress');
}
export function outcomeLabel(lang: Language, outcome: Outcome | undefined): string {
  return translate(lang, outcome ? OUTCOME_LABEL[outcome] : 'stepInProgress');
}

/** The page of a link whose step is now: progress and the step's form. */
export function actionPage(lang: Language, view: OwnerView, csrf: string, notice?: Notice): string {
  const t = (key: TextKey, vars?: Record<string, string | number>) => translate(lang, key, vars);
  const about =
    view.kind === 'port-in'
      ? t('aboutPortIn', { phone: view.phoneNumber ?? '' })
      : view.kind === 'port-out'
        ? t('aboutPortOut', { phone: view.phoneNumber ?? '' })
        : t('aboutPartnerChange', { waba: view.wabaId ?? '' });
  const body = html` <h1>${about}</h1>
    ${notice && noticeBox(notice)}
    <section aria-labelledby="progress" id="progress-section" data-refresh-ms="${view.refreshMs ?? 15_000}">
      <h2 id="progress">${t('progressHeading')}</h2>
      <dl id="progress-facts" aria-live="polite">
        <dt>${t('waitingFor')}</dt>
        <dd>${stepLabel(lang, view.action)}</dd>
        ${
          view.waitingSince &&
          html`<dt>${t('since')}</dt>
            <dd>${when(lang, view.waitingSince)}</dd>`
        }
        ${
          view.deadlineAt &&
          html`<dt>${t('deadline')}</dt>
            <dd>${when(lang, view.deadlineAt)}</dd>`
        }
      </dl>
      <p class="hint" id="refresh-hint" data-live="${t('liveHint')}">
        ${t('refreshHint')} <a href="?lang=${lang}">${t('reload')}</a>
      </p>
    </section>
    <section aria-labelledby="todo">
      <h2 id="todo">${t('doNowHeading')}</h2>
      ${actionForm(lang, view, csrf)}
    </section>`;
  // No self-reloading page (WCAG 2.2.1, and it would wipe a half-typed code): a reload link, and a
  // script that refreshes the facts in place (live-script.ts). The signup step adds Meta's popup.
  const scripts = ['/a/owner-live.js'];
  if (view.action === 'complete_embedded_signup' && view.signup) scripts.push('/a/embedded-signup.js');
  return layout(lang, t('pageTitle'), body, scripts);
}

/** A page that only says something (refused links, done steps, ended migrations, results). */
export function messagePage(lang: Language, title: string, text: string, notice?: Notice): string {
  return layout(
    lang,
    title,
    html`<h1>${title}</h1>
      ${notice && noticeBox(notice)}
      <section><p>${text}</p></section>`,
  );
}

function noticeBox(notice: Notice): Html {
  return html`<section
    class="notice ${notice.tone === 'error' ? 'error' : ''}"
    role="${notice.tone === 'error' ? 'alert' : 'status'}"
  >
    <p>${notice.text}</p>
  </section>`;
}

function when(lang: Language, iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(d)} UTC`;
}

function layout(lang: Language, title: string, body: Html, scripts: string[] = []): string {
  const t = (key: TextKey) => translate(lang, key);
  return html`<!doctype html>
    <html lang="${lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>${title} · ${t('pageTitle')}</title>
        <link rel="stylesheet" href="/a/owner.css" />
        ${scripts.map((src) => html`<script src="${src}" defer></script>`)}
      </head>
      <body>
        <header>
          <strong>360dialog</strong>
          <nav aria-label="${t('languages')}">
            <ul>
              ${LANGUAGES.map(
                (l) =>
                  html`<li>
                    <a href="?lang=${l}" hreflang="${l}" lang="${l}" ${l === lang ? html`aria-current="true"` : ''}
                      >${CATALOGUES[l].languageName}</a
                    >
                  </li>`,
              )}
            </ul>
          </nav>
        </header>
        <main>${body}</main>
      </body>
    </html> `.text;
}

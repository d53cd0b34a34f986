/**
 * The owner page's Embedded Signup step (a Cloud-API port-in): the settings of Meta's popup, the
 * one script of the owner page, and the headers that let exactly Meta's SDK and popup in.
 * The script loads Meta's SDK when the page opens (so the click opens the popup directly, not
 * blocked), then `FB.login` with our configuration; Meta's `WA_EMBEDDED_SIGNUP` FINISH message
 * (accepted from Meta's origins only) and the login's code fill the form, which is posted like
 * any other: the server hands it to the same update as `POST /v1/migrations/{id}/embedded-signup`.
 */
import type { Config } from '../../temporal.config';
import { contentSecurityPolicy } from './guards';

export interface SignupLaunch {
  appId: string;
  configId: string;
  sdkUrl: string;
  origins: string[];
  graphVersion: string;
}

/** Undefined when no Embedded Signup configuration is set: the requester's page runs the signup. */
export function signupLaunch(config: Config): SignupLaunch | undefined {
  const configId = config.META_EMBEDDED_SIGNUP_CONFIG_ID;
  if (!configId || configId === 'none') return undefined;
  return {
    appId: config.META_APP_ID,
    configId,
    sdkUrl: config.META_JS_SDK_URL,
    origins: config.META_SIGNUP_ORIGINS.map((o) => new URL(o).origin),
    graphVersion: /\/(v\d+\.\d+)(\/|$)/.exec(new URL(config.META_GRAPH_URL).pathname)?.[1] ?? 'v21.0',
  };
}

/**
 * The signup step's headers: the strict set, plus Meta's SDK as a script source and Meta's origins
 * for its frames and calls; the opener policy lets the popup talk back to this page.
 */
export function signupHeaders(launch: SignupLaunch): Record<string, string> {
  const meta = [...new Set([new URL(launch.sdkUrl).origin, ...launch.origins])];
  return {
    'content-security-policy': contentSecurityPolicy({
      'script-src': meta,
      'connect-src': meta,
      'img-src': meta,
      'frame-src': meta,
    }),
    'cross-origin-opener-policy': 'same-origin-allow-popups',
  };
}

export const SIGNUP_SCRIPT = `(function () {
  'use strict';
  var form = document.getElementById('es-form');
  var button = document.getElementById('es-launch');
  var status = document.getElementById('es-status');
  if (!form || !button || !status) return;
  var d = form.dataset;
  var origins = (d.origins || '').split(' ');
  var session = null;
  var code = null;
  function say(text) { status.textContent = text; }
  function set(name, value) { form.elements.namedItem(name).value = value || ''; }
  function maybeSend() {
    if (!code || !session || !session.phone_number_id || !session.waba_id) return;
    set('code', code);
    set('phoneNumberId', session.phone_number_id);
    set('wabaId', session.waba_id);
    set('businessId', session.business_id);
    set('waacId', session.waac_id);
    button.disabled = true;
    say(d.textSending);
    form.submit();
  }
  window.addEventListener('message', function (event) {
    if (origins.indexOf(event.origin) < 0) return;
    var data;
    try { data = typeof event.data === 'string' ? JSON.parse(event.data) : event.data; } catch (e) { return; }
    if (!data || data.type !== 'WA_EMBEDDED_SIGNUP') return;
    if (data.event === 'FINISH') { session = data.data || {}; maybeSend(); }
    else if (data.event === 'CANCEL') say(d.textCancelled);
    else if (data.event === 'ERROR') say(d.textError + ' ' + ((data.data && data.data.error_message) || ''));
  });
  function onLogin(response) {
    if (response && response.authResponse && response.authResponse.code) { code = response.authResponse.code; maybeSend(); }
    else if (!session) { button.disabled = false; say(d.textCancelled); }
  }
  button.addEventListener('click', function () {
    if (!window.FB) return;
    button.disabled = true;
    say(d.textOpened);
    window.FB.login(onLogin, {
      config_id: d.configId,
      response_type: 'code',
      override_default_response_type: true,
      extras: { setup: {}, featureType: '', sessionInfoVersion: '3' },
    });
  });
  say(d.textLoading);
  var sdk = document.createElement('script');
  sdk.src = d.sdkUrl;
  sdk.async = true;
  sdk.onload = function () {
    if (!window.FB) { say(d.textSdkFailed); return; }
    window.FB.init({ appId: d.appId, autoLogAppEvents: true, xfbml: false, version: d.graphVersion });
    button.hidden = false;
    say('');
  };
  sdk.onerror = function () { say(d.textSdkFailed); };
  document.head.appendChild(sdk);
})();
`;

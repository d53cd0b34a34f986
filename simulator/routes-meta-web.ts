/**
 * Meta in the owner's browser: a stand-in for the JavaScript SDK (`connect.facebook.net/…/sdk.js`)
 * and for the Embedded Signup popup (`www.facebook.com`). `FB.login` opens the popup; the owner
 * types the number and the WABA and presses Finish; the popup then does what Meta's does: posts
 * the `WA_EMBEDDED_SIGNUP` FINISH (or CANCEL) message to the page that opened it, hands the SDK
 * the one-time code for the login callback, and closes. The number moves as with
 * `POST /_sim/cloud/embedded-signup` (the same model code), so the page's report is checked for real.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { completeEmbeddedSignup } from './cloud-embedded-signup';
import type { SimContext } from './context';

const PopupForm = z.object({
  op: z.enum(['finish', 'cancel']),
  phone: z.string().trim().default(''),
  waba: z.string().trim().default(''),
  new_model: z.string().optional(),
  app_id: z.string().default(''),
  config_id: z.string().default(''),
});

export function registerMetaWeb(app: FastifyInstance, { state }: SimContext): void {
  // Served cross-origin to the owner page, as Meta's CDN serves it.
  app.get('/sdk.js', (_req, reply) =>
    reply.header('cross-origin-resource-policy', 'cross-origin').type('application/javascript').send(SDK_JS),
  );
  app.get('/popup.js', (_req, reply) => reply.type('application/javascript').send(POPUP_JS));

  app.get<{ Querystring: Record<string, string | undefined> }>('/embedded-signup', (req, reply) =>
    reply.type('text/html; charset=utf-8').send(popupForm(req.query.app_id ?? '', req.query.config_id ?? '')),
  );

  app.post('/embedded-signup', (req, reply) => {
    const form = PopupForm.safeParse(req.body ?? {});
    if (!form.success)
      return reply
        .code(400)
        .type('text/html')
        .send(popupForm('', '', 'Malformed form'));
    const { op, phone, waba, app_id: appId, config_id: configId } = form.data;
    if (op === 'cancel') {
      const cancel = { type: 'WA_EMBEDDED_SIGNUP', event: 'CANCEL', data: { current_step: 'PHONE_NUMBER_SETUP' } };
      return reply.type('text/html; charset=utf-8').send(closing([cancel, { type: 'SIM_FB_LOGIN', code: null }]));
    }
    const digits = phone.replace(/[^\d]/g, '');
    if (!/^\d{6,15}$/.test(digits) || !waba)
      return reply
        .code(422)
        .type('text/html')
        .send(popupForm(appId, configId, 'Enter the number and the WABA'));
    const answer = completeEmbeddedSignup(state, {
      e164: `+${digits}`,
      wabaId: waba,
      accountModel: form.data.new_model ? 'new' : 'classic',
    });
    if (answer.status !== 201)
      return reply
        .code(answer.status)
        .type('text/html')
        .send(popupForm(appId, configId, answer.body.error));
    const { code, wabaId, phoneNumberId, businessId, waacId } = answer.body;
    const finish = {
      type: 'WA_EMBEDDED_SIGNUP',
      event: 'FINISH',
      data: {
        phone_number_id: phoneNumberId,
        waba_id: wabaId,
        business_id: businessId,
        ...(waacId && { waac_id: waacId }),
      },
    };
    return reply.type('text/html; charset=utf-8').send(closing([finish, { type: 'SIM_FB_LOGIN', code }]));
  });
}

const esc = (v: string) =>
  v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

function popupForm(appId: string, configId: string, error?: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Embedded Signup (simulated Meta popup)</title></head><body>
<h1>WhatsApp Business: add your number</h1>
<p>Simulated Meta popup for app ${esc(appId)}, configuration ${esc(configId)}.</p>
${error ? `<p role="alert">${esc(error)}</p>` : ''}
<form method="post">
<input type="hidden" name="app_id" value="${esc(appId)}"><input type="hidden" name="config_id" value="${esc(configId)}">
<p><label>Phone number <input name="phone" id="phone"></label></p>
<p><label>WhatsApp Business Account ID <input name="waba" id="waba"></label></p>
<p><label><input type="checkbox" name="new_model" value="1"> The portfolio is on the new account model</label></p>
<p><button type="submit" name="op" value="finish" id="finish">Finish</button>
<button type="submit" name="op" value="cancel" id="cancel">Cancel</button></p>
</form></body></html>`;
}

/** The popup's last page: its script posts the messages to the opener, then closes the window. */
function closing(messages: unknown[]): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Done</title></head>
<body data-messages="${esc(JSON.stringify(messages))}"><p>You can close this window.</p>
<script src="/meta-web/popup.js"></script></body></html>`;
}

const POPUP_JS = `(function () {
  var messages = JSON.parse(document.body.getAttribute('data-messages') || '[]');
  if (window.opener) messages.forEach(function (m) { window.opener.postMessage(JSON.stringify(m), '*'); });
  setTimeout(function () { window.close(); }, 50);
})();
`;

// FB.init and FB.login as the owner page uses them; the login callback gets the popup's code.
const SDK_JS = `(function () {
  var origin = new URL(document.currentScript.src).origin;
  var pending, popup, watch;
  function settle(response) {
    var cb = pending;
    pending = undefined;
    clearInterval(watch);
    if (cb) cb(response);
  }
  window.addEventListener('message', function (e) {
    if (e.origin !== origin || !pending) return;
    var m;
    try { m = JSON.parse(e.data); } catch (err) { return; }
    if (!m || m.type !== 'SIM_FB_LOGIN') return;
    settle(m.code ? { status: 'connected', authResponse: { code: m.code } } : { status: 'unknown', authResponse: null });
  });
  var FB = {
    _appId: '',
    init: function (options) { FB._appId = options.appId; },
    login: function (callback, options) {
      pending = callback;
      var q = new URLSearchParams({ app_id: FB._appId, config_id: (options && options.config_id) || '' });
      popup = window.open(origin + '/meta-web/embedded-signup?' + q.toString(), 'fb-embedded-signup', 'width=600,height=720');
      if (!popup) return settle({ status: 'unknown', authResponse: null });
      // Closed without finishing: the login ends without a code, as Meta's does.
      watch = setInterval(function () { if (popup.closed) setTimeout(function () { settle({ status: 'unknown', authResponse: null }); }, 500); }, 300);
    },
  };
  window.FB = FB;
  if (typeof window.fbAsyncInit === 'function') window.fbAsyncInit();
})();
`;

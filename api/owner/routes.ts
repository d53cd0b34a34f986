/**
 * The number owner's page: GET /a/<token> shows the step the link is for, POST /a/<token> does its
 * one action through the same client calls as the HTTP API (same validation, same updates). Every
 * refusal is a page in the owner's language with a 4xx, and changes nothing. The token is never
 * logged: the request log names the route pattern only.
 */
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import {
  MigrationNotFoundError,
  MigrationServiceUnavailableError,
  type MigrationsClient,
  type MigrationView,
} from '../../client';
import type { Config } from '../../temporal.config';
import { ActionLinkError, actionLinks, type ActionLinkClaims } from '../../secrets/action-links';
import { chooseLanguage, translate, type Language, type TextKey } from './catalogue';
import { csrfGuard, SECURITY_HEADERS, windowCounter } from './guards';
import { OWNER_CSS } from './owner-css';
import { ownerActionFor, type OwnerAction } from '../../contracts/owner-actions';
import { actionPage, messagePage, outcomeLabel, stepLabel, type Notice } from './page';
import type { OwnerView } from './view';
import { act, UnknownOp, type Form } from './act';
import { SIGNUP_SCRIPT, signupHeaders, signupLaunch } from './embedded-signup';
import { LIVE_SCRIPT } from './live-script';
/** A page to answer with, thrown from anywhere in a request. */
class PageAnswer {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {}
}

export interface OwnerPageOptions {
  migrations: MigrationsClient;
  config: Config;
  /** How often an open step page refreshes itself (default 15 s; tests shorten it). */
  refreshMs?: number;
}

export const ownerPageRoutes: FastifyPluginAsync<OwnerPageOptions> = async (app, { migrations, config, refreshMs }) => {
  const links = actionLinks(config.OWNER_LINK_KEYS);
  const signingKey = Buffer.from(config.OWNER_LINK_KEYS.split(',')[0]?.split(':')[1] ?? '', 'base64');
  const csrf = csrfGuard(signingKey);
  const perIp = windowCounter(60, 60_000);
  const postsPerLink = windowCounter(12, 10 * 60_000);
  const signup = signupLaunch(config);

  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 8 * 1024 },
    (_req, body, done) => {
      const form: Form = {};
      for (const [k, v] of new URLSearchParams(String(body))) (form[k] ??= []).push(v);
      done(null, form);
    },
  );
  app.addHook('onRequest', async (req, reply) => {
    void reply.headers(SECURITY_HEADERS);
    if (!perIp.allow(req.ip)) {
      const lang = languageOf(req);
      return reply
        .code(429)
        .header('retry-after', '60')
        .type('text/html; charset=utf-8')
        .send(messagePage(lang, t(lang, 'rateLimitedTitle'), t(lang, 'rateLimitedBody')));
    }
  });

  app.get('/a/owner.css', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(OWNER_CSS),
  );

  app.get('/a/owner-live.js', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(LIVE_SCRIPT),
  );
  app.get('/a/embedded-signup.js', { schema: { hide: true } }, async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/javascript; charset=utf-8').send(SIGNUP_SCRIPT),
  );

  app.get<{ Params: { token: string } }>('/a/:token', { schema: { hide: true } }, async (req, reply) =>
    answer(reply, async () => {
      const lang = languageOf(req);
      const { view, action } = await liveStep(lang, req.params.token);
      return new PageAnswer(200, await renderStep(req, reply, lang, view, action));
    }),
  );

  app.post<{ Params: { token: string }; Body: Form | undefined }>(
    '/a/:token',
    { schema: { hide: true } },
    async (req, reply) =>
      answer(reply, async () => {
        const lang = languageOf(req);
        const token = req.params.token;
        const form = req.body ?? {};
        if (!csrf.check(req, token, form.csrf?.[0])) {
          return new PageAnswer(403, messagePage(lang, t(lang, 'formExpiredTitle'), t(lang, 'formExpiredBody')));
        }
        if (!postsPerLink.allow(token)) {
          return new PageAnswer(429, messagePage(lang, t(lang, 'rateLimitedTitle'), t(lang, 'rateLimitedBody')));
        }
        const { view, action } = await liveStep(lang, token);
        const result = await act(migrations, lang, view, action, form).catch((err: unknown) => {
          if (err instanceof UnknownOp) throw refusal(lang, 400, 'formExpiredTitle', 'formExpiredBody');
          throw err;
        });
        if ('done' in result)
          return new PageAnswer(result.status, messagePage(lang, t(lang, 'pageTitle'), result.done));
        return new PageAnswer(result.status, await renderStep(req, reply, lang, view, action, result.notice));
      }),
  );

  async function renderStep(
    req: FastifyRequest<{ Params: { token: string } }>,
    reply: FastifyReply,
    lang: Language,
    view: MigrationView,
    action: OwnerAction,
    notice?: Notice,
  ): Promise<string> {
    const page: OwnerView = {
      kind: view.kind,
      action,
      phoneNumber: view.execution.phoneNumber,
      wabaId: view.execution.wabaId,
      waitingSince: view.waitingSince,
      deadlineAt: view.deadlineAt,
      numbers:
        action === 'confirm_numbers' || action === 'select_permissions'
          ? (await migrations.getPartnerChange(view.migrationId)).numbers
          : undefined,
      signup: action === 'complete_embedded_signup' ? signup : undefined,
      hubUrl: config.D360_HUB_URL,
      refreshMs,
    };
    if (page.signup) void reply.headers(signupHeaders(page.signup));
    return actionPage(lang, page, csrf.issue(req, reply, req.params.token), notice);
  }

  /** The migration behind a link, if the link's step is the one it waits in now; else a refusal page. */
  async function liveStep(lang: Language, token: string): Promise<{ view: MigrationView; action: OwnerAction }> {
    let claims: ActionLinkClaims;
    try {
      claims = await links.verify(token);
    } catch (err) {
      if (!(err instanceof ActionLinkError)) throw err;
      if (err.refusal === 'expired') throw refusal(lang, 410, 'linkExpiredTitle', 'linkExpiredBody');
      throw refusal(lang, 400, 'linkTamperedTitle', 'linkTamperedBody');
    }
    let view: MigrationView;
    try {
      view = await migrations.getMigration(claims.migrationId);
    } catch (err) {
      // Signed by us, but the migration is gone (its history expired): nothing the link can do.
      if (err instanceof MigrationNotFoundError) throw refusal(lang, 404, 'migrationEndedTitle', 'linkSpentBody');
      throw err;
    }
    if (view.execution.runId !== claims.runId) throw refusal(lang, 410, 'linkOldRunTitle', 'linkOldRunBody');
    if (view.execution.executionStatus !== 'RUNNING' || view.outcome) {
      const outcome = outcomeLabel(lang, view.outcome);
      throw refusal(lang, 410, 'migrationEndedTitle', 'migrationEndedBody', { outcome });
    }
    const action = ownerActionFor(view.kind, view.step);
    if (view.step !== claims.step || action !== claims.action) {
      throw refusal(lang, 410, 'linkSpentTitle', 'linkSpentBody', { step: stepLabel(lang, action) });
    }
    return { view, action };
  }
};

async function answer(reply: FastifyReply, page: () => Promise<PageAnswer>): Promise<FastifyReply> {
  let result: PageAnswer;
  try {
    result = await page();
  } catch (err) {
    if (err instanceof PageAnswer) result = err;
    else if (err instanceof MigrationServiceUnavailableError) {
      const lang = languageOf(reply.request); // the owner's language, even when nothing else answers
      result = new PageAnswer(503, messagePage(lang, t(lang, 'unavailableTitle'), t(lang, 'unavailableBody')));
    } else throw err;
  }
  return reply.code(result.status).type('text/html; charset=utf-8').send(result.body);
}

function refusal(
  lang: Language,
  status: number,
  title: TextKey,
  body: TextKey,
  vars?: Record<string, string | number>,
): PageAnswer {
  return new PageAnswer(status, messagePage(lang, t(lang, title), t(lang, body, vars)));
}

function t(lang: Language, key: TextKey, vars?: Record<string, string | number>): string {
  return translate(lang, key, vars);
}

function languageOf(req: FastifyRequest): Language {
  const query = req.query as Record<string, unknown> | undefined;
  return chooseLanguage(query?.lang, req.headers['accept-language']);
}

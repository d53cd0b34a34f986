/**
 * Classification of Meta Graph API failures. Meta advises keying on `code` (and `error_subcode`,
 * `error_data.details`), never on the title; the table below is docs/domain.md#error-classes, the
 * Cloud-API migration refusals (migrate, request_code, register) are in meta-migration-errors.ts.
 * Also understands the legacy On-Premises shape `{"errors":[{"code","title","details"}]}` (1005).
 */
import { z } from 'zod';
import { UpstreamError } from './errors';
import { classifyByStatus, parseRetryAfter, type FailedResponse, type Service } from './http';
import { migrationRule, waitFromDetails, type Rule } from './meta-migration-errors';

const GraphError = z.object({
  message: z.string().optional(),
  type: z.string().optional(),
  code: z.coerce.number(),
  error_subcode: z.coerce.number().optional(),
  error_user_msg: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).passthrough().optional(),
  fbtrace_id: z.string().optional(),
});
export type GraphError = z.infer<typeof GraphError>;

const GraphBody = z.object({ error: GraphError });
const OnPremBody = z.object({
  errors: z
    .array(z.object({ code: z.coerce.number(), title: z.string().optional(), details: z.string().optional() }))
    .min(1),
});

/** The Graph (or On-Prem) error inside a body, or undefined when the body has neither shape. */
export function graphErrorOf(body: unknown): GraphError | undefined {
  const graph = GraphBody.safeParse(body);
  if (graph.success) return graph.data.error;
  const onPrem = OnPremBody.safeParse(body);
  if (!onPrem.success) return undefined;
  const first = onPrem.data.errors[0] as { code: number; title?: string; details?: string };
  return { code: first.code, message: first.title, error_data: { details: first.details } };
}

const MIN = 60_000;
// Checked first: these subcodes mean the same whatever the code (2388091/2388093: migration rules).
const SUBCODES: Record<number, Rule> = {
  2388012: { errorClass: 'success-equivalent', reason: 'ALREADY_MOVED' }, // already on the destination WABA
  33: { errorClass: 'input', reason: 'NOT_FOUND' }, // "Object with ID … does not exist"
};

const CODES: Record<number, Rule> = {
  1: { errorClass: 'transient', reason: 'SERVER_ERROR' },
  2: { errorClass: 'transient', reason: 'SERVER_ERROR' },
  131000: { errorClass: 'transient', reason: 'SERVER_ERROR' },
  131016: { errorClass: 'transient', reason: 'SERVER_ERROR' },
  133004: { errorClass: 'transient', reason: 'SERVER_ERROR' },
  4: { errorClass: 'rate-limited', reason: 'RATE_LIMIT' },
  80007: { errorClass: 'rate-limited', reason: 'RATE_LIMIT' },
  613: { errorClass: 'rate-limited', reason: 'RATE_LIMIT' },
  130429: { errorClass: 'rate-limited', reason: 'RATE_LIMIT' },
  133008: { errorClass: 'rate-limited', reason: 'PIN_GUESS_LIMIT' }, // too many PIN guesses: wait as `details` says
  133009: { errorClass: 'rate-limited', reason: 'PIN_GUESS_LIMIT' }, // PIN guessed too fast
  133016: { errorClass: 'final', reason: 'REGISTER_RATE_LIMIT', retryAfterMs: 72 * 60 * MIN }, // blocked for 72 h
  133006: { errorClass: 'input', reason: 'REVERIFY_NEEDED' },
  136025: { errorClass: 'input', reason: 'WRONG_CODE' },
  100: { errorClass: 'input', reason: 'BAD_REQUEST' },
  131008: { errorClass: 'input', reason: 'BAD_REQUEST' },
  131009: { errorClass: 'input', reason: 'BAD_REQUEST' },
  0: { errorClass: 'permission', reason: 'INVALID_CREDENTIALS' },
  102: { errorClass: 'permission', reason: 'INVALID_CREDENTIALS' },
  104: { errorClass: 'permission', reason: 'INVALID_CREDENTIALS' },
  190: { errorClass: 'permission', reason: 'INVALID_CREDENTIALS' },
  3: { errorClass: 'permission', reason: 'PERMISSION_DENIED' },
  10: { errorClass: 'permission', reason: 'PERMISSION_DENIED' },
  368: { errorClass: 'final', reason: 'ACCOUNT_LOCKED' },
  131031: { errorClass: 'final', reason: 'ACCOUNT_LOCKED' },
  1005: { errorClass: 'final', reason: 'PERMISSION_DENIED' }, // On-Prem registration blocked (biz_link_on_prem_reg_blocked)
};

function ruleFor(err: GraphError, status: number): Rule | undefined {
  const sub = err.error_subcode !== undefined ? SUBCODES[err.error_subcode] : undefined;
  if (sub) return sub;
  const migration = migrationRule(err);
  if (migration) return migration;
  if (err.code === 136025 && (status === 422 || /expired/i.test(`${err.message} ${err.error_data?.details ?? ''}`))) {
    return { errorClass: 'input', reason: 'CODE_EXPIRED' };
  }
  if (err.code >= 200 && err.code <= 299) return { errorClass: 'permission', reason: 'PERMISSION_DENIED' };
  return CODES[err.code];
}

/** Classifies a body known to carry a Graph error (used by Meta and by 360dialog pass-through). */
export function classifyGraphBody(service: Service, res: FailedResponse, err: GraphError): UpstreamError {
  const details = err.error_data?.details;
  const text = res.scrub([err.message, details].filter(Boolean).join(' - ') || `HTTP ${res.status}`);
  const sub = err.error_subcode !== undefined ? `/${err.error_subcode}` : '';
  const message = `${res.request} -> ${res.status}: (#${err.code}${sub}) ${text}`;
  const rule = ruleFor(err, res.status);
  if (!rule) {
    const byStatus = classifyByStatus(service, res, `(#${err.code}${sub}) ${text}`);
    return new UpstreamError({
      service,
      errorClass: byStatus.errorClass,
      reason: byStatus.reason,
      message,
      httpStatus: res.status,
      upstreamCode: err.code,
      retryAfterMs: byStatus.retryAfterMs,
    });
  }
  const retryAfterMs =
    rule.errorClass === 'rate-limited'
      ? (waitFromDetails(details) ?? rule.retryAfterMs ?? parseRetryAfter(res.headers.get('retry-after')))
      : rule.retryAfterMs;
  return new UpstreamError({ service, ...rule, retryAfterMs, message, httpStatus: res.status, upstreamCode: err.code });
}

/** The one classifier of Meta Graph API failures. */
export function classifyMeta(res: FailedResponse): UpstreamError {
  const err = graphErrorOf(res.body);
  if (err) return classifyGraphBody('meta', res, err);
  return classifyByStatus('meta', res, res.text || `HTTP ${res.status}`);
}

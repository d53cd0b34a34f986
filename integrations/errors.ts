/**
 * Every failure of an outside service is classified into one of these classes, so activities and
 * workflows react by class, never by parsing text. Messages keep the upstream text (minus secrets).
 *
 * The class names double as Temporal `ApplicationFailure` types (contracts/errors.ts): activities
 * rethrow them via `toApplicationFailure()` and retry policies list the non-retryable ones by name.
 */
import { ErrorTypes, type ErrorClass, type UpstreamReason } from '../contracts/errors';

export interface UpstreamErrorInit {
  service: '360dialog' | 'meta' | 'support-desk' | 'callback' | 'website';
  errorClass: ErrorClass;
  reason: UpstreamReason;
  /** Upstream text, already free of secrets. */
  message: string;
  httpStatus?: number;
  upstreamCode?: number;
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type adapters throw. */
export class UpstreamError extends Error {
  override name = 'UpstreamError' as const;
  readonly service: UpstreamErrorInit['service'];
  readonly errorClass: ErrorClass;
  readonly reason: UpstreamReason;
  readonly httpStatus?: number;
  readonly upstreamCode?: number;
  readonly retryAfterMs?: number;

  constructor(init: UpstreamErrorInit) {
    super(`${init.service}: ${init.message}`, { cause: init.cause });
    this.service = init.service;
    this.errorClass = init.errorClass;
    this.reason = init.reason;
    this.httpStatus = init.httpStatus;
    this.upstreamCode = init.upstreamCode;
    this.retryAfterMs = init.retryAfterMs;
  }

  get type(): string {
    return ErrorTypes[this.errorClass];
  }

  get retryable(): boolean {
    return this.errorClass === 'transient' || this.errorClass === 'rate-limited';
  }
}

/** Cross-realm safe check (Jest gives each test file its own globals). */
export function isUpstreamError(err: unknown): err is UpstreamError {
  return err instanceof Error && (err as { name?: string }).name === 'UpstreamError';
}

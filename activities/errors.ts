/**
 * The translation layer between adapter errors and Temporal: an `UpstreamError` becomes an
 * `ApplicationFailure` whose type is its class (so retry policies and workflows branch on it),
 * non-retryable unless transient, with `Retry-After` as the next retry delay.
 */
import { ApplicationFailure } from '@temporalio/common';
import { isUpstreamError } from '../integrations/errors';

export function toActivityFailure(err: unknown): unknown {
  if (!isUpstreamError(err)) return err;
  return ApplicationFailure.create({
    type: err.type,
    message: err.message,
    nonRetryable: !err.retryable,
    nextRetryDelay: err.retryAfterMs,
    details: [{ reason: err.reason, service: err.service, httpStatus: err.httpStatus, upstreamCode: err.upstreamCode }],
  });
}

/** Wraps every activity of a record so classified errors cross the Temporal boundary typed. */
export function withErrorTranslation<T extends Record<string, (...args: never[]) => Promise<unknown>>>(acts: T): T {
  const wrapped: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(acts)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toActivityFailure(err);
      }
    };
    Object.defineProperty(wrapped[name], 'name', { value: name });
  }
  return wrapped as T;
}

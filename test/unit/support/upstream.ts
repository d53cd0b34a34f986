/** Awaits a call that must fail and returns its classified UpstreamError (anything else fails the test). */
import { isUpstreamError, type UpstreamError } from '../../../integrations/errors';

export async function upstreamFailure(p: Promise<unknown>): Promise<UpstreamError> {
  const err = await p.then(
    () => new Error('expected the call to fail with an UpstreamError, but it succeeded'),
    (e: unknown) => e,
  );
  if (!isUpstreamError(err)) throw new Error(`expected an UpstreamError, got ${String(err)}`);
  return err;
}

/** The fields a classification is judged by, for one `toEqual`. */
export const classOf = (e: UpstreamError) => ({ service: e.service, errorClass: e.errorClass, reason: e.reason });

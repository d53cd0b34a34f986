/**
 * A client `Connection` whose calls fail cleanly once it is closed.
 *
 * The SDK retries a call that failed with UNAVAILABLE after a backoff (grpc-retry). If the connection
 * closes meanwhile (an API process shutting down, a test stack torn down), the retry creates its call
 * on a closed channel and grpc-js throws "Channel has been shut down" from a timer: an uncaught
 * exception that crashes the process (or fails whatever test happens to be running). Placed after the
 * retry interceptor, this one turns that throw into a CANCELLED status the retry does not repeat, so
 * the call's own promise rejects and nothing escapes.
 */
import { InterceptingCall, Metadata, status, type Interceptor } from '@grpc/grpc-js';
import { defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';

const CLOSED = 'Channel has been shut down';
/** grpc-js does not export the interface an intercepting call wraps. */
type CallBelow = ConstructorParameters<typeof InterceptingCall>[0];

/** The interceptors every client connection of ours uses: the SDK's default retry, then the guard. */
export function clientInterceptors(...inner: Interceptor[]): Interceptor[] {
  return [makeGrpcRetryInterceptor(defaultGrpcRetryOptions()), failCallsOnClosedChannel, ...inner];
}

export const failCallsOnClosedChannel: Interceptor = (options, nextCall) => {
  try {
    return new InterceptingCall(nextCall(options));
  } catch (err) {
    if (!(err instanceof Error) || !err.message.includes(CLOSED)) throw err;
    return new InterceptingCall(callThatEndsAtOnce(`${CLOSED}: the client closed its connection`));
  }
};

/**
 * A call that never reaches the network: on the next tick its listener hears what a failed unary
 * call says (grpc-js: a null message, then the status), here CANCELLED. The SDK's retry expects
 * that message before the status.
 */
function callThatEndsAtOnce(details: string): CallBelow {
  return {
    start(_metadata, listener) {
      setImmediate(() => {
        listener?.onReceiveMessage?.(null);
        listener?.onReceiveStatus?.({ code: status.CANCELLED, details, metadata: new Metadata() });
      });
    },
    cancelWithStatus() {},
    getPeer: () => '',
    sendMessageWithContext() {},
    sendMessage() {},
    startRead() {},
    halfClose() {},
    getAuthContext: () => null,
  };
}

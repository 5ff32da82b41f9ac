/**
 * `/rpc/<procedure>`: a SEND calls a router procedure; the result (or the error, with its URI in
 * an `error` header) is sent to the `reply-to` destination with the request's `correlation-id`.
 */
import { type PublishInput, RouterError } from '../../../src/router/types.js';
import type { StompContext } from '../context.js';
import type { Destination } from '../destinations.js';

export function callProcedure(
  context: StompContext,
  procedure: string,
  input: Omit<PublishInput, 'topic'>,
  replyTo: Destination,
  correlationId: string | undefined,
): void {
  const base: Record<string, string> = correlationId === undefined ? {} : { 'correlation-id': correlationId };
  const timeout = context.options.rpcTimeout;
  const pending = context.router.call(procedure, {
    ...(input.args !== undefined ? { args: input.args } : {}),
    ...(input.kwargs !== undefined ? { kwargs: input.kwargs } : {}),
    ...(timeout > 0 ? { timeout } : {}),
  });
  const reply = (payload: Omit<PublishInput, 'topic'>): void => {
    if (!context.isActive) return;
    try {
      context.publishTo(replyTo, payload);
    } catch (err) {
      context.fail(err instanceof Error ? err : new Error(String(err)));
    }
  };
  pending.result.then(
    (result) => reply({ ...result, headers: base }),
    (err: unknown) => {
      const error = err instanceof RouterError ? err : new RouterError('wamp.error.runtime_error', String(err));
      const args = error.args ?? [error.message];
      const kwargs = error.kwargs;
      reply({ args, ...(kwargs ? { kwargs } : {}), headers: { ...base, error: error.uri } });
    },
  );
}

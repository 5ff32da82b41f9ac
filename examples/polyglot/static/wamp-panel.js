/**
 * The WAMP panel: autobahn-browser (the global `autobahn`) over `wamp.2.json`, realm `realm1`.
 * It subscribes to the panel's topics and registers `demo.wamp.greet` as an autobahn callee.
 */
import { greet } from './panel.js';

const PROCEDURE = 'demo.wamp.greet';

/** A message from any protocol arrives as args (and kwargs); every panel publishes one object. */
function payloadOf(args, kwargs) {
  const hasKwargs = kwargs && Object.keys(kwargs).length > 0;
  if (args.length === 1 && !hasKwargs) return args[0];
  return hasKwargs ? { args, kwargs } : args.length === 0 ? null : { args };
}

/** autobahn returns the single result itself, or an autobahn.Result for several values. */
function resultOf(result) {
  return result instanceof autobahn.Result ? payloadOf(result.args ?? [], result.kwargs) : result;
}

/** autobahn rejects with an autobahn.Error holding the error URI and args. */
function errorOf(error) {
  if (!(error instanceof autobahn.Error)) return error;
  const detail = error.args?.[0] === undefined ? '' : `: ${error.args[0]}`;
  return new Error(`${error.error}${detail}`);
}

/** Connects the panel; autobahn retries on its own after a drop. */
export function startWamp(panel) {
  const connection = new autobahn.Connection({
    url: `ws://${location.host}/`,
    realm: 'realm1',
    protocols: ['wamp.2.json'],
    max_retry_delay: 5,
  });
  connection.onopen = async (session) => {
    const subscribe = (topic) =>
      session.subscribe(topic, (args, kwargs, details) =>
        panel.message(details.topic ?? topic, payloadOf(args, kwargs)),
      );
    await Promise.all([...panel.topics].map(subscribe));
    const greetCallee = (args) => {
      const answer = greet(panel.name, args);
      panel.invoked(PROCEDURE, args, answer);
      return answer;
    };
    // A second tab finds the procedure taken (procedure_already_exists): it still publishes and calls.
    await session.register(PROCEDURE, greetCallee).catch((error) => panel.error(`register: ${errorOf(error).message}`));
    panel.connected({
      // exclude_me: false, so the publishing panel shows its own message like the other two do.
      publish: (topic, payload) => session.publish(topic, [payload], {}, { acknowledge: true, exclude_me: false }),
      subscribe,
      call: (procedure, args) =>
        session.call(procedure, args).then(resultOf, (error) => Promise.reject(errorOf(error))),
    });
  };
  connection.onclose = (reason) => {
    panel.disconnected(reason);
    return false; // false: let autobahn keep retrying
  };
  connection.open();
}

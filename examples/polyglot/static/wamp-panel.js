/**
 * The WAMP panel: autobahn-browser (the global `autobahn`) over `wamp.2.json`, realm `realm1`.
 * It subscribes to the panel's topics and registers `demo.wamp.greet` as an autobahn callee.
 */
import { greet } from './panel.js';

const PROCEDURE = 'demo.wamp.greet';
const RETRY_MS = 2000;

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

/**
 * autobahn-browser keeps its WebSocket private, but builds it synchronously inside `open()` from
 * `window.WebSocket`. Swapping in a subclass for that one call hands us the socket, so the panel
 * can show its protocol and readyState like the other two; every other page code is unaffected.
 */
function openAndCatchSocket(connection) {
  const Native = window.WebSocket;
  let socket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      socket = this;
    }
  };
  try {
    connection.open();
  } finally {
    window.WebSocket = Native;
  }
  return socket;
}

/** Connects the panel; reconnects every 2 s after a drop. */
export function startWamp(panel) {
  // No autobahn retries: autobahn gives up for good once the router said GOODBYE, which is what a
  // broker restart sends (wamp.close.system_shutdown). This panel retries itself, like the other two.
  const connection = new autobahn.Connection({
    url: `ws://${location.host}/`,
    realm: 'realm1',
    protocols: ['wamp.2.json'],
    max_retries: 0,
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
    // A second tab finds the procedure taken (procedure_already_exists): it still publishes and calls, and says so.
    const registration = await session.register(PROCEDURE, greetCallee).then(
      () => ({ procedure: PROCEDURE }),
      (error) => ({ procedure: PROCEDURE, error: errorOf(error).message }),
    );
    if (!session.isOpen) return; // dropped meanwhile: onclose already retries
    const actions = {
      // exclude_me: false, so the publishing panel shows its own message like the other two do.
      publish: (topic, payload) => session.publish(topic, [payload], {}, { acknowledge: true, exclude_me: false }),
      subscribe,
      call: (procedure, args) =>
        session.call(procedure, args).then(resultOf, (error) => Promise.reject(errorOf(error))),
    };
    panel.connected(actions, registration);
  };
  connection.onclose = (reason, details) => {
    panel.disconnected(details?.reason ?? reason);
    setTimeout(() => startWamp(panel), RETRY_MS);
    return true; // true: autobahn must not retry as well
  };
  panel.socket(openAndCatchSocket(connection));
}

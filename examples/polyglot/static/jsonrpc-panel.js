/**
 * The JSON-RPC panel: a plain `new WebSocket(url)` offering no subprotocol, which the broker answers
 * with its JSON-RPC 2.0 fallback (docs/jsonrpc.md). Three kinds of messages come in:
 * responses to our requests, `subscription` pushes, and requests from the broker for the
 * procedure we registered (`demo.jsonrpc.greet`), which we answer.
 */
import { greet } from './panel.js';

const PROCEDURE = 'demo.jsonrpc.greet';
const RETRY_MS = 2000;

/** A JSON-RPC error object as one readable line: code, message and the router's URI when present. */
function errorOf(error) {
  const uri = error.data?.uri ? ` (${error.data.uri})` : '';
  return new Error(`${error.code} ${error.message}${uri}`);
}

/** Connects the panel; reconnects every 2 s after a drop. */
export function startJsonRpc(panel) {
  const socket = new WebSocket(`ws://${location.host}/`);
  panel.socket(socket);
  const pending = new Map();
  let nextId = 1;

  const send = (message) => socket.send(JSON.stringify({ jsonrpc: '2.0', ...message }));
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      send(params === undefined ? { method, id } : { method, params, id });
    });

  /** The broker calls our procedure: answer with a result (or an error object). */
  const answer = (message) => {
    if (message.method !== PROCEDURE) {
      send({ id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } });
      return;
    }
    // Positional params arrive as an array, named ones as an object (see docs/jsonrpc.md).
    const args = Array.isArray(message.params) ? message.params : message.params === undefined ? [] : [message.params];
    const result = greet(panel.name, args);
    panel.invoked(PROCEDURE, args, result);
    send({ id: message.id, result });
  };

  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.method === 'subscription') panel.message(message.params.topic, message.params.result);
    else if (message.method !== undefined) answer(message);
    else {
      const call = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) call?.reject(errorOf(message.error));
      else call?.resolve(message.result);
    }
  };

  const subscribe = (topic) => request('subscribe', [topic]);
  socket.onopen = async () => {
    await Promise.all([...panel.topics].map(subscribe));
    // A second tab finds the procedure taken (-32007): it still publishes and calls, and says so.
    const registration = await request('register', [PROCEDURE]).then(
      () => ({ procedure: PROCEDURE }),
      (error) => ({ procedure: PROCEDURE, error: error.message }),
    );
    if (socket.readyState !== WebSocket.OPEN) return; // dropped meanwhile: onclose already retries
    const actions = {
      publish: (topic, payload) => request('publish', [topic, payload]),
      subscribe,
      // Any method that is not a broker method calls the procedure of that name.
      call: (procedure, args) => request(procedure, args),
    };
    panel.connected(actions, registration);
  };
  socket.onclose = (event) => {
    for (const call of pending.values()) call.reject(new Error('connection lost'));
    pending.clear();
    panel.disconnected(event.reason);
    setTimeout(() => startJsonRpc(panel), RETRY_MS);
  };
}

/**
 * A panel's connection block: its state, the WebSocket's negotiated subprotocol (`ws.protocol`) and
 * `readyState`, and whether its procedure registration was accepted. The socket is read, not
 * trusted to report: a poll shows what the browser's WebSocket says right now, so a panel cannot
 * claim "connected" over a socket that is CLOSED.
 *
 * States (root's data-status): connecting, connected, refused (connected, but the broker refused
 * the panel's registration: it publishes and calls, but serves nothing), reconnecting.
 */

const READY_STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
const POLL_MS = 250;

/** Wires the status pill and the wire details inside `root`; returns the state setters. */
export function createStatus(root, find) {
  let socket;
  let attempts = 0;
  const show = (state, text) => {
    root.dataset.status = state;
    find('.status').textContent = text;
    for (const button of root.querySelectorAll('button')) {
      button.disabled = state !== 'connected' && state !== 'refused';
    }
  };
  const poll = () => {
    // An empty ws.protocol is what the server echoed: no subprotocol (the JSON-RPC fallback).
    const protocol = socket?.readyState === WebSocket.OPEN ? JSON.stringify(socket.protocol) : '–';
    find('.protocol').textContent = protocol === '""' ? '"" (none offered: JSON-RPC fallback)' : protocol;
    find('.ready-state').textContent = socket ? `${socket.readyState} ${READY_STATES[socket.readyState]}` : '–';
  };
  setInterval(poll, POLL_MS);
  show('connecting', 'connecting…');

  return {
    /** The protocol client opened a new WebSocket (first connect or a retry). */
    socket(ws) {
      socket = ws;
      if (root.dataset.status === 'reconnecting') {
        attempts += 1;
        show('reconnecting', `reconnecting… (attempt ${attempts})`);
      }
      poll();
    },
    /** Logged in; `registration` is { procedure, error? }, or undefined for a panel with no callee. */
    connected(registration) {
      attempts = 0;
      const line = find('.registration');
      line.dataset.state = registration === undefined ? 'none' : registration.error ? 'refused' : 'ok';
      if (registration === undefined) line.textContent = 'none (caller only)';
      else if (registration.error) line.textContent = `${registration.procedure} refused: ${registration.error}`;
      else line.textContent = `${registration.procedure} registered`;
      if (registration?.error) show('refused', 'connected · registration refused');
      else show('connected', 'connected');
      poll();
    },
    /** The connection dropped; returns true the first time, so the caller logs one line, not one per retry. */
    disconnected() {
      const first = root.dataset.status !== 'reconnecting';
      show('reconnecting', 'reconnecting…');
      find('.registration').textContent = '–';
      poll();
      return first;
    },
  };
}

/**
 * One panel's user interface: status (status.js), the publish and call forms, the result line and
 * the log. The protocol modules plug in with `panel.socket(ws)` for every WebSocket they open and
 * `panel.connected({ publish, subscribe, call }, registration)` once logged in, and report
 * what arrives with `panel.message()` and `panel.invoked()`. No protocol code lives here.
 */

import { createStatus } from './status.js';

const MAX_LOG_LINES = 200;

/**
 * How a received payload reads in the log. Every panel publishes `{ text, from }`, which reaches the
 * others as that same object (STOMP: an application/json body; WAMP: args[0]; JSON-RPC: the push's
 * `result`). Anything else (a plain string from a STOMP text/plain SEND, numbers, ...) is shown as is.
 */
export function describePayload(payload) {
  if (typeof payload === 'string') return { text: payload };
  if (payload !== null && typeof payload === 'object' && typeof payload.text === 'string') {
    return { text: payload.text, from: typeof payload.from === 'string' ? payload.from : undefined };
  }
  return { text: formatValue(payload) };
}

/** Strings as they are, everything else as JSON. */
export function formatValue(value) {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'null');
}

/** Call arguments as they would be written in code: `"Ann", 3`. */
function formatArgs(args) {
  return args.map((arg) => JSON.stringify(arg)).join(', ');
}

/** A log list that keeps the last MAX_LOG_LINES lines, each a row of classed spans. */
function createLog(list) {
  return (kind, ...parts) => {
    const line = document.createElement('li');
    line.className = kind;
    for (const [cls, text] of parts) {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      // The sender's protocol colours its badge (style.css).
      if (cls === 'from') span.dataset.from = text;
      line.append(span);
    }
    list.append(line);
    while (list.childElementCount > MAX_LOG_LINES) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  };
}

/** Publish and Subscribe buttons. `ui.actions()` is undefined while disconnected. */
function wirePublish(ui) {
  const failed = (what) => (error) => ui.log('error', ['text', `${what} failed: ${error.message ?? error}`]);
  const topicBox = ui.find('.publish [name=topic]');
  ui.find('.publish').addEventListener('submit', (event) => {
    event.preventDefault();
    const topic = topicBox.value.trim();
    const text = ui.find('.publish [name=text]');
    if (!topic || !text.value) return;
    Promise.resolve(ui.actions()?.publish(topic, { text: text.value, from: ui.name })).catch(failed('publish'));
    text.value = '';
  });
  ui.find('.publish [name=subscribe]').addEventListener('click', () => {
    const topic = topicBox.value.trim();
    if (!topic || ui.topics.has(topic)) return;
    ui.topics.add(topic);
    Promise.resolve(ui.actions()?.subscribe(topic))
      .then(() => ui.log('system', ['text', `subscribed to ${topic}`]))
      .catch(failed(`subscribe to ${topic}`));
  });
}

/** The Call button: logs the call, then shows the answer or the error on the result line. */
function wireCall(ui) {
  const result = ui.find('.result');
  const show = (state, text) => {
    result.dataset.state = state;
    result.textContent = text;
  };
  ui.find('.call').addEventListener('submit', (event) => {
    event.preventDefault();
    const procedure = ui.find('.call [name=procedure]').value.trim();
    const arg = ui.find('.call [name=arg]').value;
    const args = arg === '' ? [] : [arg];
    ui.log('call', ['arrow', '→'], ['text', `${procedure}(${formatArgs(args)})`]);
    show('pending', '…');
    Promise.resolve(ui.actions()?.call(procedure, args)).then(
      (value) => {
        show('ok', formatValue(value));
        ui.log('answer', ['arrow', '←'], ['text', formatValue(value)]);
      },
      (error) => {
        show('error', error.message ?? String(error));
        ui.log('error', ['arrow', '←'], ['text', result.textContent]);
      },
    );
  });
}

/** Builds the panel inside `<section id="…">` from the page's template and returns its API. */
export function createPanel(id) {
  const root = document.getElementById(id);
  root.append(document.getElementById('panel-template').content.cloneNode(true));
  const find = (selector) => root.querySelector(selector);
  const name = root.dataset.title;
  find('.title').textContent = name;
  find('.client').textContent = root.dataset.client;
  find('.role').textContent = root.dataset.role;
  find('.call [name=procedure]').value = root.dataset.procedure;
  find('.call [name=arg]').value = `${name} panel`;

  let actions;
  const topics = new Set(['demo.chat']);
  const log = createLog(find('.log'));
  const ui = { name, find, log, topics, actions: () => actions };
  wirePublish(ui);
  wireCall(ui);
  const status = createStatus(root, find);

  return {
    name,
    /** Topics to subscribe to on every (re)connect: demo.chat plus any added with the button. */
    topics,
    /** The protocol client opened a WebSocket: the panel shows its protocol and readyState from now on. */
    socket: status.socket,
    /**
     * The protocol is ready (subscribed, and registered or refused): enable the buttons.
     * `registration` is { procedure, error? }; undefined for a caller-only panel (STOMP).
     */
    connected(connectedActions, registration) {
      actions = connectedActions;
      status.connected(registration);
      log('system', ['text', `connected; subscribed to ${[...topics].join(', ')}`]);
      if (registration?.error) log('error', ['text', `register ${registration.procedure}: ${registration.error}`]);
    },
    disconnected(reason) {
      actions = undefined;
      if (status.disconnected()) {
        log('system', ['text', `disconnected${reason ? `: ${reason}` : ''}; reconnecting every 2 s…`]);
      }
    },
    /** A message arrived on `topic`. */
    message(topic, payload) {
      const { text, from } = describePayload(payload);
      // The sender's protocol is known only from the payload's `from` (messages from code have none).
      const sender = from === undefined ? [] : [['from', from]];
      log('message', ['topic', topic], ...sender, ['text', text]);
    },
    /** Another client called a procedure this panel registered. */
    invoked(procedure, args, answer) {
      log('invoked', ['arrow', '↪'], ['text', `served ${procedure}(${formatArgs(args)}): ${formatValue(answer)}`]);
    },
    error(text) {
      log('error', ['text', text]);
    },
  };
}

/** The greeting both callee panels answer with. */
export function greet(panelName, args) {
  const who = args[0] === undefined ? 'stranger' : formatValue(args[0]);
  return `Hello ${who}, from the ${panelName} panel`;
}

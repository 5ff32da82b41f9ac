/**
 * The cursors page: `?protocol=stomp|wamp` picks the client library, `?doc=` the document
 * (default `welcome`), `?name=` the name shown to the others. Publishes this user's caret (and text)
 * on cursors.<doc>; draws the others' cursors; lists who is here from the server's snapshots.
 */
import { createEditor } from './editor.js';
import { createPresence } from './presence.js';
import { connectStomp } from './stomp-link.js';
import { connectWamp } from './wamp-link.js';

const COLORS = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#008080', '#9a6324', '#d6336c'];
const CURSOR_MS = 50;
const TEXT_MS = 150;

const params = new URLSearchParams(location.search);
const protocol = params.get('protocol') === 'wamp' ? 'wamp' : 'stomp';
const doc = /^[\w-]{1,64}$/.test(params.get('doc') ?? '') ? params.get('doc') : 'welcome';
const me = {
  userId: crypto.randomUUID().slice(0, 8),
  name: (params.get('name') ?? '').slice(0, 40) || `guest-${Math.floor(Math.random() * 1000)}`,
  color: COLORS[Math.floor(Math.random() * COLORS.length)],
};

const $ = (id) => document.getElementById(id);
$('me').textContent = me.name;
$('me').style.color = me.color;
$('doc').textContent = doc;

/** Calls `fn` at most once per `ms`, always with the latest arguments. */
function throttle(fn, ms) {
  let waiting = false;
  let latest;
  return (...args) => {
    latest = args;
    if (waiting) return;
    waiting = true;
    setTimeout(() => {
      waiting = false;
      fn(...latest);
    }, ms);
  };
}

let present = new Map();
// The first snapshot after a (re)connect brings the document's text.
let firstSnapshot = true;
const cursors = new Map();
const others = () =>
  [...present.keys()].filter((id) => id !== me.userId && cursors.has(id)).map((id) => cursors.get(id));
const presence = createPresence($('people'), $('events'), me.userId);

let link;
const sendCursor = throttle((caret) => link.send({ type: 'cursor', ...me, ...caret }), CURSOR_MS);
const sendText = throttle(() => link.send({ type: 'text', ...me, text: $('text').value }), TEXT_MS);
const editor = createEditor($('text'), $('overlay'), sendCursor);
$('text').addEventListener('input', sendText);

const handlers = {
  doc,
  onMessage(message) {
    if (message?.userId === me.userId) return; // STOMP also delivers our own messages
    if (message?.type === 'text') editor.setText(message.text);
    if (message?.type === 'cursor') cursors.set(message.userId, message);
    // Only people the server lists as present are drawn: a late message cannot bring back a ghost.
    editor.draw(others());
  },
  onPresence(snapshot) {
    present = presence.update(snapshot);
    for (const user of present.values()) if (!cursors.has(user.userId)) cursors.set(user.userId, user);
    if (firstSnapshot && snapshot.text !== null) editor.setText(snapshot.text);
    firstSnapshot = false;
    editor.draw(others());
  },
  onState(state, wsProtocol) {
    document.body.dataset.state = state;
    $('state').textContent =
      state === 'connected' ? `connected · ${protocol} · ws.protocol "${wsProtocol}"` : `${state}…`;
    if (state !== 'connected') return;
    firstSnapshot = true;
    // Joining is publishing: the server adds us to presence on our first message.
    link.send({ type: 'cursor', ...me, ...editor.caret() });
  },
};
link = protocol === 'wamp' ? connectWamp(handlers) : connectStomp(handlers);

/**
 * The chat page: @stomp/stompjs (the global `StompJs`) on /topic/chat.<room>. Each message is
 * `{ user, text, time }` as JSON; `time` is the sender's clock (ISO 8601). Messages from clients that
 * send no time (a WAMP or JSON-RPC client publishing a plain string) show when they arrived.
 */
const $ = (id) => document.getElementById(id);
$('name').value = `guest${Math.floor(Math.random() * 1000)}`;

const clock = (date) =>
  date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });

function log(text, kind, time = new Date()) {
  const line = document.createElement('p');
  if (kind) line.className = kind;
  const stamp = document.createElement('time');
  stamp.dateTime = time.toISOString();
  stamp.textContent = clock(time);
  line.append(stamp, ` ${text}`);
  $('log').append(line);
  $('log').scrollTop = $('log').scrollHeight;
}

/** connecting (before the first connect), connected, reconnecting (after a drop). */
function setState(state) {
  document.body.dataset.state = state;
  $('state').textContent = state === 'connected' ? 'connected' : `${state}…`;
  $('send').disabled = state !== 'connected';
}

/** A message body as { user, text, time }, whatever protocol sent it. */
function parse(message) {
  const json = /json/.test(message.headers['content-type'] ?? '');
  const value = json ? JSON.parse(message.body) : message.body;
  if (value !== null && typeof value === 'object' && typeof value.text === 'string') {
    const time =
      typeof value.time === 'string' && !Number.isNaN(Date.parse(value.time)) ? new Date(value.time) : undefined;
    return { user: String(value.user ?? '?'), text: value.text, time };
  }
  return { user: '?', text: typeof value === 'string' ? value : JSON.stringify(value), time: undefined };
}

const client = new StompJs.Client({
  brokerURL: `ws://${location.host}`,
  reconnectDelay: 2000,
  onStompError: (frame) => log(`error: ${frame.headers.message}`, 'system'),
});
let subscription;
let room;
let everConnected = false;

const join = () => {
  subscription?.unsubscribe();
  room = $('room').value.trim() || 'lobby';
  // One topic per room; a page could also watch every room with /topic/chat.*
  subscription = client.subscribe(`/topic/chat.${room}`, (message) => {
    const { user, text, time } = parse(message);
    log(`${user}: ${text}`, user === $('name').value ? 'me' : '', time);
  });
  log(`joined ${room}`, 'system');
};

client.onConnect = () => {
  everConnected = true;
  setState('connected');
  join();
};
client.onWebSocketClose = () => {
  if (document.body.dataset.state === 'connected') log('disconnected; reconnecting every 2 s', 'system');
  setState(everConnected ? 'reconnecting' : 'connecting');
};
$('join').onclick = () => client.connected && join();
$('form').onsubmit = (event) => {
  event.preventDefault();
  if (!client.connected || !$('text').value) return;
  client.publish({
    destination: `/topic/chat.${room}`,
    body: JSON.stringify({ user: $('name').value, text: $('text').value, time: new Date().toISOString() }),
    headers: { 'content-type': 'application/json' },
  });
  $('text').value = '';
};
setState('connecting');
client.activate();

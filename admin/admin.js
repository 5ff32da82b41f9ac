// The Junction admin page: one WebSocket to /admin/ws speaking JSON-RPC 2.0, a `login`, then a
// `snapshot` every second. Rates are differences of the broker's counters between snapshots.
// No framework: the tables are rebuilt from each snapshot with textContent only (no HTML from data).

const REFRESH_MS = 1000;
const MIN_RATE_WINDOW_MS = 800;
const $ = (selector) => document.querySelector(selector);

let socket;
let nextId = 1;
const pending = new Map();
let previousStats;
let timer;
let loggedIn = false;

function setStatus(text, status) {
  $('#status').textContent = text;
  if (status) document.body.dataset.status = status;
}

function call(method, params = {}) {
  return new Promise((resolve, reject) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return reject(new Error('not connected'));
    const id = nextId++;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
  });
}

function onMessage(event) {
  const message = JSON.parse(event.data);
  const waiter = pending.get(message.id);
  if (!waiter) return;
  pending.delete(message.id);
  if (message.error) waiter.reject(new Error(message.error.message));
  else waiter.resolve(message.result);
}

function connect() {
  return new Promise((resolve, reject) => {
    const url = new URL('/admin/ws', location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(url);
    socket.onmessage = onMessage;
    socket.onopen = () => resolve();
    socket.onerror = () => reject(new Error('cannot reach the broker'));
    socket.onclose = (event) => {
      clearInterval(timer);
      for (const waiter of pending.values()) waiter.reject(new Error('connection closed'));
      pending.clear();
      // Before a login the close is ours (a refused login): the form says why, not the status.
      if (!loggedIn) return setStatus('not connected', 'logged-out');
      loggedIn = false;
      setStatus(`disconnected (${event.code}${event.reason ? `: ${event.reason}` : ''})`, 'disconnected');
    };
  });
}

function cell(row, value) {
  const td = document.createElement('td');
  td.textContent = String(value);
  row.append(td);
  return td;
}

function button(row, label, onClick) {
  const td = document.createElement('td');
  const element = document.createElement('button');
  element.type = 'button';
  element.className = 'danger';
  element.textContent = label;
  element.addEventListener('click', onClick);
  td.append(element);
  row.append(td);
  return element;
}

/** Rebuilds a table body: one row per item, `columns` picked in order, an optional action. */
function fill(id, listing, columns, action) {
  const body = $(`#${id} tbody`);
  const rows = listing.items.map((item) => {
    const row = document.createElement('tr');
    for (const column of columns) cell(row, item[column]);
    if (action) action(row, item);
    return row;
  });
  if (rows.length === 0) {
    const row = document.createElement('tr');
    const td = cell(row, 'none');
    td.className = 'empty';
    td.colSpan = columns.length + (action ? 1 : 0);
    rows.push(row);
  }
  if (listing.truncated > 0) {
    const row = document.createElement('tr');
    cell(row, `... and ${listing.truncated} more`).colSpan = columns.length;
    rows.push(row);
  }
  body.replaceChildren(...rows);
}

function showRates(stats) {
  for (const key of ['sessions', 'engine', 'node']) $(`[data-stat="${key}"]`).textContent = stats[key];
  // A refresh right after an action would divide by a few milliseconds: rates need a real window.
  if (previousStats && stats.time - previousStats.time < MIN_RATE_WINDOW_MS) return;
  if (previousStats) {
    const seconds = (stats.time - previousStats.time) / 1000;
    for (const key of ['published', 'delivered', 'enqueued']) {
      const rate = (stats[key] - previousStats[key]) / seconds;
      $(`[data-rate="${key}"]`).textContent = rate.toFixed(rate < 10 ? 1 : 0);
    }
  }
  previousStats = stats;
}

async function refresh() {
  try {
    const snapshot = await call('snapshot');
    showRates(snapshot.stats);
    fill('sessions', snapshot.sessions, ['id', 'realm', 'protocol', 'authid', 'authrole'], (row, session) => {
      row.dataset.session = String(session.id);
      row.dataset.protocol = session.protocol;
      button(row, 'Kill', () => kill(session.id));
    });
    fill('topics', snapshot.topics, ['node', 'realm', 'pattern', 'match', 'subscribers']);
    fill('queues', snapshot.queues, ['node', 'realm', 'name', 'depth', 'consumers', 'unacked'], (row, queue) => {
      button(row, 'Purge', () => call('purge', { realm: queue.realm, queue: queue.name }).then(refresh, report));
    });
    fill('procedures', snapshot.procedures, ['node', 'realm', 'procedure', 'match', 'invoke', 'callees']);
    fill('realms', snapshot.realms, ['name', 'sessions', 'subscriptions', 'registrations', 'queues']);
  } catch (error) {
    report(error);
  }
}

function report(error) {
  setStatus(error.message);
}

function kill(id) {
  call('kill', { id, reason: 'killed from the admin page' }).then(refresh, report);
}

/** Text that parses as JSON is sent as that value; anything else as a string. */
function payloadOf(text) {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function publish(event) {
  event.preventDefault();
  const form = event.target;
  const params = { topic: form.topic.value, payload: payloadOf(form.payload.value) };
  if (form.realm.value) params.realm = form.realm.value;
  const result = $('#publish-result');
  try {
    const answer = await call('publish', params);
    result.textContent = `published to ${answer.topic}, delivered to ${answer.delivered} on this node`;
  } catch (error) {
    result.textContent = error.message;
  }
}

async function login(credentials) {
  const error = $('#login-error');
  error.hidden = true;
  try {
    await connect();
    await call('login', credentials);
  } catch (failure) {
    error.textContent = failure.message;
    error.hidden = false;
    socket?.close();
    return;
  }
  loggedIn = true;
  $('#login').hidden = true;
  $('#console').hidden = false;
  setStatus(`connected to ${location.host}`, 'connected');
  await refresh();
  timer = setInterval(refresh, REFRESH_MS);
}

function start() {
  $('#login').addEventListener('submit', (event) => {
    event.preventDefault();
    const form = event.target;
    const credentials = form.token.value
      ? { token: form.token.value }
      : { authid: form.authid.value, secret: form.secret.value };
    login(credentials);
  });
  $('#publish').addEventListener('submit', publish);
  // `?token=` logs in at once; the token is then dropped from the address bar and history.
  const token = new URL(location.href).searchParams.get('token');
  if (token) {
    history.replaceState(null, '', location.pathname);
    login({ token });
  }
}

start();

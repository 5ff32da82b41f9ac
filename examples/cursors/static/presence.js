/**
 * Who is here: the list of people in the document and a log of joins and leaves. The server sends
 * a snapshot of everyone present whenever someone joins or leaves (presence.ts); comparing each
 * snapshot with the previous one gives the joins and leaves.
 */

const PROTOCOL_NAMES = { stomp: 'STOMP', wamp: 'WAMP', jsonrpc: 'JSON-RPC' };

function personItem(user, self) {
  const item = document.createElement('li');
  item.dataset.userId = user.userId;
  const dot = document.createElement('span');
  dot.className = 'dot';
  dot.style.background = user.color;
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = user.userId === self ? `${user.name} (you)` : user.name;
  const protocol = document.createElement('span');
  protocol.className = 'protocol';
  protocol.textContent = PROTOCOL_NAMES[user.protocol] ?? user.protocol;
  item.append(dot, name, protocol);
  return item;
}

/** Renders snapshots into `list` and writes joins and leaves to `log`. */
export function createPresence(list, log, self) {
  let present = new Map();
  const note = (text, kind) => {
    const line = document.createElement('li');
    line.className = kind;
    const time = document.createElement('time');
    time.textContent = new Date().toLocaleTimeString([], { hour12: false });
    line.append(time, ` ${text}`);
    log.prepend(line);
  };
  return {
    /** Applies a snapshot; returns the users present, as a Map by userId. */
    update(snapshot) {
      const next = new Map(snapshot.users.map((user) => [user.userId, user]));
      for (const [userId, user] of next) {
        if (!present.has(userId) && userId !== self) note(`${user.name} joined`, 'join');
      }
      for (const [userId, user] of present) {
        if (!next.has(userId) && userId !== self) note(`${user.name} left`, 'leave');
      }
      present = next;
      list.replaceChildren(...[...next.values()].map((user) => personItem(user, self)));
      return next;
    },
  };
}

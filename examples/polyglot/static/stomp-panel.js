/**
 * The STOMP panel: @stomp/stompjs (the global `StompJs` from the UMD bundle) over `v12.stomp`.
 * Topics are `/topic/<name>`; calls are `SEND /rpc/<procedure>` with `reply-to: /temp-queue/rpc`
 * and a `correlation-id`, answered by a MESSAGE on that temp queue (see docs/stomp.md).
 */

const REPLY_TO = '/temp-queue/rpc';

/** Reads a MESSAGE body the way the broker wrote it: JSON when it says so, else text. */
function bodyOf(message) {
  const type = message.headers['content-type'] ?? '';
  return /^application\/(?:[\w.+-]+\+)?json/i.test(type) ? JSON.parse(message.body) : message.body;
}

/** Connects the panel; reconnects every 2 s after a drop. */
export function startStomp(panel) {
  const client = new StompJs.Client({
    // Our own factory (what brokerURL would do) so the panel can show each socket's protocol and readyState.
    webSocketFactory: () => {
      const socket = new WebSocket(`ws://${location.host}/`, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
      panel.socket(socket);
      return socket;
    },
    reconnectDelay: 2000,
  });
  const pending = new Map();
  let nextCall = 1;
  let nextReceipt = 1;

  const subscribe = (topic) =>
    new Promise((resolve) => {
      // A RECEIPT for the SUBSCRIBE means the subscription is active (STOMP 1.2 §RECEIPT).
      const receipt = `sub-${nextReceipt++}`;
      client.watchForReceipt(receipt, resolve);
      client.subscribe(
        `/topic/${topic}`,
        (message) => panel.message(message.headers.destination.replace(/^\/topic\//, ''), bodyOf(message)),
        { receipt },
      );
    });

  const call = (procedure, args) =>
    new Promise((resolve, reject) => {
      const correlationId = String(nextCall++);
      pending.set(correlationId, { resolve, reject });
      const headers = { 'reply-to': REPLY_TO, 'correlation-id': correlationId };
      // One JSON argument becomes args: [value]; no body and no content-type means no arguments.
      if (args.length === 0) client.publish({ destination: `/rpc/${procedure}`, headers });
      else {
        headers['content-type'] = 'application/json';
        client.publish({ destination: `/rpc/${procedure}`, headers, body: JSON.stringify(args[0]) });
      }
    });

  // Temp-queue replies belong to no SUBSCRIBE, so stompjs hands them here.
  client.onUnhandledMessage = (message) => {
    const call = pending.get(message.headers['correlation-id']);
    if (!call) return;
    pending.delete(message.headers['correlation-id']);
    const error = message.headers.error;
    if (error) call.reject(new Error(`${error}: ${message.body}`));
    else call.resolve(bodyOf(message));
  };

  client.onConnect = async () => {
    await Promise.all([...panel.topics].map(subscribe));
    panel.connected({
      publish: (topic, payload) =>
        client.publish({
          destination: `/topic/${topic}`,
          body: JSON.stringify(payload),
          headers: { 'content-type': 'application/json' },
        }),
      subscribe,
      call,
    });
    // STOMP has no callee role: no registration to report.
  };
  client.onStompError = (frame) => panel.error(`ERROR: ${frame.headers.message}`);
  client.onWebSocketClose = (event) => {
    for (const call of pending.values()) call.reject(new Error('connection lost'));
    pending.clear();
    panel.disconnected(event.reason);
  };
  client.activate();
}

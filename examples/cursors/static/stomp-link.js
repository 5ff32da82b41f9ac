/**
 * The document over STOMP: @stomp/stompjs (global `StompJs`) on /topic/cursors.<doc> for cursors
 * and text, /topic/cursors.<doc>.presence for the server's presence snapshots. Bodies are JSON.
 */

/** Connects; calls onState('connecting' | 'connected' | 'reconnecting', wsProtocol). */
export function connectStomp({ doc, onMessage, onPresence, onState }) {
  let socket;
  let everConnected = false;
  let nextReceipt = 1;
  const client = new StompJs.Client({
    webSocketFactory: () => {
      socket = new WebSocket(`ws://${location.host}/`, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
      return socket;
    },
    reconnectDelay: 2000,
  });
  const subscribe = (topic, handler) =>
    new Promise((resolve) => {
      // The RECEIPT says the subscription is active, so nothing published after it is missed.
      const receipt = `sub-${nextReceipt++}`;
      client.watchForReceipt(receipt, resolve);
      client.subscribe(`/topic/${topic}`, (message) => handler(JSON.parse(message.body)), { receipt });
    });
  client.onConnect = async () => {
    await subscribe(`cursors.${doc}`, onMessage);
    await subscribe(`cursors.${doc}.presence`, onPresence);
    everConnected = true;
    onState('connected', socket?.protocol);
  };
  client.onWebSocketClose = () => onState(everConnected ? 'reconnecting' : 'connecting');
  onState('connecting');
  client.activate();
  return {
    send(message) {
      if (!client.connected) return;
      client.publish({
        destination: `/topic/cursors.${doc}`,
        body: JSON.stringify(message),
        headers: { 'content-type': 'application/json' },
      });
    },
  };
}

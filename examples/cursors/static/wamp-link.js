/**
 * The document over WAMP: autobahn-browser (global `autobahn`), `wamp.2.json`, realm1, topics
 * cursors.<doc> (cursors and text) and cursors.<doc>.presence (the server's snapshots), each
 * message one argument.
 */

const RETRY_MS = 2000;

/** Connects; calls onState('connecting' | 'connected' | 'reconnecting', wsProtocol). */
export function connectWamp({ doc, onMessage, onPresence, onState }) {
  let session;
  let everConnected = false;
  const open = () => {
    // autobahn's own retries stop for good after a router GOODBYE (a broker restart): retry here.
    const connection = new autobahn.Connection({
      url: `ws://${location.host}/`,
      realm: 'realm1',
      protocols: ['wamp.2.json'],
      max_retries: 0,
    });
    connection.onopen = async (opened, details) => {
      await opened.subscribe(`cursors.${doc}`, (args) => onMessage(args[0]));
      await opened.subscribe(`cursors.${doc}.presence`, (args) => onPresence(args[0]));
      session = opened;
      everConnected = true;
      onState('connected', details.transport?.protocol);
    };
    connection.onclose = () => {
      session = undefined;
      onState(everConnected ? 'reconnecting' : 'connecting');
      setTimeout(open, RETRY_MS);
      return true; // true: autobahn must not retry as well
    };
    connection.open();
  };
  onState('connecting');
  open();
  return {
    send(message) {
      // exclude_me (the default): this page draws its own caret itself.
      if (session?.isOpen) session.publish(`cursors.${doc}`, [message]);
    },
  };
}

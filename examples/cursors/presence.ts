/**
 * Presence for the cursors example, kept by the server because only the broker knows for sure when
 * a client is gone: a tab that closes, crashes or loses its network never says goodbye, but its
 * session ends (socket closed, or two missed pings), and the router announces that as
 * `wamp.session.on_leave` for every protocol's sessions.
 *
 * A client joins a document by publishing on `cursors.<doc>` (its cursor, or its text); the broker
 * tells us which session published. Whenever someone joins or leaves, we publish a snapshot on
 * `cursors.<doc>.presence`: everyone present, with their last cursor, and the document's text,
 * so a newcomer draws the others at once.
 */
import type { Junction, RoutedMessage, Subscription } from '../../src/index.js';

export interface CursorUser {
  readonly userId: string;
  readonly name: string;
  readonly color: string;
  /** The client's protocol as the broker saw it ('stomp', 'wamp', ...), not as it claimed. */
  readonly protocol: string;
  line: number;
  column: number;
}

export interface PresenceSnapshot {
  readonly type: 'presence';
  readonly users: readonly CursorUser[];
  readonly text: string | null;
}

/** A document name: one topic segment, so `cursors.<doc>` and `cursors.<doc>.presence` never collide. */
export const DOC_NAME = /^[\w-]{1,64}$/;
const MAX_TEXT = 64 * 1024;

export const cursorsTopic = (doc: string): string => `cursors.${doc}`;
export const presenceTopic = (doc: string): string => `cursors.${doc}.presence`;

/** What a client publishes on `cursors.<doc>`; anything else is ignored. */
interface ClientMessage {
  type: 'cursor' | 'text';
  userId: string;
  name: string;
  color: string;
  line?: number;
  column?: number;
  text?: string;
}

function parseClientMessage(value: unknown): ClientMessage | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const m = value as Record<string, unknown>;
  if (m.type !== 'cursor' && m.type !== 'text') return undefined;
  if (typeof m.userId !== 'string' || typeof m.name !== 'string' || typeof m.color !== 'string') return undefined;
  return m as unknown as ClientMessage;
}

const position = (n: unknown): number => (Number.isInteger(n) && (n as number) >= 0 ? (n as number) : 0);

/** Tracks who is in which document; returns a stop function. */
export function trackPresence(junction: Junction): () => void {
  const sessions = new Map<number, { doc: string; user: CursorUser }>();
  const texts = new Map<string, string>();

  const publishSnapshot = (doc: string): void => {
    const users = [...sessions.values()].filter((s) => s.doc === doc).map((s) => s.user);
    const snapshot: PresenceSnapshot = { type: 'presence', users, text: texts.get(doc) ?? null };
    junction.publish(presenceTopic(doc), snapshot);
  };

  const onClientMessage = (message: RoutedMessage): void => {
    const doc = message.topic.slice('cursors.'.length);
    const parsed = parseClientMessage(message.args?.[0]);
    // Messages from code (our own snapshots) have no publisher.
    if (message.publisher === undefined || parsed === undefined || !DOC_NAME.test(doc)) return;
    if (parsed.type === 'text' && typeof parsed.text === 'string' && parsed.text.length <= MAX_TEXT) {
      texts.set(doc, parsed.text);
    }
    const known = sessions.get(message.publisher.id);
    const user = known?.user ?? {
      userId: parsed.userId.slice(0, 64),
      name: parsed.name.slice(0, 40),
      color: parsed.color.slice(0, 32),
      protocol: message.publisher.protocol,
      line: 0,
      column: 0,
    };
    if (parsed.type === 'cursor') {
      user.line = position(parsed.line);
      user.column = position(parsed.column);
    }
    if (known === undefined) {
      sessions.set(message.publisher.id, { doc, user });
      publishSnapshot(doc);
    }
  };

  const onLeave = (message: RoutedMessage): void => {
    const sessionId = message.args?.[0];
    const left = typeof sessionId === 'number' ? sessions.get(sessionId) : undefined;
    if (left === undefined || typeof sessionId !== 'number') return;
    sessions.delete(sessionId);
    publishSnapshot(left.doc);
  };

  const subscriptions: Subscription[] = [
    // `*` is one segment: cursors.<doc>, not the cursors.<doc>.presence snapshots we publish.
    junction.subscribe('cursors.*', onClientMessage, { match: 'wildcard' }),
    junction.subscribe('wamp.session.on_leave', onLeave),
  ];
  return () => {
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}

/**
 * WebSocket-level liveness (the ws README heartbeat pattern): one timer pings every socket and
 * terminates those that missed too many pongs, so half-open TCP connections release their
 * subscriptions and registrations (WAMP users' main complaint: ghost registrations).
 */
import type { WebSocket } from 'ws';

export interface HeartbeatOptions {
  /** Milliseconds between pings; 0 disables. */
  readonly interval: number;
  /** Pings that may go unanswered before the socket is terminated. */
  readonly maxMissed: number;
}

export interface Heartbeat {
  /** Pings `socket` from now on, until `forget`: its owner calls that when the socket closes. */
  watch(socket: WebSocket): void;
  forget(socket: WebSocket): void;
  stop(): void;
}

export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const missed = new Map<WebSocket, number>();
  // One listener for every socket (ws calls it with the socket as `this`), not a closure per
  // connection; the socket's owner, which listens for its close anyway, calls `forget` (issue 13).
  function answered(this: WebSocket): void {
    if (missed.has(this)) missed.set(this, 0);
  }
  const tick = (): void => {
    for (const [socket, count] of missed) {
      if (count >= options.maxMissed) {
        missed.delete(socket);
        socket.terminate();
        continue;
      }
      missed.set(socket, count + 1);
      socket.ping();
    }
  };
  const timer = options.interval > 0 ? setInterval(tick, options.interval) : undefined;
  timer?.unref();
  return {
    watch(socket) {
      // Disabled: nothing would ever ping it.
      if (timer === undefined) return;
      missed.set(socket, 0);
      socket.on('pong', answered);
    },
    forget(socket) {
      missed.delete(socket);
    },
    stop() {
      if (timer) clearInterval(timer);
      missed.clear();
    },
  };
}

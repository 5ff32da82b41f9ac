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
  watch(socket: WebSocket): void;
  stop(): void;
}

export function createHeartbeat(options: HeartbeatOptions): Heartbeat {
  const missed = new Map<WebSocket, number>();
  // One pair of listeners for every socket (ws calls them with the socket as `this`), not a pair
  // of closures per connection (issue 13: idle memory).
  function answered(this: WebSocket): void {
    if (missed.has(this)) missed.set(this, 0);
  }
  function closed(this: WebSocket): void {
    missed.delete(this);
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
      missed.set(socket, 0);
      socket.on('pong', answered);
      // ws emits 'close' once: `on` spares the wrapper `once` would make.
      socket.on('close', closed);
    },
    stop() {
      if (timer) clearInterval(timer);
      missed.clear();
    },
  };
}

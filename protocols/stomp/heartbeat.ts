/**
 * Heart-beat negotiation and timers (STOMP 1.2 "Heart-beating").
 */

/** Negotiated intervals in ms; 0 means that direction is off. */
export interface HeartbeatIntervals {
  /** Server → client: the server sends something at least this often. */
  readonly outgoing: number;
  /** Client → server: the client promised to send something at least this often. */
  readonly incoming: number;
}

/**
 * Computes both directions from the client's `cx,cy` and the server's `sx,sy`: each direction is
 * off when either side says 0, otherwise it is the larger of the two. A missing or malformed
 * header means `0,0`.
 */
export function negotiateHeartbeat(clientHeader: string | undefined, serverSend: number, serverReceive: number) {
  const match = clientHeader === undefined ? null : /^\s*(\d+)\s*,\s*(\d+)\s*$/.exec(clientHeader);
  const cx = match ? Number(match[1]) : 0;
  const cy = match ? Number(match[2]) : 0;
  return {
    incoming: cx === 0 || serverReceive === 0 ? 0 : Math.max(cx, serverReceive),
    outgoing: cy === 0 || serverSend === 0 ? 0 : Math.max(serverSend, cy),
  } satisfies HeartbeatIntervals;
}

export interface HeartbeatHooks {
  /** Milliseconds since anything was sent or received. */
  sinceSent(): number;
  sinceReceived(): number;
  /** Sends one EOL. */
  beat(): void;
  /** The client went silent for too long. */
  dead(): void;
}

/** Starts the timers; returns a function that stops them. */
export function startHeartbeat(intervals: HeartbeatIntervals, graceFactor: number, hooks: HeartbeatHooks) {
  const timers: NodeJS.Timeout[] = [];
  if (intervals.outgoing > 0) {
    // Ticking at half the interval keeps every gap at or below the interval.
    const half = Math.max(1, Math.floor(intervals.outgoing / 2));
    timers.push(setInterval(() => hooks.sinceSent() >= half && hooks.beat(), half));
  }
  if (intervals.incoming > 0) {
    // STOMP 1.2: the receiver SHOULD allow an error margin before declaring the peer dead.
    const deadline = intervals.incoming * graceFactor;
    const check = Math.max(1, Math.floor(intervals.incoming / 2));
    timers.push(setInterval(() => hooks.sinceReceived() > deadline && hooks.dead(), check));
  }
  for (const timer of timers) timer.unref();
  return () => {
    for (const timer of timers) clearInterval(timer);
  };
}

/**
 * Who may open one more connection: the `maxConnections` and `maxConnectionsPerAddress` caps,
 * counted over hosted sessions and HTTP connections still sending their request (a pending
 * upgrade), which are closed at `handshakeTimeout`. Node checks its own `headersTimeout` only
 * every 30 s and counts nothing, so silent or trickling requests were held half a minute each
 * and never met the cap.
 */
import type { Socket } from 'node:net';
import { abortHandshake } from './handshake.js';

/** The address a cap counts by: IPv4 clients of a dual-stack socket arrive as `::ffff:a.b.c.d`. */
export function addressKey(address: string | undefined): string {
  if (address === undefined) return '';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

function hasAddress(address: string | undefined): boolean {
  return address !== undefined && address !== '' && address !== 'unknown';
}

/** Open connections per remote address. */
export class AddressCounts {
  readonly #counts = new Map<string, number>();

  add(address: string | undefined): void {
    const key = addressKey(address);
    this.#counts.set(key, (this.#counts.get(key) ?? 0) + 1);
  }

  remove(address: string | undefined): void {
    const key = addressKey(address);
    const count = (this.#counts.get(key) ?? 0) - 1;
    if (count > 0) this.#counts.set(key, count);
    else this.#counts.delete(key);
  }

  count(address: string | undefined): number {
    return this.#counts.get(addressKey(address)) ?? 0;
  }
}

export interface AdmissionLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly uncappedAddresses: readonly string[];
  readonly handshakeTimeout: number;
}

/**
 * The caps, and the HTTP connections pending until their request is read and handled. A
 * pending socket counts toward both caps; `settle` hands it over (to a session, a refusal or a
 * plain HTTP response).
 */
export class Admission {
  readonly #limits: AdmissionLimits;
  readonly #sessions: () => number;
  readonly #addresses: AddressCounts;
  readonly #uncapped: ReadonlySet<string>;
  /** Each pending socket's timeout and the address it counts under (read once: a closed socket forgets it). */
  readonly #pending = new Map<Socket, { readonly timer: ReturnType<typeof setTimeout>; readonly address: string }>();
  /**
   * One 'close' listener for every pending socket (the socket is `this`), removed when the socket
   * settles: an upgraded connection keeps no listener, closure or `once` wrapper of ours (issue 13).
   */
  readonly #onPendingClose: (this: Socket) => void;

  /** `addresses` counts hosted sessions too (the session registry adds and removes them). */
  constructor(limits: AdmissionLimits, sessions: () => number, addresses: AddressCounts) {
    this.#limits = limits;
    this.#sessions = sessions;
    this.#addresses = addresses;
    this.#uncapped = new Set(limits.uncappedAddresses.map(addressKey));
    const admission = this;
    this.#onPendingClose = function (this: Socket) {
      admission.settle(this);
    };
  }

  get pending(): number {
    return this.#pending.size;
  }

  /**
   * Why one more connection from `address` is refused, or undefined. `socket`, when it is one
   * already pending, is not counted against itself.
   */
  refusal(address: string | undefined, socket?: Socket): string | undefined {
    const self = socket !== undefined && this.#pending.has(socket) ? 1 : 0;
    if (this.#sessions() + this.#pending.size - self >= this.#limits.maxConnections) return 'too many connections';
    // A transport without a peer address (a Unix socket, an in-process pair) has no address to cap.
    if (!hasAddress(address) || this.#uncapped.has(addressKey(address))) return undefined;
    if (this.#addresses.count(address) - self >= this.#limits.maxConnectionsPerAddress) {
      return 'too many connections from this address';
    }
    return undefined;
  }

  /** The HTTP server's 'connection' listener: a new socket is refused with 503 or held as pending. */
  readonly onConnection = (socket: Socket): void => {
    const address = addressKey(socket.remoteAddress);
    const refusal = this.refusal(address);
    if (refusal !== undefined) {
      abortHandshake(socket, 503, `Broker is not accepting connections: ${refusal}`);
      return;
    }
    const timer = setTimeout(() => {
      this.settle(socket);
      abortHandshake(socket, 408, 'request timeout');
    }, this.#limits.handshakeTimeout);
    timer.unref();
    this.#pending.set(socket, { timer, address });
    this.#addresses.add(address);
    socket.on('close', this.#onPendingClose);
  };

  /** The socket's request was handled (hosted, refused or answered): it is no longer pending. */
  settle(socket: Socket): void {
    const entry = this.#pending.get(socket);
    if (entry === undefined) return;
    clearTimeout(entry.timer);
    this.#pending.delete(socket);
    socket.removeListener('close', this.#onPendingClose);
    this.#addresses.remove(entry.address);
  }
}

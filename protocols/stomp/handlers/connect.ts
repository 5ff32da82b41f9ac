/**
 * CONNECT and STOMP (STOMP 1.2 §CONNECT or STOMP Frame): version negotiation from
 * `accept-version`, the realm from `host`, authentication through the core authenticator, and
 * heart-beat negotiation. The session sends CONNECTED from the outcome.
 */
import {
  AuthenticationError,
  type AuthRequest,
  type Identity,
  RouterError,
  type SessionContext,
  type SessionHandle,
} from '../../../src/plugin/index.js';
import { CloseCode, fromAuthenticationError, StompError } from '../errors.js';
import { type Frame, header, type StompVersion, VERSIONS } from '../frame.js';
import { type HeartbeatIntervals, negotiateHeartbeat } from '../heartbeat.js';
import type { ResolvedStompOptions } from '../options.js';

export interface ConnectOutcome {
  readonly version: StompVersion;
  readonly router: SessionHandle;
  readonly identity: Identity;
  readonly heartbeat: HeartbeatIntervals;
}

/** STOMP 1.2: a missing accept-version means 1.0; otherwise the highest common version. */
export function negotiateVersion(acceptVersion: string | undefined): StompVersion {
  if (acceptVersion === undefined) return '1.0';
  const offered = acceptVersion.split(',').map((v) => v.trim());
  const version = VERSIONS.find((v) => offered.includes(v));
  if (version !== undefined) return version;
  throw new StompError('Supported protocol versions are 1.0,1.1,1.2', {
    headers: [['version', '1.0,1.1,1.2']],
    details: `Supported protocol versions are 1.0,1.1,1.2; the client accepts ${acceptVersion}`,
  });
}

/**
 * The realm named by `host`. Clients such as stomp.py put the server's host name there, so a
 * network address (localhost, an IP literal, a name with a port, the HTTP Host) or RabbitMQ's
 * default vhost `/` means the default realm. Any other value names a realm, which must exist or be
 * creatable (in strict mode, one of the configured realms).
 */
export function realmFromHost(host: string | undefined, context: SessionContext): string {
  if (host === undefined || isNetworkAddress(host, context.handshake.headers.host)) return context.defaultRealm;
  if (!context.hasRealm(host)) throw new StompError(`Unknown realm ${host} (named by the host header)`);
  return host;
}

function isNetworkAddress(host: string, httpHost: string | undefined): boolean {
  if (host === '' || host === '/' || host === 'localhost' || host === httpHost) return true;
  if (httpHost !== undefined && host === httpHost.replace(/:\d+$/, '')) return true;
  return /^[\d.]+$/.test(host) || host.includes(':') || /^\[.*\]$/.test(host);
}

/** Runs CONNECT: negotiates, authenticates, joins the realm. Throws StompError when refused. */
export async function connect(frame: Frame, context: SessionContext, options: ResolvedStompOptions) {
  const version = negotiateVersion(header(frame, 'accept-version'));
  const realm = realmFromHost(header(frame, 'host'), context);
  const identity = await authenticate(frame, realm, context);
  let router: SessionHandle;
  try {
    router = context.join(realm, identity);
  } catch (err) {
    // The realm exists or may be created (checked above): a refusal now is policy, such as `maxRealms`.
    if (err instanceof RouterError) {
      throw new StompError(`Cannot join realm ${realm}`, { details: err.message, closeCode: CloseCode.POLICY });
    }
    throw err;
  }
  const heartbeat =
    version === '1.0'
      ? { incoming: 0, outgoing: 0 }
      : negotiateHeartbeat(header(frame, 'heart-beat'), options.heartbeatOutgoing, options.heartbeatIncoming);
  return { version, router, identity, heartbeat } satisfies ConnectOutcome;
}

async function authenticate(frame: Frame, realm: string, context: SessionContext): Promise<Identity> {
  const login = header(frame, 'login');
  const passcode = header(frame, 'passcode');
  const bearer = /^Bearer\s+(.+)$/i.exec(header(frame, 'Authorization') ?? '')?.[1];
  // An identity established at the HTTP upgrade stands unless CONNECT presents credentials.
  if (login === undefined && passcode === undefined && bearer === undefined && context.handshake.identity) {
    return context.handshake.identity;
  }
  // A token may also come as `passcode` with no `login` or `login:token`: clients such as
  // stompjs and stomp.py set login/passcode but no other header.
  const token = bearer ?? (passcode !== undefined && (login === undefined || login === 'token') ? passcode : undefined);
  const request: AuthRequest = {
    protocol: 'stomp',
    realm,
    handshake: context.handshake,
    ...(token !== undefined
      ? { method: 'token', secret: token }
      : { method: login !== undefined ? 'password' : 'anonymous', authid: login, secret: passcode }),
  };
  try {
    return await context.authenticate(request);
  } catch (err) {
    if (!(err instanceof AuthenticationError)) throw err;
    throw fromAuthenticationError(err, login);
  }
}

/**
 * The opening of a WAMP session (WAMP SE): HELLO, an optional CHALLENGE/AUTHENTICATE round, then
 * WELCOME or ABORT. Authentication goes through the core authenticator (anonymous, ticket);
 * WAMP-CRA is verified here because it signs a challenge with the user's plain secret.
 */
import { AuthenticationError, errorCodes, type Identity, type SessionContext } from '../../src/plugin/index.js';
import { craChallenge, craExtra, craUser, selectAuthMethod, verifyCra } from './auth.js';
import { type ClientFeatures, readClientRoles } from './features.js';
import type { MessageOfType } from './messages.js';
import type { AuthMethod, ResolvedWampOptions, WampCraUser } from './options.js';
import { isValidUri, WampUri } from './uris.js';

/** What the session does next. */
export type HandshakeOutcome =
  | {
      readonly kind: 'welcome';
      readonly realm: string;
      readonly identity: Identity;
      readonly authmethod: AuthMethod;
      readonly features: ClientFeatures;
    }
  | { readonly kind: 'challenge'; readonly message: MessageOfType<'CHALLENGE'> }
  | { readonly kind: 'abort'; readonly reason: string; readonly message: string }
  | { readonly kind: 'violation'; readonly message: string };

interface Pending {
  readonly realm: string;
  readonly authid: string | undefined;
  readonly method: AuthMethod;
  readonly features: ClientFeatures;
  readonly cra?: { readonly user: WampCraUser; readonly challenge: string };
}

/** ABORT for an authenticator's refusal, with the reason the error table gives; rethrows anything else. */
export function authFailure(error: unknown): HandshakeOutcome {
  if (!(error instanceof AuthenticationError)) throw error;
  return { kind: 'abort', reason: errorCodes.JNC_ERR_AUTH_FAILED.wamp, message: error.message };
}

export class Handshake {
  readonly #context: SessionContext;
  readonly #options: ResolvedWampOptions;
  #pending: Pending | undefined;

  constructor(context: SessionContext, options: ResolvedWampOptions) {
    this.#context = context;
    this.#options = options;
  }

  /** HELLO: checks realm and roles, then authenticates or challenges. */
  async hello(message: MessageOfType<'HELLO'>): Promise<HandshakeOutcome> {
    const { details } = message;
    const realm = message.realm === '' ? this.#context.defaultRealm : message.realm;
    if (!isValidUri(realm, 'exact', this.#options.strictUris)) {
      return { kind: 'abort', reason: WampUri.INVALID_URI, message: `invalid realm ${realm}` };
    }
    const features = readClientRoles(details);
    if (features === undefined) return { kind: 'violation', message: 'HELLO announces no client role' };
    if (!this.#context.hasRealm(realm)) {
      return { kind: 'abort', reason: WampUri.NO_SUCH_REALM, message: `no realm ${realm}` };
    }
    const method = selectAuthMethod(details.authmethods, this.#options.authMethods);
    if (method === undefined) {
      return { kind: 'abort', reason: WampUri.NO_MATCHING_AUTH_METHOD, message: 'no acceptable authmethod offered' };
    }
    const authid = typeof details.authid === 'string' ? details.authid : undefined;
    if (method === 'anonymous') return this.#authenticated({ realm, authid, method, features }, undefined);
    if (method === 'ticket') {
      this.#pending = { realm, authid, method, features };
      return { kind: 'challenge', message: { type: 'CHALLENGE', authMethod: 'ticket', extra: {} } };
    }
    return this.#craChallenge({ realm, authid, method, features });
  }

  /** AUTHENTICATE: verifies the ticket or signature of the pending challenge. */
  async authenticate(message: MessageOfType<'AUTHENTICATE'>): Promise<HandshakeOutcome> {
    const pending = this.#pending;
    if (pending === undefined) return { kind: 'violation', message: 'AUTHENTICATE without CHALLENGE' };
    this.#pending = undefined;
    if (pending.cra !== undefined) {
      const { user, challenge } = pending.cra;
      if (!verifyCra(user, challenge, message.signature)) {
        return { kind: 'abort', reason: WampUri.AUTHENTICATION_FAILED, message: 'invalid signature' };
      }
      const identity = { authid: pending.authid ?? '', authrole: user.authrole ?? 'user' };
      return { kind: 'welcome', realm: pending.realm, identity, authmethod: 'wampcra', features: pending.features };
    }
    return this.#authenticated(pending, message.signature);
  }

  /**
   * An unknown authid is challenged like a known one (a stand-in user with a secret nobody has,
   * salted the way the configured users are) and fails at AUTHENTICATE as a wrong signature does:
   * the answer must not tell a prober which users exist.
   */
  #craChallenge(pending: Pending): HandshakeOutcome {
    if (pending.authid === undefined) {
      return { kind: 'abort', reason: WampUri.AUTHENTICATION_FAILED, message: 'wampcra needs an authid' };
    }
    const user = craUser(this.#options.wampcraUsers, pending.authid);
    const challenge = craChallenge(this.#context.sessionId, pending.authid, user.authrole ?? 'user');
    this.#pending = { ...pending, cra: { user, challenge } };
    return {
      kind: 'challenge',
      message: { type: 'CHALLENGE', authMethod: 'wampcra', extra: craExtra(user, challenge) },
    };
  }

  async #authenticated(pending: Pending, secret: string | undefined): Promise<HandshakeOutcome> {
    const { realm, authid, method, features } = pending;
    const handshake = this.#context.handshake;
    try {
      // A connection authenticated at the HTTP upgrade (bearer token) keeps that identity.
      const identity =
        method === 'anonymous' && handshake.identity !== undefined
          ? handshake.identity
          : await this.#context.authenticate({
              protocol: 'wamp',
              realm,
              method,
              handshake,
              // issue 11: an anonymous session claims no identity; the broker names it (WELCOME.authid).
              ...(authid !== undefined && method !== 'anonymous' && { authid }),
              ...(secret !== undefined && { secret }),
            });
      return { kind: 'welcome', realm, identity, authmethod: method, features };
    } catch (error) {
      return authFailure(error);
    }
  }
}

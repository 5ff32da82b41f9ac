/**
 * Who the client is and which realm it joined. The realm comes from the URL (`?realm=`), else
 * the broker's default. The session joins at once with the identity the core established at the
 * handshake (Authorization: Bearer or ?token=), or anonymously when the authenticator allows it;
 * otherwise it waits for the `login` method. An anonymous session may still log in once; it then
 * rejoins as the new identity, releasing what it held anonymously. A session joined with an
 * expiring token (a JWT) renews it with `login({token})` before it expires (docs/jwt.md).
 */
import {
  AuthenticationError,
  type AuthRequest,
  errorCodes,
  type Identity,
  type SessionContext,
  type SessionHandle,
} from '../../src/plugin/index.js';
import { ErrorCode, JsonRpcError } from './errors.js';
import type { LoginParams } from './params.js';

const PROTOCOL = 'jsonrpc';

export type AccessState = 'login-required' | 'logging-in' | 'joined' | 'refused';

export class Access {
  readonly realm: string;
  readonly #context: SessionContext;
  #state: AccessState = 'login-required';
  #router: SessionHandle | undefined;
  #anonymous = false;

  constructor(context: SessionContext) {
    this.#context = context;
    const named = context.handshake.url.searchParams.get('realm');
    this.realm = named === null || named === '' ? context.defaultRealm : named;
  }

  get state(): AccessState {
    return this.#state;
  }

  /**
   * Joins at session start when it can. Resolves false when the realm does not exist: the
   * caller closes the connection (1008).
   */
  async start(): Promise<boolean> {
    if (!this.#context.hasRealm(this.realm)) {
      this.#state = 'refused';
      return false;
    }
    const identity = this.#context.handshake.identity ?? (await this.#tryAnonymous());
    if (identity !== undefined) {
      this.#join(identity);
      this.#anonymous = this.#context.handshake.identity === undefined;
    }
    return true;
  }

  async #tryAnonymous(): Promise<Identity | undefined> {
    try {
      return await this.#context.authenticate({
        protocol: PROTOCOL,
        realm: this.realm,
        method: 'anonymous',
        handshake: this.#context.handshake,
      });
    } catch (error) {
      if (!(error instanceof AuthenticationError)) {
        this.#context.log.warn({ err: error }, 'anonymous authentication failed');
      }
      return undefined;
    }
  }

  /**
   * The `login` method: password or token authentication, then join. A session already joined
   * with a token may present a fresh one of the same identity: that renews its expiry and keeps
   * everything it holds. Resolves with the identity.
   */
  async login(params: LoginParams): Promise<Identity> {
    const previous = this.#state;
    const renewing = previous === 'joined' && !this.#anonymous && 'token' in params;
    if (!renewing && previous !== 'login-required' && !(previous === 'joined' && this.#anonymous)) {
      throw new JsonRpcError(ErrorCode.ALREADY_JOINED, `already ${previous === 'joined' ? 'joined' : 'logging in'}`);
    }
    this.#state = 'logging-in';
    let identity: Identity;
    try {
      identity = await this.#context.authenticate(this.#request(params));
    } catch (error) {
      this.#state = previous;
      const reason = error instanceof AuthenticationError ? `: ${error.message}` : '';
      throw new JsonRpcError(errorCodes.JNC_ERR_AUTH_FAILED.jsonrpc, `authentication failed${reason}`);
    }
    if (renewing) {
      this.#state = previous;
      if (!this.#context.renew(identity))
        throw new JsonRpcError(ErrorCode.ALREADY_JOINED, 'already joined as another identity');
    } else {
      try {
        this.#join(identity);
        this.#anonymous = false;
      } catch (error) {
        this.#state = previous;
        throw error;
      }
    }
    const { authid, authrole, expiresAt } = identity;
    return expiresAt === undefined ? { authid, authrole } : { authid, authrole, expiresAt };
  }

  #request(params: LoginParams): AuthRequest {
    const common = { protocol: PROTOCOL, realm: this.realm, handshake: this.#context.handshake };
    if ('token' in params) return { ...common, method: 'token', secret: params.token };
    return { ...common, method: 'password', authid: params.authid, secret: params.secret };
  }

  #join(identity: Identity): void {
    this.#router = this.#context.join(this.realm, identity);
    this.#state = 'joined';
  }

  /** The realm handle; methods other than `login` fail with -32001 until the session joined. */
  router(): SessionHandle {
    if (this.#router === undefined) {
      throw new JsonRpcError(ErrorCode.LOGIN_REQUIRED, 'login required: call "login" with authid and secret');
    }
    return this.#router;
  }
}

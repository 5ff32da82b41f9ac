/**
 * The dealer of one realm: routes each call to a callee, on this node or on the node that owns
 * the registration (node-choice.ts), checks the procedure's contracts where the callee runs, and
 * starts the call's one lifecycle (call.ts). A refusal before the call starts is thrown as a
 * RouterError, as every router operation does; what happens after arrives through the call.
 */
import type { RouterContext } from '../context.js';
import { validateTopic } from '../patterns/topic-pattern.js';
import type { RemoteCall, RemoteCallReply, RemoteCallRequest } from '../ports.js';
import {
  type CallOptions,
  ErrorUri,
  type InvokePolicy,
  type MatchPolicy,
  RouterError,
  type SessionInfo,
} from '../types.js';
import { asRouterError, Call } from './call.js';
import { LOCAL, NodeChoice } from './node-choice.js';
import type { ProcedureTable } from './procedure-table.js';

export class Dealer {
  readonly #realm: string;
  readonly #context: RouterContext;
  readonly #table: ProcedureTable;
  readonly #nodes: NodeChoice;
  /** The caller of a call from another node that did not ask to be disclosed. */
  readonly #undisclosed: SessionInfo;

  constructor(realm: string, context: RouterContext, table: ProcedureTable) {
    this.#realm = realm;
    this.#context = context;
    this.#table = table;
    this.#nodes = new NodeChoice(realm, context.engine, table);
    this.#undisclosed = Object.freeze({ id: 0, realm, authid: '', authrole: '', protocol: 'cluster' });
  }

  /** Throws RouterError `procedure_already_exists` when another node holds the registration. */
  checkRegister(procedure: string, match: MatchPolicy, invoke: InvokePolicy): void {
    this.#nodes.checkRegister(procedure, match, invoke);
  }

  /**
   * Starts a call from a session of this node. Throws RouterError `invalid_uri`,
   * `no_such_procedure` or the contract's refusal; `owner` keeps the call until it settles.
   */
  call(caller: SessionInfo, procedure: string, options: CallOptions, owner?: Set<Call>): Call {
    const invalid = validateTopic(procedure);
    if (invalid !== undefined) {
      throw new RouterError(ErrorUri.INVALID_URI, `Invalid procedure "${procedure}": ${invalid}`);
    }
    const target = this.#nodes.target(procedure);
    if (target === LOCAL) return this.#callHere(caller, procedure, options, owner);
    if (target === undefined) throw new RouterError(ErrorUri.NO_SUCH_PROCEDURE, `No callee for "${procedure}"`);
    const call = new Call(this.#context, this.#realm, caller, procedure, options, owner);
    call.sendTo(target);
    return call;
  }

  /** Runs a call from another node on a callee of this node; its outcome goes back through `reply`. */
  callFromNode(request: RemoteCallRequest, reply: RemoteCallReply): RemoteCall {
    // One shape for every call (no spreads on the hot path); a closure only when progress is asked for.
    const options: CallOptions = {
      args: request.args,
      kwargs: request.kwargs,
      encoded: request.encoded,
      timeout: request.timeout,
      discloseCaller: request.caller !== undefined,
      onProgress: request.receiveProgress ? (payload) => reply.progress(payload) : undefined,
    };
    const caller = request.caller ?? this.#undisclosed;
    try {
      return this.#callHere(caller, request.procedure, options, undefined, reply);
    } catch (err) {
      reply.reject(asRouterError(err));
      return { cancel() {} };
    }
  }

  /** Contracts run where the callee runs, so calls from other nodes are checked too. */
  #callHere(
    caller: SessionInfo,
    procedure: string,
    options: CallOptions,
    owner: Set<Call> | undefined,
    callerNode?: RemoteCallReply,
  ): Call {
    const callee = this.#table.route(procedure);
    if (callee === undefined) throw new RouterError(ErrorUri.NO_SUCH_PROCEDURE, `No callee for "${procedure}"`);
    const checks = this.#context.contracts?.procedure(this.#realm, procedure);
    const refused = checks?.params(options);
    if (refused !== undefined) throw refused;
    const call = new Call(this.#context, this.#realm, caller, procedure, options, owner, callerNode);
    call.invokeOn(callee, checks?.result);
    return call;
  }
}

/** What the fuzz engine runs: one fast-check property per codec or live transport. */
import type fc from 'fast-check';
import type { FuzzBroker } from './broker.js';

export type Protocol = 'stomp' | 'wamp' | 'jsonrpc';
export const PROTOCOLS: readonly Protocol[] = ['stomp', 'wamp', 'jsonrpc'];

export interface Target {
  /** `stomp-tcp`, `wamp-codec-cbor`, … (`--target`). */
  readonly name: string;
  readonly protocol: Protocol;
  /** Average inputs one run feeds, to turn an input count into a number of runs. */
  readonly inputsPerRun: number;
  /** The property to check. */
  property(context: RunContext): fc.IRawProperty<unknown[], boolean>;
}

export interface RunContext {
  readonly broker: FuzzBroker;
  /** Records inputs fed. */
  count(inputs: number): void;
  /** Records how the broker closed a live WebSocket session. */
  closed(code: number): void;
  /** Called after every live run: now and then, checks that the bystander session still works. */
  checkpoint(): Promise<void>;
}

/**
 * A child logger made when its first line is written, not when its owner is made: an idle
 * session whose lines are all filtered out by the level never holds a pino child (its bindings,
 * serialized bindings and formatters), only this object (issue 13: idle memory).
 */
import type { Logger, LogLevel } from './logger.js';

type Level = 'debug' | 'info' | 'warn' | 'error';

export class LazyChildLogger implements Logger {
  readonly #parent: Logger;
  readonly #bindings: Record<string, unknown>;
  #child: Logger | undefined;

  constructor(parent: Logger, bindings: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  debug(obj: object | string, msg?: string): void {
    this.#write('debug', obj, msg);
  }

  info(obj: object | string, msg?: string): void {
    this.#write('info', obj, msg);
  }

  warn(obj: object | string, msg?: string): void {
    this.#write('warn', obj, msg);
  }

  error(obj: object | string, msg?: string): void {
    this.#write('error', obj, msg);
  }

  child(bindings: Record<string, unknown>): Logger {
    return this.#logger().child(bindings);
  }

  /** The parent's answer (its level may change at run time); true when it cannot tell. */
  isLevelEnabled(level: LogLevel): boolean {
    return this.#parent.isLevelEnabled?.(level) ?? true;
  }

  #write(level: Level, obj: object | string, msg: string | undefined): void {
    // A line the level drops needs no child (pino's methods below the level are no-ops anyway).
    if (this.#child === undefined && this.#parent.isLevelEnabled?.(level) === false) return;
    const logger = this.#logger();
    // Same arity as the caller: pino formats extra arguments into the message.
    if (msg === undefined) logger[level](obj);
    else logger[level](obj, msg);
  }

  #logger(): Logger {
    this.#child ??= this.#parent.child(this.#bindings);
    return this.#child;
  }
}

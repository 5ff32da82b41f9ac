/**
 * Aggregation of repeated log lines: a failure that repeats for every receiver or every message
 * (a payload no subscriber can render, slow consumers during an outage) would otherwise write
 * one line each, megabytes of the same stack trace. The first line of a kind is written at once;
 * identical ones (same level, message and `code`) within the next window are counted, and one
 * summary line per window says how many there were (`… (repeated N times)`, field `repeated`).
 */
import type { Logger } from './logger.js';

export type RepeatLevel = 'debug' | 'info' | 'warn' | 'error';

interface Pending {
  count: number;
  /** The logger and fields of the last suppressed line, for the summary. */
  logger: Logger;
  fields: object;
  readonly level: RepeatLevel;
  readonly msg: string;
}

/** One window per kind of line; a kind that stays quiet for a whole window is forgotten. */
export class RepeatedLines {
  readonly #windowMs: number;
  readonly #open = new Map<string, Pending | null>();

  /** @param windowMs length of a window; at most one line per kind is written per window. */
  constructor(windowMs = 1000) {
    this.#windowMs = windowMs;
  }

  /**
   * Writes `msg` on `logger` unless the same kind was written within the current window. The kind
   * is the level, the message and `kind` (default: the `code` field).
   */
  write(logger: Logger, level: RepeatLevel, fields: object, msg: string, kind?: string): void {
    const key = `${level}\n${msg}\n${kind ?? String((fields as { code?: unknown }).code ?? '')}`;
    const pending = this.#open.get(key);
    if (pending === undefined) {
      logger[level](fields, msg);
      this.#open.set(key, null);
      this.#schedule(key);
    } else if (pending === null) {
      this.#open.set(key, { count: 1, logger, fields, level, msg });
    } else {
      pending.count++;
      pending.logger = logger;
      pending.fields = fields;
    }
  }

  /** A logger whose lines go through this aggregator (child loggers share it). */
  wrap(logger: Logger): Logger {
    return {
      debug: (obj, msg) => this.#through(logger, 'debug', obj, msg),
      info: (obj, msg) => this.#through(logger, 'info', obj, msg),
      warn: (obj, msg) => this.#through(logger, 'warn', obj, msg),
      error: (obj, msg) => this.#through(logger, 'error', obj, msg),
      child: (bindings) => this.wrap(logger.child(bindings)),
    };
  }

  #through(logger: Logger, level: RepeatLevel, obj: object | string, msg?: string): void {
    if (typeof obj === 'string') this.write(logger, level, {}, obj);
    else this.write(logger, level, obj, msg ?? '');
  }

  /** At the end of a window: a summary if lines were counted (and a new window), else forget the kind. */
  #schedule(key: string): void {
    const timer = setTimeout(() => {
      const pending = this.#open.get(key);
      if (pending === null || pending === undefined) {
        this.#open.delete(key);
        return;
      }
      const { logger, level, fields, msg, count } = pending;
      logger[level]({ ...fields, repeated: count }, `${msg} (repeated ${count} times)`);
      this.#open.set(key, null);
      this.#schedule(key);
    }, this.#windowMs);
    // A pending summary never keeps the process alive.
    timer.unref();
  }
}

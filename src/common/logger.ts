/** Logging: a structural Logger so plugins do not depend on pino, and a pino-backed factory. */
import { pino } from 'pino';

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** Structured JSON logs on stdout (pino). */
export function createLogger(level: LogLevel = 'info'): Logger {
  return pino({ level, base: { service: 'junction' } });
}

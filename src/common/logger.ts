/** Logging: a structural Logger so plugins do not depend on pino, and a pino-backed factory. */
import { createRequire } from 'node:module';
import { type DestinationStream, pino } from 'pino';

export interface Logger {
  debug(obj: object | string, msg?: string): void;
  info(obj: object | string, msg?: string): void;
  warn(obj: object | string, msg?: string): void;
  error(obj: object | string, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
  /** Whether a line at `level` would be written (pino has it); absent: assume it would. */
  isLevelEnabled?(level: LogLevel): boolean;
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** JSON lines for log collectors, or human-readable lines for a terminal. */
export type LogFormat = 'json' | 'pretty';

export const LOG_FORMATS: readonly LogFormat[] = ['json', 'pretty'];

type PrettyFactory = (options: { sync: boolean; destination: number }) => DestinationStream;

/**
 * pino-pretty, loaded only when asked for: JSON output (production) never pays for it. Synchronous,
 * like the JSON destination below, so the last lines before `process.exit` are not lost.
 */
function prettyStdout(): DestinationStream {
  const build = createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  return build({ sync: true, destination: 1 });
}

/**
 * Structured logs on stdout (pino): JSON lines by default, pino-pretty's lines for `pretty`. Both
 * write synchronously: pino's default stdout is asynchronous, and a line written just before
 * `process.exit` (the CLI's "junction stopped") was sometimes lost with the write still in flight.
 * Lines are per session and per incident, never per message, so a write each costs little.
 */
export function createLogger(level: LogLevel = 'info', format: LogFormat = 'json'): Logger {
  const options = { level, base: { service: 'junction' } };
  if (level === 'silent') return pino(options);
  return pino(options, format === 'pretty' ? prettyStdout() : pino.destination({ dest: 1, sync: true }));
}

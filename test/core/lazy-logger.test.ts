import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { LazyChildLogger } from '../../src/common/lazy-logger.js';
import type { Logger } from '../../src/common/logger.js';
import { LEVEL, type LogLine } from '../helpers/log-capture.js';

/** A parent over pino whose lines land in `lines`, counting the children made from it. */
function parent(level: string) {
  const lines: LogLine[] = [];
  const pinoLogger = pino({ level }, { write: (chunk: string) => void lines.push(JSON.parse(chunk) as LogLine) });
  const counted = { children: 0 };
  const logger: Logger = {
    debug: (obj, msg) => pinoLogger.debug(obj, msg),
    info: (obj, msg) => pinoLogger.info(obj, msg),
    warn: (obj, msg) => pinoLogger.warn(obj, msg),
    error: (obj, msg) => pinoLogger.error(obj, msg),
    child: (bindings) => {
      counted.children++;
      return pinoLogger.child(bindings);
    },
    isLevelEnabled: (lineLevel) => pinoLogger.isLevelEnabled(lineLevel),
  };
  const setLevel = (next: string) => {
    pinoLogger.level = next;
  };
  return { logger, lines, counted, setLevel };
}

describe('LazyChildLogger', () => {
  it('makes no child while every line is below the level', () => {
    const { logger, lines, counted } = parent('warn');
    const log = new LazyChildLogger(logger, { protocol: 'stomp', session: 7 });
    log.info({ realm: 'realm1' }, 'session opened');
    log.debug('detail');
    expect(counted.children).toBe(0);
    expect(lines).toEqual([]);
  });

  it('writes a line the level lets through with its bindings, through one child', () => {
    const { logger, lines, counted } = parent('info');
    const log = new LazyChildLogger(logger, { protocol: 'stomp', session: 7 });
    log.info({ realm: 'realm1' }, 'session opened');
    log.warn('plain text');
    expect(counted.children).toBe(1);
    expect(lines[0]).toMatchObject({
      level: LEVEL.info,
      protocol: 'stomp',
      session: 7,
      realm: 'realm1',
      msg: 'session opened',
    });
    expect(lines[1]).toMatchObject({ level: LEVEL.warn, protocol: 'stomp', session: 7, msg: 'plain text' });
  });

  it('follows a level the parent changes at run time', () => {
    const { logger, lines, setLevel } = parent('warn');
    const log = new LazyChildLogger(logger, { protocol: 'wamp', session: 1 });
    log.info('dropped');
    setLevel('info');
    log.info('kept');
    expect(lines.map((line) => line.msg)).toEqual(['kept']);
  });

  it('hands its bindings to the children made from it', () => {
    const { logger, lines } = parent('info');
    new LazyChildLogger(logger, { protocol: 'wamp', session: 1 }).child({ call: 3 }).info('nested');
    expect(lines[0]).toMatchObject({ protocol: 'wamp', session: 1, call: 3, msg: 'nested' });
  });
});

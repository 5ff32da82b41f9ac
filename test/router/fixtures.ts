/** Shared helpers of the router tests. */
import { createRouter, type RoutedMessage, type RouterOptions, type SessionInfo } from '../../src/router/index.js';

let nextId = 1;

/** A session identity with a fresh id. */
export function sessionInfo(overrides: Partial<SessionInfo> = {}): SessionInfo {
  return { id: nextId++, realm: 'realm1', authid: 'user', authrole: 'user', protocol: 'test', ...overrides };
}

/** A router whose handler errors are collected instead of printed. */
export function testRouter(options: RouterOptions = {}) {
  const errors: unknown[] = [];
  const router = createRouter({ onError: (err) => errors.push(err), ...options });
  const open = (overrides: Partial<SessionInfo> = {}) => router.openSession(sessionInfo(overrides));
  return { router, errors, open };
}

/** Collects the messages a subscription handler receives. */
export function inbox(): { messages: RoutedMessage[]; handler: (message: RoutedMessage) => void } {
  const messages: RoutedMessage[] = [];
  return { messages, handler: (message) => messages.push(message) };
}

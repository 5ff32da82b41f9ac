/**
 * The admin surface of one broker (docs/admin.md), built only when an operator is configured:
 * the HTTP API (`/admin/api/*`), the page (`/admin`) and its WebSocket (`/admin/ws`). Without
 * one, every `/admin` path answers 404 and nothing here exists.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { AuthOptions } from '../auth/index.js';
import type { Logger } from '../common/logger.js';
import type { Authenticator } from '../plugin/types.js';
import type { Router } from '../router/router.js';
import { type AdminOptions, adminEnabled, createAdminGuard } from './admin-auth.js';
import { handleAdminApi, sendJson } from './admin-http.js';
import { createAdminPage } from './admin-page.js';
import { AdminService } from './admin-service.js';
import { AdminSocket } from './admin-socket.js';
import { abortHandshake } from './handshake.js';

/** Roles whose users may use the admin API when `adminRoles` is not set. */
export const DEFAULT_ADMIN_ROLES: readonly string[] = ['admin'];

export interface AdminDeps {
  readonly admin?: AdminOptions;
  readonly adminRoles?: readonly string[];
  /** The built-in authenticator's options: its users and tokens with an admin role turn the API on. */
  readonly auth?: AuthOptions;
  readonly authenticate: Authenticator;
  readonly router: Router;
  readonly log: Logger;
  readonly allowedOrigins?: readonly string[];
  readonly loginTimeout: number;
  sessionCount(): number;
  kill(id: number, reason: string): boolean;
}

/** What the HTTP server asks of the admin surface. */
export interface AdminEndpoints {
  /** Answers `/admin...` requests (true), or leaves the request alone (false). */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes the upgrade of `/admin/ws` (true), or leaves it to the protocol gate (false). */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  close(): void;
}

function isAdminPath(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/admin/');
}

/** Every `/admin` path answers 404: the broker has no operator, so there is no admin surface. */
const disabled: AdminEndpoints = {
  handle(req, res) {
    if (!isAdminPath(new URL(req.url ?? '/', 'http://localhost').pathname)) return false;
    sendJson(res, 404, { error: 'the admin API is not configured' });
    return true;
  },
  upgrade(req, socket) {
    if (new URL(req.url ?? '/', 'http://localhost').pathname !== '/admin/ws') return false;
    abortHandshake(socket, 404, 'the admin API is not configured');
    return true;
  },
  close() {},
};

/** Builds the admin surface, or the 404-only one when no operator is configured. */
export function createAdmin(deps: AdminDeps): AdminEndpoints {
  const adminRoles = deps.adminRoles ?? DEFAULT_ADMIN_ROLES;
  if (!adminEnabled(deps.admin, deps.auth, adminRoles)) return disabled;
  const { router, log } = deps;
  const guard = createAdminGuard({ ...deps, adminRoles, defaultRealm: router.defaultRealm });
  const service = new AdminService(deps);
  const socket = new AdminSocket({ ...deps, guard, service });
  const page = createAdminPage();
  const fail = (res: ServerResponse) => (err: unknown) => {
    log.error({ err }, 'admin request failed');
    if (!res.headersSent) sendJson(res, 500, { error: 'internal error' });
    else res.destroy();
  };
  return {
    handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (!isAdminPath(url.pathname)) return false;
      if (url.pathname.startsWith('/admin/api/')) {
        handleAdminApi(req, res, url, guard, service).catch(fail(res));
        return true;
      }
      if (req.method === 'GET' && page(url.pathname, res)) return true;
      sendJson(res, 404, { error: 'not found' });
      return true;
    },
    upgrade(req, stream, head) {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname !== '/admin/ws') return false;
      socket.upgrade(req, stream, head, url).catch((err: unknown) => {
        log.error({ err }, 'admin upgrade failed');
        abortHandshake(stream, 500, 'internal error');
      });
      return true;
    },
    close: () => socket.close(),
  };
}

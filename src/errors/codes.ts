/**
 * The one error table, keyed by code (fastify's `lib/errors.js`): the core's `JNC_ERR_*` codes and
 * one `JNC_ERR_ROUTER_*` code per router error URI. A router error's message is its raiser's
 * (`%s`); its renderings live in router-codes.ts.
 */
import { coreCodes } from './core-codes.js';
import { applicationError, type RouterErrorCode, routerErrors } from './router-codes.js';
import type { CoreErrorSpec } from './spec.js';

const ROUTER_MESSAGE = { message: '%s' } as const satisfies CoreErrorSpec;

const routerCodes = Object.fromEntries(
  [...Object.values(routerErrors), applicationError].map((spec) => [spec.code, ROUTER_MESSAGE]),
) as Readonly<Record<RouterErrorCode, typeof ROUTER_MESSAGE>>;

/** Every code of the broker, with its message and the HTTP status or close code it implies. */
export const errorCodes = { ...coreCodes, ...routerCodes } as const;

export type ErrorCode = keyof typeof errorCodes;

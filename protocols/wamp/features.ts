/** The roles and features Junction announces in WELCOME, and what it reads from a client's HELLO. */
import { isRecord } from '../../src/plugin/index.js';
import type { Dict } from './messages.js';

/** Router roles with the Advanced Profile features actually implemented (WAMP SE L116-210). */
export const ROUTER_ROLES = {
  broker: {
    features: {
      pattern_based_subscription: true,
      publisher_exclusion: true,
      publisher_identification: true,
      subscriber_blackwhite_listing: true,
      session_meta_api: true,
      subscription_meta_api: true,
    },
  },
  dealer: {
    features: {
      pattern_based_registration: true,
      shared_registration: true,
      progressive_call_results: true,
      call_canceling: true,
      call_timeout: true,
      caller_identification: true,
      session_meta_api: true,
      registration_meta_api: true,
      testament_meta_api: true,
    },
  },
} as const;

const CLIENT_ROLES = ['publisher', 'subscriber', 'caller', 'callee'] as const;

/** What the router needs to know about a client's announced roles. */
export interface ClientFeatures {
  /** The callee takes INTERRUPT (Advanced: call canceling). */
  readonly calleeCancels: boolean;
  /** The callee takes `receive_progress` (see docs/wamp.md: progress forwarded on this feature alone). */
  readonly calleeProgress: boolean;
}

/** Reads HELLO.Details.roles; undefined when no client role is announced (a protocol violation). */
export function readClientRoles(details: Dict): ClientFeatures | undefined {
  const roles = details.roles;
  if (!isRecord(roles) || !CLIENT_ROLES.some((role) => isRecord(roles[role]))) return undefined;
  const callee = roles.callee;
  const features = isRecord(callee) && isRecord(callee.features) ? callee.features : {};
  return {
    calleeCancels: features.call_canceling === true,
    calleeProgress: features.progressive_call_results === true,
  };
}

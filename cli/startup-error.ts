/**
 * Turns the errors an operator can fix (configuration, a taken port, a bad bind address) into one
 * line for stderr and exit code 2; anything else is a bug and keeps its stack (exit 1).
 */
import { ContractError, JunctionError } from '../src/index.js';
import { ConfigError } from './config.js';

/** The listening ports, to tell which flag fixes a port that is taken. */
export interface Ports {
  readonly port: number;
  readonly stompTcp?: number;
}

interface SystemError {
  readonly code?: string;
  readonly port?: number;
  readonly address?: string;
}

function flagFor(port: number | undefined, ports: Ports | undefined): string {
  return port !== undefined && port === ports?.stompTcp && port !== ports.port ? '--stomp-tcp' : '--port';
}

function systemErrorLine(err: SystemError, ports: Ports | undefined): string | undefined {
  switch (err.code) {
    case 'EADDRINUSE':
      return `port ${err.port} is in use; pass ${flagFor(err.port, ports)}`;
    case 'EACCES':
      return `no permission to listen on port ${err.port}; pass ${flagFor(err.port, ports)} with a port above 1023`;
    case 'EADDRNOTAVAIL':
      return `address ${err.address} is not on this machine; pass --host`;
    default:
      return undefined;
  }
}

/** The one line to print for an error the operator can fix, or undefined for a bug. */
export function startupErrorLine(err: unknown, ports?: Ports): string | undefined {
  // A contract that does not compile (an unresolvable $ref, say) is a configuration error too.
  if (err instanceof ConfigError || err instanceof ContractError) return err.message;
  // Plugins that clash (two claim one token, a second fallback) or options the config check did
  // not see (a custom build); the message names the plugin.
  if (err instanceof JunctionError && err.code.startsWith('JNC_ERR_PLUGIN_')) return err.message;
  // An `auth.jwt` key file that is missing or not a key: the message names the file.
  if (err instanceof JunctionError && err.code === 'JNC_ERR_AUTH_CONFIG') return err.message;
  if (err instanceof Error) return systemErrorLine(err as SystemError, ports);
  return undefined;
}

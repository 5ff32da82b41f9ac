/** The subcommands: `check-config <file>`, `print-config`, `hash-secret`. Each returns its exit code. */
import { hashSecret } from '../src/auth/index.js';
import { createMemoryEngine } from '../src/router/memory-engine.js';
import type { Command } from './args.js';
import { createBroker } from './broker.js';
import { type Config, ConfigError, type Overrides, resolveConfig } from './config.js';
import { redact } from './redact.js';

/**
 * Validates the file alone (no env, no flags: the file is what is being checked), then builds the
 * broker without listening, so plugin options and contracts are checked exactly as at startup.
 */
async function checkConfig(file: string): Promise<number> {
  const config = resolveConfig({ config: file }, {});
  const junction = createBroker(config, createMemoryEngine({ nodeId: 'check-config' }));
  await junction.close();
  console.log('ok');
  return 0;
}

function printConfig(overrides: Overrides): number {
  const config: Config = resolveConfig(overrides, process.env);
  console.log(JSON.stringify(redact(config), null, 2));
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `printf %s "$SECRET" | junction hash-secret`: one trailing newline (from echo) is not part of it. */
async function hashSecretCommand(): Promise<number> {
  const secret = (await readStdin()).replace(/\r?\n$/, '');
  if (secret === '')
    throw new ConfigError('hash-secret: no secret on stdin (try: printf %s "$SECRET" | junction hash-secret)');
  console.log(hashSecret(secret));
  return 0;
}

export function runCommand(command: Command, file: string | undefined, overrides: Overrides): Promise<number> {
  switch (command) {
    case 'check-config':
      return checkConfig(file ?? '');
    case 'print-config':
      return Promise.resolve(printConfig(overrides));
    case 'hash-secret':
      return hashSecretCommand();
  }
}

/**
 * The Dockerfile's run stage without docker: the same files in the same layout (production
 * dependencies only), the exact CMD and HEALTHCHECK command lines, against the built tree.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitForLog } from '../helpers/cli-process.js';
import { eventually } from '../helpers/eventually.js';
import { linkProductionDependencies, root } from '../helpers/production-tree.js';
import { messages, openClient } from '../helpers/ws-client.js';
import { readRunStage } from './dockerfile.js';

const stage = readRunStage(root);
let image: string;
let app: string;
let child: ChildProcessWithoutNullStreams | undefined;
let env: NodeJS.ProcessEnv;

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Where an absolute image path lands in the temp "image" root. */
const inImage = (path: string) => join(image, path);

/** The image's command line with its absolute paths moved into the temp root, `node` as this node. */
function localCommand(command: readonly string[]): string[] {
  const [program, ...args] = command;
  expect(program).toBe('node');
  const copiedTo = new Set(stage.copied.map((copy) => copy.to));
  return [process.execPath, ...args.map((arg) => (copiedTo.has(arg) ? inImage(arg) : arg))];
}

function healthcheck(): number | null {
  const [program, ...args] = localCommand(stage.healthcheck);
  return spawnSync(program as string, args, { cwd: app, env, timeout: 10_000 }).status;
}

beforeAll(async () => {
  image = mkdtempSync(join(tmpdir(), 'junction-image-'));
  app = inImage(stage.workdir);
  for (const { from, to } of stage.built) cpSync(join(root, from), join(app, to), { recursive: true });
  for (const { from, to } of stage.copied) {
    const target = isAbsolute(to) ? inImage(to) : join(app, to);
    mkdirSync(dirname(target), { recursive: true });
    cpSync(join(root, from), target);
  }
  linkProductionDependencies(join(app, 'node_modules'));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('JUNCTION_')));
  env = { ...clean, NODE_ENV: 'production', JUNCTION_PORT: String(await sparePort()) };
});

afterAll(() => {
  child?.kill('SIGKILL');
  rmSync(image, { recursive: true, force: true });
});

describe('the Dockerfile run stage', () => {
  it('runs as a non-root user, with exec-form CMD and HEALTHCHECK', () => {
    expect(stage.user).toBeDefined();
    expect(stage.user).not.toMatch(/^(root|0)$/);
    expect(stage.cmd).toContain('--config');
    expect(stage.healthcheck[0]).toBe('node');
  });

  it('ships a default configuration that refuses anonymous clients and passes check-config', () => {
    const config = stage.cmd[stage.cmd.indexOf('--config') + 1] as string;
    const file = JSON.parse(readFileSync(inImage(config), 'utf8'));
    expect(file.auth.allowAnonymous).toBe(false);
    const [node, main] = localCommand(stage.cmd);
    const check = spawnSync(node as string, [main as string, 'check-config', inImage(config)], { cwd: app, env });
    expect(check.stdout.toString()).toBe('ok\n');
  });

  it('starts with the exact CMD, binds 0.0.0.0, turns healthy, refuses anonymous use, drains on SIGTERM', async () => {
    const [program, ...args] = localCommand(stage.cmd);
    child = spawn(program as string, args, { cwd: app, env });
    const listening = await waitForLog(child, 'junction listening');
    expect(listening.url).toBe(`ws://0.0.0.0:${env.JUNCTION_PORT}`);
    await eventually(() => expect(healthcheck()).toBe(0), 15_000);

    const client = await openClient(`ws://127.0.0.1:${env.JUNCTION_PORT}`);
    const inbox = messages(client);
    client.send(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'subscribe', params: ['news'] }));
    expect(JSON.parse(await inbox.next())).toMatchObject({ id: 1, error: { code: -32001 } });

    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(healthcheck()).toBe(1);
  }, 30_000);
});

describe('docker-compose.yml', () => {
  it('runs three nodes on one Redis with the image command plus --redis and distinct --node-id', () => {
    const compose = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
    const commands = [...compose.matchAll(/^\s+command: (\[.*"dist\/cli\/main\.js".*\])$/gm)].map(
      (match) => JSON.parse(match[1] as string) as string[],
    );
    expect(commands).toHaveLength(3);
    for (const command of commands) {
      expect(command.slice(0, stage.cmd.length)).toEqual(stage.cmd);
      expect(command[command.indexOf('--redis') + 1]).toBe('redis://redis:6379');
    }
    const nodeIds = commands.map((command) => command[command.indexOf('--node-id') + 1]);
    expect(new Set(nodeIds).size).toBe(3);
  });
});

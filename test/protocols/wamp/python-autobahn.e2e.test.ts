import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wamp } from '../../../protocols/wamp/index.js';
import { needs } from '../../helpers/needs.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { type OpenSession, openSession } from './autobahn-client.js';

// Debian's python3-autobahn (apt-get install -y python3-autobahn) lives in the system interpreter.
const PYTHON = process.env.JUNCTION_PYTHON ?? '/usr/bin/python3';
const hasAutobahn = await needs('python3-autobahn');
const SCRIPT = fileURLToPath(new URL('./python/smoke.py', import.meta.url));
const run = promisify(execFile);

let server: StartedJunction;
let callee: OpenSession;

beforeAll(async () => {
  if (!hasAutobahn) return;
  server = await startJunction({ protocols: [wamp()] });
  callee = await openSession(server.url, 'json');
  await callee.session.register('com.node.add', (args) => (args[0] as number) + (args[1] as number));
});
afterAll(async () => {
  await callee?.close();
  await server?.close();
});

describe.skipIf(!hasAutobahn)('WAMP with autobahn-python', () => {
  // Debian's python3-autobahn ships no CBOR serializer.
  for (const serializer of ['json', 'msgpack']) {
    it(`[WAMP interop] calls a Node procedure and round-trips an event over ${serializer}`, async () => {
      const { stdout } = await run(PYTHON, [SCRIPT, server.url, serializer], { timeout: 15_000 });
      const line = stdout.split('\n').find((l) => l.startsWith('SMOKE ')) ?? 'SMOKE {}';
      const report = JSON.parse(line.slice(6)) as Record<string, unknown>;
      expect(report.sum).toBe(5);
      expect(report.event).toEqual(['hello', [0, 1]]);
    });
  }
});

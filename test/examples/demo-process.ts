/**
 * The polyglot demo as `npm run demo` runs it: the compiled server in its own process, so a test can
 * stop it and start a new one on the same port, the way a developer restarts it.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/** Brings dist/ up to date the way `npm run demo` does (a no-op after `npm run build`). */
export function buildIfStale(): void {
  const { status, stdout, stderr } = spawnSync(process.execPath, [join(root, 'examples/build-if-stale.mjs')], {
    cwd: root,
    encoding: 'utf8',
  });
  if (status !== 0) throw new Error(`build-if-stale failed:\n${stdout}\n${stderr}`);
}

/** A port that was free a moment ago (the demo needs a fixed port to be restarted on). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Starts `node dist/examples/polyglot/server.js --port <port>` and waits for its "open <url>" line. */
export function startDemoProcess(port: number): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, [join(root, 'dist/examples/polyglot/server.js'), '--port', String(port)], {
    cwd: root,
  });
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const onData = (chunk: Buffer): void => {
      output += chunk;
      if (/open http:\/\//.test(output)) resolvePromise(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the demo exited with ${code}: ${output}`)));
  });
}

/** Sends `signal` and waits until the process is gone. */
export async function stopDemoProcess(child: ChildProcessWithoutNullStreams, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill(signal);
  await exited;
}

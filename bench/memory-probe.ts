/**
 * Preloaded into a measured server (`node --expose-gc --import memory-probe.js server.js`): on
 * SIGUSR2 it runs a full GC and prints one `memory {...}` line with process.memoryUsage(), so
 * idle-memory.ts samples the server after garbage is gone, from outside its process. With
 * MEMORY_PROBE_SNAPSHOTS=<dir> it also writes a heap snapshot there at each sample, to compare
 * what the connections added (Chrome DevTools' Comparison view).
 */
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

const gc = (globalThis as { gc?: () => void }).gc;
const snapshots = process.env.MEMORY_PROBE_SNAPSHOTS;
let samples = 0;

process.on('SIGUSR2', () => {
  // Twice: the first pass may only finalize what the second can then free.
  gc?.();
  gc?.();
  const usage = process.memoryUsage();
  if (snapshots !== undefined) writeHeapSnapshot(join(snapshots, `${process.pid}-${++samples}.heapsnapshot`));
  process.stdout.write(`memory ${JSON.stringify({ gc: gc !== undefined, ...usage })}\n`);
});

/**
 * The call port's contract (CallPort in src/router/ports.ts), driven through real routers.
 * On one node, every engine (memory included): calls reach the local callee, `route` finds no
 * other node, and the port is told when the first callee of a procedure appears and the last
 * goes. Across nodes, for engines with `multiNode`: calls, errors, progress, cancellation and
 * node deaths between nodes.
 * Run by memory-engine.test.ts, bus-engine.test.ts and redis-engine.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type CallPayload, ErrorUri, RouterError } from '../../src/router/index.js';
import { type EngineHarness, eventually, type HarnessFactory, type Node, sleep, startNodes } from './harness.js';

export function callsContract(factory: HarnessFactory): void {
  describe(`${factory.name} engine: call port`, () => {
    let h: EngineHarness;
    beforeEach(() => {
      h = factory.create();
    });
    afterEach(async () => {
      vi.restoreAllMocks();
      await h.teardown();
    });

    describe('on one node', () => {
      it('runs a call on the local callee, and route finds nothing on other nodes', async () => {
        const [a] = await startNodes(h, 1);
        a!.open().register('math.add', {}, (inv) => {
          const [x, y] = inv.args as number[];
          inv.resolve({ args: [x! + y!] });
        });
        const result = await a!.open().call('math.add', { args: [2, 3] }).result;
        expect(result.args).toEqual([5]);
        await sleep(50);
        expect(a!.engine.calls.route('realm1', 'math.add')).toBeUndefined();
        expect(a!.engine.calls.registration('realm1', 'math.add', 'exact')).toBeUndefined();
      });

      it('answers no_such_procedure for a procedure no callee registered', async () => {
        const [a] = await startNodes(h, 1);
        expect(() => a!.open().call('nobody.home')).toThrowError(
          expect.objectContaining({ uri: ErrorUri.NO_SUCH_PROCEDURE }),
        );
      });

      it('tells the port when the first callee of a procedure appears and the last one goes', async () => {
        const [a] = await startNodes(h, 1);
        const calls = a!.engine.calls;
        const added = vi.spyOn(calls, 'addRegistration');
        const removed = vi.spyOn(calls, 'removeRegistration');
        const first = a!.open().register('work', { invoke: 'roundrobin' }, (inv) => inv.resolve());
        const second = a!.open().register('work', { invoke: 'roundrobin' }, (inv) => inv.resolve());
        expect(added.mock.calls).toEqual([['realm1', 'work', 'exact', 'roundrobin']]);
        first.unregister();
        expect(removed).not.toHaveBeenCalled();
        second.unregister();
        expect(removed.mock.calls).toEqual([['realm1', 'work', 'exact']]);
      });
    });

    if (factory.multiNode) {
      describe('across nodes', () => {
        /** Waits until `node` routes `procedure` to another node. */
        const routed = (node: Node, procedure: string) =>
          eventually(() => node.engine.calls.route('realm1', procedure) !== undefined);

        it('calls a procedure registered on another node, with the caller disclosed on request', async () => {
          const [a, b] = await startNodes(h, 2);
          b!.open().register('math.add', {}, (inv) => {
            const [x, y] = inv.args as number[];
            inv.resolve({ args: [x! + y!], kwargs: { by: inv.caller?.authid ?? null, echo: inv.kwargs?.bytes } });
          });
          await routed(a!, 'math.add');
          const caller = a!.open({ authid: 'carol' });
          const bytes = new Uint8Array([9, 8]);
          const result = await caller.call('math.add', { args: [2, 3], kwargs: { bytes }, discloseCaller: true })
            .result;
          expect(result.args).toEqual([5]);
          expect(result.kwargs?.by).toBe('carol');
          const echo = result.kwargs?.echo as Uint8Array;
          expect([...echo]).toEqual([9, 8]);
        });

        it('passes errors back with their URI and payload, and no_such_procedure once unregistered', async () => {
          const [a, b] = await startNodes(h, 2);
          const registration = b!
            .open()
            .register('order.place', {}, (inv) =>
              inv.reject(
                new RouterError('com.example.error.invalid_order', 'bad', { args: ['qty'], kwargs: { max: 5 } }),
              ),
            );
          await routed(a!, 'order.place');
          const failure = await a!
            .open()
            .call('order.place')
            .result.catch((err: unknown) => err);
          expect(failure).toBeInstanceOf(RouterError);
          expect(failure).toMatchObject({ uri: 'com.example.error.invalid_order', args: ['qty'], kwargs: { max: 5 } });
          registration.unregister();
          await eventually(() => a!.engine.calls.route('realm1', 'order.place') === undefined);
          expect(() => a!.open().call('order.place')).toThrowError(
            expect.objectContaining({ uri: ErrorUri.NO_SUCH_PROCEDURE }),
          );
        });

        it('refuses a second single registration of a procedure another node holds', async () => {
          const [a, b] = await startNodes(h, 2);
          b!.open().register('only.one', {}, (inv) => inv.resolve());
          b!.open().register('shared', { invoke: 'roundrobin' }, (inv) => inv.resolve());
          await routed(a!, 'shared');
          await routed(a!, 'only.one');
          expect(() => a!.open().register('only.one', {}, () => {})).toThrow(
            expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
          );
          expect(() => a!.open().register('shared', { invoke: 'random' }, () => {})).toThrow(
            expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
          );
          expect(() => a!.open().register('shared', { invoke: 'roundrobin' }, () => {})).not.toThrow();
        });

        it('forwards progressive results before the final one', async () => {
          const [a, b] = await startNodes(h, 2);
          b!.open().register('job.run', {}, (inv) => {
            inv.progress({ args: [1] });
            inv.progress({ args: [2] });
            setTimeout(() => inv.resolve({ args: ['done'] }), 20);
          });
          await routed(a!, 'job.run');
          const progress: CallPayload[] = [];
          const result = await a!.open().call('job.run', { onProgress: (p) => progress.push(p) }).result;
          expect(progress.map((p) => p.args?.[0])).toEqual([1, 2]);
          expect(result.args).toEqual(['done']);
        });

        it('times out a remote call and interrupts the remote callee', async () => {
          const [a, b] = await startNodes(h, 2);
          let aborted = false;
          b!.open().register('slow', {}, (inv) => {
            inv.signal.addEventListener('abort', () => {
              aborted = true;
            });
          });
          await routed(a!, 'slow');
          await expect(a!.open().call('slow', { timeout: 100 }).result).rejects.toMatchObject({
            uri: ErrorUri.TIMEOUT,
          });
          await eventually(() => aborted);
        });

        it('cancels a remote call: the caller gets canceled at once and the callee is interrupted', async () => {
          const [a, b] = await startNodes(h, 2);
          let aborted = false;
          let invoked = false;
          b!.open().register('long', {}, (inv) => {
            invoked = true;
            inv.signal.addEventListener('abort', () => {
              aborted = true;
            });
          });
          await routed(a!, 'long');
          const call = a!.open().call('long');
          await eventually(() => invoked); // cancel a call the callee holds, not one still on its way
          call.cancel('killnowait');
          await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
          await eventually(() => aborted);
        });

        it('cancels with kill: the caller waits for the interrupted callee, then gets canceled', async () => {
          const [a, b] = await startNodes(h, 2);
          let answered = false;
          let invoked = false;
          b!.open().register('stoppable', {}, (inv) => {
            invoked = true;
            inv.signal.addEventListener('abort', () => {
              setTimeout(() => {
                answered = true;
                inv.resolve({ args: ['partial'] });
              }, 50);
            });
          });
          await routed(a!, 'stoppable');
          const call = a!.open().call('stoppable');
          await eventually(() => invoked);
          call.cancel('kill');
          await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
          expect(answered).toBe(true);
        });

        it('spreads a roundrobin registration over the nodes that share it', async () => {
          const [a, b, c] = await startNodes(h, 3);
          for (const [node, name] of [
            [a!, 'a'],
            [b!, 'b'],
            [c!, 'c'],
          ] as const) {
            node.open().register('work', { invoke: 'roundrobin' }, (inv) => inv.resolve({ args: [name] }));
          }
          await eventually(() => a!.engine.calls.route('realm1', 'work')?.nodes.length === 2);
          const caller = a!.open();
          const answers: unknown[] = [];
          for (let i = 0; i < 6; i++) answers.push((await caller.call('work').result).args?.[0]);
          expect(answers.filter((x) => x === 'a')).toHaveLength(2);
          expect(answers.filter((x) => x === 'b')).toHaveLength(2);
          expect(answers.filter((x) => x === 'c')).toHaveLength(2);
        });

        it('fails pending calls to a node that leaves, and forgets its registrations', async () => {
          const [a, b] = await startNodes(h, 2);
          let invoked = false;
          b!.open().register('hang', {}, () => {
            invoked = true;
          });
          await routed(a!, 'hang');
          const call = a!.open().call('hang');
          await eventually(() => invoked); // the call is pending on b, not still on its way
          await b!.engine.close();
          await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
          expect(a!.engine.calls.route('realm1', 'hang')).toBeUndefined();
        });

        it('fails pending calls to a node that crashes within the node timeout', async () => {
          const [a, b] = await startNodes(h, 2);
          let invoked = false;
          b!.open().register('hang', {}, () => {
            invoked = true;
          });
          await routed(a!, 'hang');
          const call = a!.open().call('hang');
          await eventually(() => invoked); // the call is pending on b, not still on its way
          const crashed = Date.now();
          await h.crash(b!.engine);
          await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
          // nodeTimeout 600 ms plus one heartbeat period of slack.
          expect(Date.now() - crashed).toBeLessThan(1500);
          expect(a!.engine.calls.route('realm1', 'hang')).toBeUndefined();
        });
      });
    }
  });
}

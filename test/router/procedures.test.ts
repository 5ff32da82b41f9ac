import { describe, expect, it } from 'vitest';
import { type CalleeHandler, ErrorUri, type InvokePolicy, type MatchPolicy } from '../../src/router/index.js';
import { testRouter } from './fixtures.js';

/** A callee that answers with its name. */
const answer =
  (name: string): CalleeHandler =>
  (invocation) =>
    invocation.resolve({ args: [name] });

async function whoAnswers(call: { result: Promise<{ args?: readonly unknown[] }> }): Promise<unknown> {
  return (await call.result).args?.[0];
}

describe('Procedures', () => {
  describe('#register', () => {
    it('routes a call to the registered callee with the caller arguments', async () => {
      const { open } = testRouter();
      open().register('math.add', {}, (inv) => {
        const [a, b] = inv.args as number[];
        inv.resolve({ args: [a! + b!], kwargs: { procedure: inv.procedure } });
      });
      await expect(open().call('math.add', { args: [2, 3] }).result).resolves.toEqual({
        args: [5],
        kwargs: { procedure: 'math.add' },
      });
    });

    it('refuses a call to an unknown procedure with no_such_procedure, as every operation refuses: by throwing', () => {
      const { open } = testRouter();
      expect(() => open().call('nobody.home')).toThrowError(
        expect.objectContaining({ uri: ErrorUri.NO_SUCH_PROCEDURE }),
      );
    });

    it('refuses a call to an invalid procedure name with invalid_uri', () => {
      const { open } = testRouter();
      expect(() => open().call('a..b')).toThrowError(expect.objectContaining({ uri: ErrorUri.INVALID_URI }));
    });

    it('refuses a second single registration with procedure_already_exists', () => {
      const { open } = testRouter();
      open().register('p', {}, answer('a'));
      expect(() => open().register('p', {}, answer('b'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
      );
      expect(() => open().register('p', { invoke: 'roundrobin' }, answer('b'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
      );
    });

    it('refuses a shared registration with a different invoke policy', () => {
      const { open } = testRouter();
      open().register('p', { invoke: 'roundrobin' }, answer('a'));
      expect(() => open().register('p', { invoke: 'random' }, answer('b'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
      );
      expect(() => open().register('p', { invoke: 'single' }, answer('b'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.PROCEDURE_ALREADY_EXISTS }),
      );
    });

    it('lets the same procedure be registered under different match policies', () => {
      const { open } = testRouter();
      const exact = open().register('p', {}, answer('a'));
      const prefix = open().register('p', { match: 'prefix' }, answer('b'));
      expect(exact.id).not.toBe(prefix.id);
    });

    it('shares one registration id among the callees of a shared registration', () => {
      const { router, open } = testRouter();
      const [a, b] = [open(), open()];
      const ra = a.register('p', { invoke: 'first' }, answer('a'));
      const rb = b.register('p', { invoke: 'first' }, answer('b'));
      expect(ra.id).toBe(rb.id);
      expect(router.realm('realm1')!.registrations()).toEqual([
        expect.objectContaining({
          id: ra.id,
          procedure: 'p',
          invoke: 'first',
          callees: [a.session.id, b.session.id],
        }),
      ]);
    });

    it('throws invalid_argument for an unknown match or invoke policy', () => {
      const { open } = testRouter();
      const session = open();
      expect(() => session.register('a', { match: 'regex' as MatchPolicy }, answer('a'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT }),
      );
      expect(() => session.register('a', { invoke: 'all' as InvokePolicy }, answer('a'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.INVALID_ARGUMENT }),
      );
    });

    it('throws invalid_uri for an invalid pattern', () => {
      const { open } = testRouter();
      expect(() => open().register('a.*', { match: 'exact' }, answer('a'))).toThrowError(
        expect.objectContaining({ uri: ErrorUri.INVALID_URI }),
      );
    });
  });

  describe('pattern precedence', () => {
    function dealer(registrations: [string, MatchPolicy][]) {
      const { router, open } = testRouter();
      const callee = open();
      for (const [procedure, match] of registrations) callee.register(procedure, { match }, answer(procedure));
      return { router, caller: open() };
    }

    const table: [string, [string, MatchPolicy][], string][] = [
      [
        'exact over prefix and wildcard',
        [
          ['a.', 'prefix'],
          ['a.*.c', 'wildcard'],
          ['a.b.c', 'exact'],
        ],
        'a.b.c',
      ],
      [
        'the longest prefix',
        [
          ['a', 'prefix'],
          ['a.b.', 'prefix'],
          ['a.b', 'prefix'],
        ],
        'a.b.',
      ],
      [
        'prefix over wildcard',
        [
          ['a.*.c', 'wildcard'],
          ['a.b', 'prefix'],
        ],
        'a.b',
      ],
      [
        'the wildcard with the most literal segments',
        [
          ['a.*.*', 'wildcard'],
          ['*.b.c', 'wildcard'],
          ['..c', 'wildcard'],
        ],
        '*.b.c',
      ],
      [
        'the earliest wildcard on a tie',
        [
          ['a..c', 'wildcard'],
          ['a.*.c', 'wildcard'],
          ['a.#', 'wildcard'],
        ],
        'a..c',
      ],
    ];

    it.each(table)('[WAMP pattern-based registration] picks %s', async (_name, registrations, winner) => {
      const { router, caller } = dealer(registrations);
      await expect(whoAnswers(caller.call('a.b.c'))).resolves.toBe(winner);
      expect(router.realm('realm1')!.matchRegistration('a.b.c')?.procedure).toBe(winner);
    });

    it('tells the callee which procedure the caller named', async () => {
      const { open } = testRouter();
      open().register('com.app.', { match: 'prefix' }, (inv) => inv.resolve({ args: [inv.procedure] }));
      await expect(whoAnswers(open().call('com.app.users.get'))).resolves.toBe('com.app.users.get');
    });
  });

  describe('invoke policies', () => {
    async function sequence(invoke: InvokePolicy, calls: number): Promise<unknown[]> {
      const { open } = testRouter();
      for (const name of ['a', 'b', 'c']) open().register('p', { invoke }, answer(name));
      const caller = open();
      const results: unknown[] = [];
      for (let i = 0; i < calls; i++) results.push(await whoAnswers(caller.call('p')));
      return results;
    }

    it('[WAMP shared registration] roundrobin cycles through callees in registration order', async () => {
      await expect(sequence('roundrobin', 5)).resolves.toEqual(['a', 'b', 'c', 'a', 'b']);
    });

    it('[WAMP shared registration] first always picks the earliest callee', async () => {
      await expect(sequence('first', 3)).resolves.toEqual(['a', 'a', 'a']);
    });

    it('[WAMP shared registration] last always picks the latest callee', async () => {
      await expect(sequence('last', 3)).resolves.toEqual(['c', 'c', 'c']);
    });

    it('[WAMP shared registration] random spreads calls over the callees', async () => {
      const results = await sequence('random', 60);
      expect(new Set(results)).toEqual(new Set(['a', 'b', 'c']));
    });

    it('first moves on to the next callee when the earliest unregisters', async () => {
      const { open } = testRouter();
      const first = open().register('p', { invoke: 'first' }, answer('a'));
      open().register('p', { invoke: 'first' }, answer('b'));
      first.unregister();
      await expect(whoAnswers(open().call('p'))).resolves.toBe('b');
    });

    it('removes the registration when its last callee unregisters', async () => {
      const { router, open } = testRouter();
      const registration = open().register('p', {}, answer('a'));
      registration.unregister();
      registration.unregister();
      expect(router.realm('realm1')!.registrations()).toEqual([]);
      expect(() => open().call('p')).toThrowError(expect.objectContaining({ uri: ErrorUri.NO_SUCH_PROCEDURE }));
    });
  });
});

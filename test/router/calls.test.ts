import { afterEach, describe, expect, it, vi } from 'vitest';
import { type CallPayload, type CallReply, ErrorUri, type Invocation, RouterError } from '../../src/router/index.js';
import { testRouter } from './fixtures.js';

/** A callee that keeps its invocations for the test to answer. */
function parkedCallee() {
  const { router, open, errors } = testRouter();
  const invocations: Invocation[] = [];
  const callee = open();
  callee.register('slow', {}, (inv) => invocations.push(inv));
  return { router, open, errors, callee, invocations, caller: open() };
}

/** Settles a promise into a comparable record without awaiting forever. */
function track(result: Promise<CallPayload>) {
  const state: { value?: CallPayload; error?: RouterError } = {};
  result.then(
    (value) => {
      state.value = value;
    },
    (error: RouterError) => {
      state.error = error;
    },
  );
  return state;
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('Calls', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('gives the callee the invocation details', () => {
    const { invocations, caller } = parkedCallee();
    caller.call('slow', { args: [1], kwargs: { k: 2 }, timeout: 5000 });
    const [inv] = invocations;
    expect(inv).toMatchObject({
      procedure: 'slow',
      args: [1],
      kwargs: { k: 2 },
      timeout: 5000,
      receiveProgress: false,
    });
    expect(inv!.caller).toBeUndefined();
    expect(inv!.signal.aborted).toBe(false);
    inv!.resolve();
  });

  it('[WAMP caller identification] discloses the caller only when asked', () => {
    const { invocations, caller } = parkedCallee();
    caller.call('slow', { discloseCaller: true });
    expect(invocations[0]!.caller).toEqual(caller.session);
  });

  it('numbers invocations per callee handle', () => {
    const { invocations, caller } = parkedCallee();
    caller.call('slow');
    caller.call('slow');
    expect(invocations.map((inv) => inv.id)).toEqual([1, 2]);
  });

  it('settles once: later resolve or reject calls are ignored', async () => {
    const { invocations, caller } = parkedCallee();
    const call = caller.call('slow');
    invocations[0]!.resolve({ args: ['first'] });
    invocations[0]!.reject(new RouterError('app.error'));
    invocations[0]!.resolve({ args: ['second'] });
    await expect(call.result).resolves.toEqual({ args: ['first'] });
  });

  it('passes an application error from the callee through unchanged', async () => {
    const { invocations, caller } = parkedCallee();
    const call = caller.call('slow');
    invocations[0]!.reject(new RouterError('com.app.error.invalid', 'bad', { args: [1], kwargs: { a: 2 } }));
    await expect(call.result).rejects.toMatchObject({
      uri: 'com.app.error.invalid',
      args: [1],
      kwargs: { a: 2 },
    });
  });

  it('rejects with runtime_error when the callee throws, or with the RouterError it throws', async () => {
    const { open, errors } = testRouter();
    open().register('broken', {}, () => {
      throw new TypeError('oops');
    });
    open().register('refuses', {}, () => {
      throw new RouterError(ErrorUri.NOT_AUTHORIZED);
    });
    const caller = open();
    await expect(caller.call('broken').result).rejects.toMatchObject({
      uri: ErrorUri.RUNTIME_ERROR,
      args: ['oops'],
    });
    await expect(caller.call('refuses').result).rejects.toMatchObject({ uri: ErrorUri.NOT_AUTHORIZED });
    expect(errors).toEqual([new TypeError('oops')]);
  });

  describe('progressive results', () => {
    it('[WAMP progressive call results] forwards progress when the caller asked for it', async () => {
      const { invocations, caller } = parkedCallee();
      const progress: CallPayload[] = [];
      const call = caller.call('slow', { onProgress: (p) => progress.push(p) });
      expect(invocations[0]!.receiveProgress).toBe(true);
      invocations[0]!.progress({ args: [1] });
      invocations[0]!.progress({ args: [2] });
      invocations[0]!.resolve({ args: [3] });
      invocations[0]!.progress({ args: [4] });
      await expect(call.result).resolves.toEqual({ args: [3] });
      expect(progress).toEqual([{ args: [1] }, { args: [2] }]);
    });

    it('gives progress to the call reply when it takes progress, with the outcome after it', async () => {
      const { invocations, caller } = parkedCallee();
      const heard: unknown[] = [];
      const reply: CallReply = {
        callSettled: (call, outcome) => heard.push(['settled', call.tag, outcome]),
        callProgress: (call, progress) => heard.push(['progress', call.tag, progress]),
      };
      caller.call('slow', { reply, tag: 7 });
      expect(invocations[0]!.receiveProgress).toBe(true);
      invocations[0]!.progress({ args: [1] });
      invocations[0]!.resolve({ args: [2] });
      invocations[0]!.progress({ args: [3] });
      expect(heard).toEqual([
        ['progress', 7, { args: [1] }],
        ['settled', 7, { args: [2] }],
      ]);
    });

    it('drops progress when the caller did not ask for it', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      invocations[0]!.progress({ args: [1] });
      invocations[0]!.resolve({ args: [2] });
      await expect(call.result).resolves.toEqual({ args: [2] });
    });
  });

  describe('timeout', () => {
    it('[WAMP call timeout] rejects with timeout and aborts the invocation', async () => {
      vi.useFakeTimers();
      const { invocations, caller } = parkedCallee();
      const state = track(caller.call('slow', { timeout: 100 }).result);
      await vi.advanceTimersByTimeAsync(99);
      expect(state.error).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      expect(state.error?.uri).toBe(ErrorUri.TIMEOUT);
      expect(invocations[0]!.signal.aborted).toBe(true);
      invocations[0]!.resolve({ args: ['late'] });
      expect(state.value).toBeUndefined();
    });

    it('waits for a timeout beyond a Node timer range instead of firing at once (fuzz regression)', async () => {
      const { invocations, caller } = parkedCallee();
      const state = track(caller.call('slow', { timeout: 2 ** 40 }).result);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(state.error).toBeUndefined();
      invocations[0]!.resolve({ args: ['ok'] });
      await vi.waitFor(() => expect(state.value).toEqual({ args: ['ok'] }));
    });

    it('does not fire after the call completed', async () => {
      vi.useFakeTimers();
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow', { timeout: 100 });
      invocations[0]!.resolve({ args: ['ok'] });
      await vi.advanceTimersByTimeAsync(200);
      await expect(call.result).resolves.toEqual({ args: ['ok'] });
      expect(invocations[0]!.signal.aborted).toBe(false);
    });
  });

  describe('#cancel', () => {
    it('[WAMP call canceling skip] rejects at once and leaves the callee running', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      call.cancel('skip');
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(invocations[0]!.signal.aborted).toBe(false);
      invocations[0]!.resolve({ args: ['ignored'] });
    });

    it('[WAMP call canceling killnowait] rejects at once and aborts the invocation', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      call.cancel('killnowait');
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(invocations[0]!.signal.aborted).toBe(true);
    });

    it('fires the abort event of a signal the callee listens to', () => {
      const { open } = testRouter();
      const reasons: unknown[] = [];
      open().register('listening', {}, (inv) => {
        inv.signal.addEventListener('abort', () => reasons.push(inv.signal.reason));
      });
      open().call('listening').cancel('killnowait');
      expect(reasons).toEqual([expect.objectContaining({ uri: ErrorUri.CANCELED })]);
    });

    it('uses killnowait by default', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      call.cancel();
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(invocations[0]!.signal.aborted).toBe(true);
    });

    it('[WAMP call canceling kill] aborts the invocation and waits for the callee, then rejects canceled', async () => {
      const { invocations, caller } = parkedCallee();
      const state = track(caller.call('slow').result);
      const call = caller.call('slow');
      const killed = track(call.result);
      call.cancel('kill');
      expect(invocations[1]!.signal.aborted).toBe(true);
      await flush();
      expect(killed.error).toBeUndefined();
      invocations[1]!.resolve({ args: ['done anyway'] });
      await flush();
      expect(killed.error?.uri).toBe(ErrorUri.CANCELED);
      expect(state.error).toBeUndefined();
    });

    it('is ignored once the call has completed', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      invocations[0]!.resolve({ args: ['ok'] });
      call.cancel('kill');
      await expect(call.result).resolves.toEqual({ args: ['ok'] });
      expect(invocations[0]!.signal.aborted).toBe(false);
    });
  });

  describe('sessions leaving', () => {
    it('[WAMP callee leaving] rejects every pending call on the callee with canceled at once', async () => {
      const { router, invocations, caller, callee } = parkedCallee();
      const calls = [caller.call('slow'), caller.call('slow', { timeout: 60_000 })];
      callee.release();
      for (const call of calls) await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(invocations.every((inv) => inv.signal.aborted)).toBe(true);
      expect(router.realm('realm1')!.registrations()).toEqual([]);
    });

    it('rejects a killed call when the callee unregisters without answering', async () => {
      const { invocations, caller, callee } = parkedCallee();
      const call = caller.call('slow');
      call.cancel('kill');
      callee.release();
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      expect(invocations[0]!.signal.aborted).toBe(true);
    });

    it('[WAMP caller leaving] aborts the invocation signal and ignores the later result', async () => {
      const { invocations, caller } = parkedCallee();
      const call = caller.call('slow');
      caller.release();
      expect(invocations[0]!.signal.aborted).toBe(true);
      await expect(call.result).rejects.toMatchObject({ uri: ErrorUri.CANCELED });
      invocations[0]!.resolve({ args: ['ignored'] });
    });
  });

  it('rejects calls beyond maxPendingCallsPerSession with limit_exceeded, and frees the slot on completion', async () => {
    const { open } = testRouter({ limits: { maxPendingCallsPerSession: 2 } });
    const invocations: Invocation[] = [];
    open().register('slow', {}, (inv) => invocations.push(inv));
    const caller = open();
    caller.call('slow');
    caller.call('slow');
    expect(() => caller.call('slow')).toThrowError(expect.objectContaining({ uri: ErrorUri.LIMIT_EXCEEDED }));
    invocations[0]!.resolve();
    caller.call('slow');
    expect(invocations).toHaveLength(3);
  });

  it('does not count calls answered synchronously against the pending limit', async () => {
    const { open } = testRouter({ limits: { maxPendingCallsPerSession: 1 } });
    open().register('fast', {}, (inv) => inv.resolve({ args: [1] }));
    const caller = open();
    for (let i = 0; i < 3; i++) await expect(caller.call('fast').result).resolves.toEqual({ args: [1] });
  });
});

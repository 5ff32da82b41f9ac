import autobahn from 'autobahn';
import { describe, expect, it } from 'vitest';
import { eventually, SERIALIZER_NAMES, sleep, wampBrokerForFile } from './autobahn-client.js';

const broker = wampBrokerForFile();

interface CallError {
  error: string;
  args: unknown[];
  kwargs: Record<string, unknown>;
}

async function failure(promise: Promise<unknown>): Promise<CallError> {
  try {
    await promise;
  } catch (error) {
    return error as CallError;
  }
  throw new Error('the call succeeded');
}

describe.each(SERIALIZER_NAMES)('WAMP RPC with autobahn over %s', (serializer) => {
  const connect = async () => {
    return broker.open(serializer);
  };
  const p = (name: string) => `com.${serializer}.${name}`;

  it('[WAMP CALL] calls a procedure with args and kwargs', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('add'), (args, kwargs) => ({ sum: (args[0] as number) + (args[1] as number), kwargs }));
    expect(await caller.call(p('add'), [2, 3], { unit: 'm' })).toEqual({ sum: 5, kwargs: { unit: 'm' } });
  });

  // autobahn-js 22 has no "\\u0000"+base64 support in its JSON serializer: binary over msgpack and cbor only.
  const binaryIt = serializer === 'json' ? () => {} : it;
  binaryIt('[WAMP §2.2] passes binary arguments natively', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('echo'), (args) => args[0]);
    const result = await caller.call<Uint8Array>(p('echo'), [Uint8Array.of(7, 8, 0)]);
    expect(Uint8Array.from(result)).toEqual(Uint8Array.of(7, 8, 0));
  });

  it('[WAMP §2.22] passes a callee error URI, args and kwargs through unchanged', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('fail'), () => {
      throw new autobahn.Error('com.myapp.error.invalid_order', ['bad', 42], { field: 'qty' });
    });
    const error = await failure(caller.call(p('fail')));
    expect(error).toMatchObject({
      error: 'com.myapp.error.invalid_order',
      args: ['bad', 42],
      kwargs: { field: 'qty' },
    });
  });

  it('[WAMP §2.20] answers a call to an unknown procedure with no_such_procedure', async () => {
    const { session } = await connect();
    expect((await failure(session.call(p('nobody')))).error).toBe('wamp.error.no_such_procedure');
  });

  it('[WAMP §2.20] refuses a second registration with procedure_already_exists', async () => {
    const [{ session: a }, { session: b }] = await Promise.all([connect(), connect()]);
    await a.register(p('once'), () => 1);
    expect((await failure(b.register(p('once'), () => 2))).error).toBe('wamp.error.procedure_already_exists');
  });

  it('[WAMP §2.23] forwards progressive results to a caller that asked for them', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('countdown'), async (args, _kwargs, details) => {
      for (let i = args[0] as number; i > 0; i--) details.progress?.([i]);
      return 'liftoff';
    });
    const progress: unknown[] = [];
    const result = await caller.call(p('countdown'), [3], undefined, { receive_progress: true }).then(
      (value) => value,
      undefined,
      (update) => progress.push(update),
    );
    expect(progress).toEqual([3, 2, 1]);
    expect(result).toBe('liftoff');
  });

  it('[WAMP §2.25] fails a call after its timeout with wamp.error.timeout', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('slow'), () => sleep(1000).then(() => 'late'));
    const started = Date.now();
    expect((await failure(caller.call(p('slow'), [], undefined, { timeout: 100 }))).error).toBe('wamp.error.timeout');
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('[WAMP §2.24] cancels a call in kill mode with wamp.error.canceled', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    let invoked = false;
    await callee.register(p('forever'), () => {
      invoked = true;
      return new Promise(() => {});
    });
    const call = caller.call(p('forever'));
    await eventually(() => invoked);
    call.cancel({ mode: 'kill' });
    // autobahn callees do not announce call_canceling: the router falls back to skip (§2.24).
    expect((await failure(call)).error).toBe('wamp.error.canceled');
  });

  it('[WAMP §2.26] spreads calls round-robin over two callees of a shared registration', async () => {
    const [{ session: one }, { session: two }, { session: caller }] = await Promise.all([
      connect(),
      connect(),
      connect(),
    ]);
    await one.register(p('shared'), () => 'one', { invoke: 'roundrobin' });
    await two.register(p('shared'), () => 'two', { invoke: 'roundrobin' });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await caller.call(p('shared')));
    expect(answers).toEqual(['one', 'two', 'one', 'two']);
  });

  it('[WAMP §2.27] routes by exact > longest prefix > wildcard and tells the procedure', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('math'), (_a, _k, d) => `prefix-short:${d.procedure}`, { match: 'prefix' });
    await callee.register(p('math.exact'), (_a, _k, d) => `prefix-long:${d.procedure}`, { match: 'prefix' });
    await callee.register(p('math.exact.add'), (_a, _k, d) => `exact:${d.procedure}`);
    await callee.register(`com.${serializer}..mul`, (_a, _k, d) => `wildcard:${d.procedure}`, { match: 'wildcard' });
    expect(await caller.call(p('math.exact.add'))).toBe(`exact:${p('math.exact.add')}`);
    expect(await caller.call(p('math.exact.sub'))).toBe(`prefix-long:${p('math.exact.sub')}`);
    expect(await caller.call(p('math.div'))).toBe(`prefix-short:${p('math.div')}`);
    expect(await caller.call(p('x.mul'))).toBe(`wildcard:${p('x.mul')}`);
  });

  it('[WAMP caller identification] discloses the caller only when asked', async () => {
    const [{ session: callee }, { session: caller }] = await Promise.all([connect(), connect()]);
    await callee.register(p('whoami'), (_a, _k, details) => details.caller ?? null);
    expect(await caller.call(p('whoami'))).toBe(null);
    expect(await caller.call(p('whoami'), [], undefined, { disclose_me: true })).toBe(caller.id);
  });

  it('[WAMP §2.21] fails the caller with canceled within a second when the callee dies mid-call', async () => {
    const [callee, { session: caller }] = await Promise.all([connect(), connect()]);
    let invoked = false;
    await callee.session.register(p('dies'), () => {
      invoked = true;
      return new Promise(() => {});
    });
    const call = caller.call(p('dies'));
    await eventually(() => invoked);
    const started = Date.now();
    void callee.close();
    expect((await failure(call)).error).toBe('wamp.error.canceled');
    expect(Date.now() - started).toBeLessThan(1000);
  });
});

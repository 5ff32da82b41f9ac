/** Calls the callee's procedures with autobahn-js, then leaves. */
import autobahn from 'autobahn';

const connection = new autobahn.Connection({
  url: process.env.WAMP_URL ?? 'ws://127.0.0.1:8080',
  realm: 'realm1',
  protocols: ['wamp.2.json'],
  max_retries: 0,
});

connection.onopen = async (session) => {
  console.log('2 + 3 =', await session.call('com.example.add', [2, 3]));
  const result = await session.call('com.example.countdown', [3], undefined, { receive_progress: true }).then(
    (value) => value,
    undefined,
    (step) => console.log('progress', step),
  );
  console.log('countdown:', result);
  try {
    await session.call('com.example.missing');
  } catch (error) {
    console.log('expected error:', (error as { error: string }).error);
  }
  connection.close();
};

connection.open();

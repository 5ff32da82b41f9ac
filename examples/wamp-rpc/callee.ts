/** Registers `com.example.add` and a progressive `com.example.countdown` with autobahn-js. */
import autobahn from 'autobahn';

const connection = new autobahn.Connection({
  url: process.env.WAMP_URL ?? 'ws://127.0.0.1:8080',
  realm: 'realm1',
  protocols: ['wamp.2.json'],
});

connection.onopen = (session) => {
  void session.register('com.example.add', (args) => (args[0] as number) + (args[1] as number));
  void session.register('com.example.countdown', async (args, _kwargs, details) => {
    for (let i = args[0] as number; i > 0; i--) details.progress?.([i]);
    return 'liftoff';
  });
  console.log('callee ready: com.example.add, com.example.countdown');
};

connection.open();

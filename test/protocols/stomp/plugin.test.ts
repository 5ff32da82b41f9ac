import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { header } from '../../../protocols/stomp/frame.js';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';
import { rawClient } from './raw-client.js';

describe('stomp()', () => {
  it('claims the three STOMP tokens, highest version first', () => {
    const plugin = stomp();
    expect(plugin.name).toBe('stomp');
    expect(plugin.tokens).toEqual(['v12.stomp', 'v11.stomp', 'v10.stomp']);
  });

  it('selects the highest version token the client offered, whatever its order', () => {
    const { selectToken } = stomp();
    expect(selectToken?.(['v10.stomp', 'v11.stomp'])).toBe('v11.stomp');
    expect(selectToken?.(['v10.stomp', 'v12.stomp', 'v11.stomp'])).toBe('v12.stomp');
    expect(selectToken?.(['v10.stomp'])).toBe('v10.stomp');
  });

  it('has an options schema that accepts the documented options and rejects bad values', () => {
    const validate = new Ajv().compile(stomp().optionsSchema as object);
    expect(validate({ maxFrameSize: 2_000_000, maxSubscriptions: 10, heartbeatOutgoing: 0 })).toBe(true);
    expect(validate({ maxFrameSize: 0 })).toBe(false);
    expect(validate({ maxHeaders: 1.5 })).toBe(false);
    expect(validate({ unknownOption: true })).toBe(false);
  });

  it('rejects invalid options when the broker starts', async () => {
    await expect(startJunction({ protocols: [stomp({ maxHeaders: -1 })] })).rejects.toThrow(/stomp/);
  });

  it('says goodbye with ERROR when the broker shuts down, then the socket closes 1001', async () => {
    const server: StartedJunction = await startJunction({ protocols: [stomp()] });
    const client = await rawClient(server.url);
    await client.connect();
    const closing = server.close();
    const goodbye = await client.next();
    expect(goodbye.command).toBe('ERROR');
    expect(header(goodbye, 'message')).toBe('Server shutting down');
    expect(await client.closed).toBe(1001);
    await closing;
  });
});

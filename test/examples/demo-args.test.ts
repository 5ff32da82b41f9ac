import { describe, expect, it } from 'vitest';
import { demoArgs } from '../../examples/example-server.js';

describe('example server arguments (demoArgs)', () => {
  it('takes --port and -p from the command line over PORT', () => {
    expect(demoArgs(['--port', '9000'], { PORT: '7000' })).toEqual({ port: 9000, host: '127.0.0.1' });
    expect(demoArgs(['-p', '9001'], {})).toEqual({ port: 9001, host: '127.0.0.1' });
  });

  it('falls back to PORT, then 8080', () => {
    expect(demoArgs([], { PORT: '7000' }).port).toBe(7000);
    expect(demoArgs([], {}).port).toBe(8080);
  });

  it('takes --host', () => {
    expect(demoArgs(['--host', '0.0.0.0'], {}).host).toBe('0.0.0.0');
  });

  it('refuses a port that is not a number in 0..65535, and unknown flags', () => {
    expect(() => demoArgs(['--port', 'eighty'], {})).toThrow(/--port must be 0..65535/);
    expect(() => demoArgs(['--port', '70000'], {})).toThrow(/--port must be 0..65535/);
    expect(() => demoArgs(['--verbose'], {})).toThrow();
  });
});

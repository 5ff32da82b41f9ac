/**
 * The directory of other nodes' registrations remembers its routes between changes
 * (registration-directory.ts): every announcement, snapshot or departure must be seen by the next
 * call, and remembering is bounded however many procedure names callers try.
 */
import { describe, expect, it } from 'vitest';
import { RegistrationDirectory } from '../../src/cluster/registration-directory.js';

describe('RegistrationDirectory routes', () => {
  it('answers from what was announced last, never from a route remembered before the change', () => {
    const directory = new RegistrationDirectory();
    directory.replace('b', 0, []);
    expect(directory.route('realm1', 'math.add')).toBeUndefined();
    expect(directory.apply('b', 1, ['realm1', 'math.add', 'exact', 'single'], true)).toBe(true);
    expect(directory.route('realm1', 'math.add')).toMatchObject({ procedure: 'math.add', nodes: ['b'] });
    directory.replace('c', 0, [['realm1', 'math.', 'prefix', 'single']]);
    expect(directory.route('realm1', 'math.add')?.nodes).toEqual(['b']);
    expect(directory.apply('b', 2, ['realm1', 'math.add', 'exact', 'single'], false)).toBe(true);
    expect(directory.route('realm1', 'math.add')).toMatchObject({ procedure: 'math.', match: 'prefix', nodes: ['c'] });
    directory.removeNode('c');
    expect(directory.route('realm1', 'math.add')).toBeUndefined();
  });

  it('hands out routes that cannot be changed by whoever holds them', () => {
    const directory = new RegistrationDirectory();
    directory.replace('b', 0, [['realm1', 'echo', 'exact', 'roundrobin']]);
    const route = directory.route('realm1', 'echo')!;
    expect(Object.isFrozen(route) && Object.isFrozen(route.nodes)).toBe(true);
    expect(directory.route('realm1', 'echo')).toBe(route);
  });

  it('keeps answering right after more distinct procedures than it remembers', () => {
    const directory = new RegistrationDirectory();
    directory.replace('b', 0, [['realm1', 'echo', 'exact', 'single']]);
    for (let i = 0; i < 25_000; i++) expect(directory.route('realm1', `unknown.${i}`)).toBeUndefined();
    expect(directory.route('realm1', 'echo')?.nodes).toEqual(['b']);
  });
});

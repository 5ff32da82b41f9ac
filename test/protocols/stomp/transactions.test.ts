import { describe, expect, it } from 'vitest';
import type { Frame } from '../../../protocols/stomp/frame.js';
import { isDeferred, TransactionTable } from '../../../protocols/stomp/transactions.js';

const enc = new TextEncoder();
const frame = (command: string, headers: Record<string, string>): Frame => ({
  command,
  headers: Object.entries(headers),
  body: enc.encode(''),
});

describe('TransactionTable', () => {
  it('[STOMP 1.2 BEGIN] applies a frame without a transaction at once', () => {
    const table = new TransactionTable(16, 1024);
    const applied: string[] = [];
    table.applyOrDefer(frame('SEND', { destination: '/topic/a' }), () => applied.push('a'));
    expect(applied).toEqual(['a']);
  });

  it('[STOMP 1.2 COMMIT] defers transactional frames with their receipts, in order', () => {
    const table = new TransactionTable(16, 1024);
    const applied: string[] = [];
    table.begin('tx');
    table.applyOrDefer(frame('SEND', { transaction: 'tx', receipt: 'r1' }), () => applied.push('one'));
    table.applyOrDefer(frame('ACK', { transaction: 'tx' }), () => applied.push('ack'));
    expect(applied).toEqual([]);
    const deferred = table.commit('tx');
    expect(deferred.map((d) => d.receipt)).toEqual(['r1', undefined]);
    for (const d of deferred) d.apply();
    expect(applied).toEqual(['one', 'ack']);
  });

  it('asks every frame again before COMMIT, and a refusal leaves the transaction whole (issue 11)', () => {
    const table = new TransactionTable(16, 1024);
    const asked: string[] = [];
    table.begin('tx');
    table.applyOrDefer(
      frame('SEND', { transaction: 'tx' }),
      () => {},
      () => asked.push('one'),
    );
    table.applyOrDefer(
      frame('SEND', { transaction: 'tx' }),
      () => {},
      () => {
        asked.push('two');
        throw new Error('refused');
      },
    );
    expect(() => table.authorizeAll('tx')).toThrow('refused');
    expect(asked).toEqual(['one', 'two']);
    expect(table.commit('tx')).toHaveLength(2);
  });

  it('[STOMP 1.2 ABORT] returns the receipts of the discarded frames, in order', () => {
    const table = new TransactionTable(16, 1024);
    table.begin('tx');
    for (const receipt of ['r1', 'r2']) table.applyOrDefer(frame('NACK', { transaction: 'tx', receipt }), () => {});
    expect(table.abort('tx')).toEqual(['r1', 'r2']);
    expect(() => table.commit('tx')).toThrow('Unknown transaction tx');
  });

  it('[STOMP 1.2 DISCONNECT] the implicit abort returns every discarded receipt', () => {
    const table = new TransactionTable(16, 1024);
    table.begin('a');
    table.begin('b');
    table.applyOrDefer(frame('SEND', { transaction: 'a', receipt: 'ra' }), () => {});
    table.applyOrDefer(frame('SEND', { transaction: 'b', receipt: 'rb' }), () => {});
    expect(table.clear()).toEqual(['ra', 'rb']);
  });

  it('refuses a frame for an unknown transaction and one past maxActionsPerTransaction', () => {
    const table = new TransactionTable(16, 1);
    expect(() => table.applyOrDefer(frame('SEND', { transaction: 'x' }), () => {})).toThrow('Unknown transaction x');
    table.begin('tx');
    table.applyOrDefer(frame('SEND', { transaction: 'tx' }), () => {});
    expect(() => table.applyOrDefer(frame('SEND', { transaction: 'tx' }), () => {})).toThrow(
      /maxActionsPerTransaction/,
    );
  });

  it('defers only SEND, ACK and NACK, and only with a transaction header', () => {
    expect(isDeferred(frame('SEND', { transaction: 't' }))).toBe(true);
    expect(isDeferred(frame('NACK', { transaction: 't' }))).toBe(true);
    expect(isDeferred(frame('COMMIT', { transaction: 't' }))).toBe(false);
    expect(isDeferred(frame('SEND', {}))).toBe(false);
  });
});

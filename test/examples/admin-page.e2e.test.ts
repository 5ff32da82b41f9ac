import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonrpc } from '../../protocols/jsonrpc/index.js';
import { stomp } from '../../protocols/stomp/index.js';
import { wamp } from '../../protocols/wamp/index.js';
import { hashSecret } from '../../src/auth/index.js';
import { type StartedJunction, startJunction } from '../helpers/start-junction.js';
import { type RawClient as StompClient, rawClient as stompClient } from '../protocols/stomp/raw-client.js';
import { type RawClient as WampClient, rawClient as wampClient } from '../protocols/wamp/raw-client.js';
import { chromiumRuns, launchChromium } from './chromium.js';

const TOKEN = 'admin-page-token-0123456789';
const runs = await chromiumRuns();

describe.runIf(runs)('the admin page in Chromium', () => {
  let broker: StartedJunction;
  let browser: Browser;
  let page: Page;
  let stompPeer: StompClient;
  let wampPeer: WampClient;
  const pageErrors: string[] = [];
  const pageUrl = () => `${broker.url.replace(/^ws/, 'http')}/admin`;
  const shot = (name: string) => page.screenshot({ path: `test-output/${name}.png`, fullPage: true });

  beforeAll(async () => {
    mkdirSync('test-output', { recursive: true });
    broker = await startJunction({
      protocols: [stomp(), wamp(), jsonrpc()],
      admin: { users: [{ authid: 'root', secret: hashSecret('rootpw') }], tokens: [{ authid: 'ci', token: TOKEN }] },
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await broker?.close();
  });

  it('refuses a wrong password and logs in with the admin user', async () => {
    await page.goto(pageUrl());
    await page.fill('[name=authid]', 'root');
    await page.fill('[name=secret]', 'wrong');
    await page.click('#login button[type=submit]');
    await page.locator('#login-error:not([hidden])').waitFor();
    expect(await page.textContent('#login-error')).toBe('authentication failed');
    await shot('admin-login-refused');
    await page.fill('[name=secret]', 'rootpw');
    await page.click('#login button[type=submit]');
    await page.locator('body[data-status=connected]').waitFor();
    expect(pageErrors).toEqual([]);
  });

  it('shows sessions of STOMP and WAMP clients as they appear, with their topics and procedures', async () => {
    stompPeer = await stompClient(broker.url);
    await stompPeer.connect();
    stompPeer.send('SUBSCRIBE\nid:0\ndestination:/topic/chat.room1\nreceipt:s0\n\n\0');
    await stompPeer.receipt('s0');
    wampPeer = await wampClient(broker.url);
    await wampPeer.hello();
    wampPeer.send([64, 1, {}, 'com.example.add']);
    await wampPeer.next();
    await page.locator('#sessions tr[data-protocol=stomp]').waitFor();
    await page.locator('#sessions tr[data-protocol=wamp]').waitFor();
    await page.locator('#topics td', { hasText: 'chat.room1' }).waitFor();
    await page.locator('#procedures td', { hasText: 'com.example.add' }).waitFor();
  });

  it('publishes from the form to a STOMP subscriber, and the rate shows it', async () => {
    await page.fill('#publish [name=topic]', 'chat.room1');
    await page.fill('#publish [name=payload]', '{"text":"hello from the admin page"}');
    await page.click('#publish button[type=submit]');
    const message = await stompPeer.next();
    expect(message.command).toBe('MESSAGE');
    expect(JSON.parse(new TextDecoder().decode(message.body))).toEqual({ text: 'hello from the admin page' });
    // The STOMP delivery can come before the page has the publish's answer: wait for its text.
    await page.locator('#publish-result', { hasText: 'delivered to 1' }).waitFor({ timeout: 10_000 });
    await page.waitForFunction(() => Number(document.querySelector('[data-rate=delivered]')?.textContent) > 0);
    await shot('admin');
  });

  it('purges a queue from its Purge button', async () => {
    stompPeer.send('SEND\ndestination:/queue/work\n\njob 1\0');
    stompPeer.send('SEND\ndestination:/queue/work\nreceipt:w2\n\njob 2\0');
    await stompPeer.receipt('w2');
    const row = page.locator('#queues tr', { hasText: 'work' });
    await row.locator('td', { hasText: /^2$/ }).waitFor();
    await row.locator('button').click();
    await row.waitFor({ state: 'detached' });
    expect(broker.junction.router.realm('realm1')!.queues()).toEqual([]);
  });

  it('kills the WAMP session from its Kill button', async () => {
    await page.locator('#sessions tr[data-protocol=wamp] button').click();
    expect(await wampPeer.next()).toEqual([6, { message: 'killed from the admin page' }, 'wamp.close.killed']);
    expect(await wampPeer.closed()).toBe(1008);
    await page.locator('#sessions tr[data-protocol=wamp]').waitFor({ state: 'detached' });
    await shot('admin-killed');
    expect(pageErrors).toEqual([]);
  });

  it('logs in from ?token= in the address and drops it from the address bar', async () => {
    const second = await browser.newPage();
    await second.goto(`${pageUrl()}?token=${TOKEN}`);
    await second.locator('body[data-status=connected]').waitFor();
    expect(new URL(second.url()).search).toBe('');
    await second.locator('#sessions tr[data-protocol=stomp]').waitFor();
    await second.close();
  });
});

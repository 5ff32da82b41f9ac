import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedChat, startChat } from '../../examples/stomp-chat/server.js';
import { type OpenSession, openSession } from '../protocols/wamp/autobahn-client.js';
import { chromiumRuns, launchChromium } from './chromium.js';

const SCREENSHOT = 'test-output/stomp-chat.png';
const runs = await chromiumRuns();
const CLOCK = /^\d\d:\d\d:\d\d/;

describe.runIf(runs)('examples/stomp-chat page in Chromium, with a WAMP client in the same room', () => {
  let chat: StartedChat;
  let browser: Browser;
  let page: Page;
  let wampClient: OpenSession;
  const heardByWamp: unknown[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    chat = await startChat({ port: 0, logger: 'silent' });
    wampClient = await openSession(chat.url, 'json');
    await wampClient.session.subscribe('chat.lobby', (args) => heardByWamp.push(args[0]));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 900, height: 650 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(chat.pageUrl);
  });
  afterAll(async () => {
    if (page) {
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
    }
    await browser?.close();
    await wampClient?.close().catch(() => undefined);
    await chat?.close();
  });

  it('shows connecting, then connected, and enables Send', async () => {
    await page.locator('body[data-state=connected]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#state').textContent()).toBe('connected');
    expect(await page.locator('#send').isEnabled()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("shows a sent message with its time, and a WAMP client on chat.lobby receives it with the sender's time", async () => {
    const name = await page.locator('#name').inputValue();
    await page.fill('#text', 'hello from the page');
    await page.click('#send');
    const line = page.locator('#log p.me', { hasText: 'hello from the page' });
    await line.waitFor({ timeout: 5000 });
    expect(await line.locator('time').textContent()).toMatch(CLOCK);
    await expect.poll(() => heardByWamp.length, { timeout: 5000 }).toBe(1);
    expect(heardByWamp[0]).toMatchObject({ user: name, text: 'hello from the page' });
    expect(Date.parse((heardByWamp[0] as { time: string }).time)).not.toBeNaN();
  });

  it('shows a message a WAMP client publishes, timed on arrival when it carries no time', async () => {
    await wampClient.session.publish('chat.lobby', [{ user: 'wamp-bot', text: 'hi from WAMP' }]);
    await wampClient.session.publish('chat.lobby', ['a plain string']);
    const line = page.locator('#log p', { hasText: 'wamp-bot: hi from WAMP' });
    await line.waitFor({ timeout: 5000 });
    expect(await line.locator('time').textContent()).toMatch(CLOCK);
    await page.locator('#log p', { hasText: '?: a plain string' }).waitFor({ timeout: 5000 });
  });

  it('shows reconnecting while the broker is away and connected again once it is back on the same port', async () => {
    const port = chat.port;
    await chat.close();
    await page.locator('body[data-state=reconnecting]').waitFor({ timeout: 5000 });
    expect(await page.locator('#state').textContent()).toBe('reconnecting…');
    expect(await page.locator('#send').isEnabled()).toBe(false);
    chat = await startChat({ port, logger: 'silent' });
    await page.locator('body[data-state=connected]').waitFor({ timeout: 10_000 });
    await page.fill('#text', 'back again');
    await page.click('#send');
    await page.locator('#log p.me', { hasText: 'back again' }).waitFor({ timeout: 5000 });
  });
});

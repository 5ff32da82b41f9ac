import { mkdirSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Callee, startCallee } from '../../examples/wamp-rpc/callee.js';
import { runCaller } from '../../examples/wamp-rpc/caller.js';
import { type StartedServer, startServer } from '../../examples/wamp-rpc/server.js';
import { needs } from '../helpers/needs.js';
import { CHROMIUM } from '../helpers/system-parts.js';

const SCREENSHOT = 'test-output/wamp-rpc.png';
const available = await needs('chromium');

describe.skipIf(!available)('examples/wamp-rpc with the Node callee, the Node caller and the page in Chromium', () => {
  let server: StartedServer;
  let callee: Callee;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Opens the page and waits until autobahn-browser has joined the realm. */
  const openPage = async (): Promise<Page> => {
    const opened = await browser.newPage({ viewport: { width: 800, height: 600 } });
    opened.on('pageerror', (error) => pageErrors.push(error.message));
    await opened.goto(server.pageUrl);
    await opened.locator('#status[data-status=connected]').waitFor({ timeout: 10_000 });
    return opened;
  };

  /** Presses `=` with a and b filled in and returns the state and text of the result once it is in. */
  const add = async (on: Page, a: string, b: string): Promise<{ state: string | null; text: string | null }> => {
    await on.fill('#a', a);
    await on.fill('#b', b);
    await on.click('#add');
    const result = on.locator('#result[data-state]:not([data-state=pending])');
    await result.waitFor({ timeout: 5000 });
    return { state: await result.getAttribute('data-state'), text: await result.textContent() };
  };

  beforeAll(async () => {
    server = await startServer({ port: 0, logger: 'silent' });
    callee = await startCallee(server.url);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
    page = await openPage();
  });
  afterAll(async () => {
    if (page) {
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
    }
    await browser?.close();
    await callee?.close();
    await server?.close();
  });

  it('enables both buttons once the page has joined realm1, with no script errors', async () => {
    await expect(page.locator('#add').isEnabled()).resolves.toBe(true);
    await expect(page.locator('#countdown').isEnabled()).resolves.toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('shows the sum computed by the Node callee when = is pressed', async () => {
    expect(await add(page, '2', '3')).toEqual({ state: 'ok', text: '5' });
    expect(await add(page, '40', '2')).toEqual({ state: 'ok', text: '42' });
  });

  it('shows each countdown step while the call is still pending, then liftoff', async () => {
    await page.fill('#from', '3');
    await page.click('#countdown');
    // The first step is on screen before the final result: progressive results, not one batch at the end.
    await page.locator('#progress li').first().waitFor({ timeout: 5000 });
    expect(await page.locator('#liftoff').getAttribute('data-state')).toBe('pending');
    await page.locator('#liftoff[data-state=ok]').waitFor({ timeout: 5000 });
    expect(await page.locator('#liftoff').textContent()).toBe('liftoff');
    expect(await page.locator('#progress li').allTextContents()).toEqual(['3', '2', '1']);
    expect(pageErrors).toEqual([]);
  });

  it('prints the sum, the countdown steps and no_such_procedure from the Node caller', async () => {
    const printed: string[] = [];
    await runCaller(server.url, (line) => printed.push(line));
    expect(printed).toEqual([
      '2 + 3 = 5',
      'progress 3',
      'progress 2',
      'progress 1',
      'countdown: liftoff',
      'expected error: wamp.error.no_such_procedure',
    ]);
  });

  it('shows no_such_procedure in a fresh tab once the Node callee has left', async () => {
    await callee.close();
    const second = await openPage();
    try {
      expect(await add(second, '2', '3')).toEqual({ state: 'error', text: 'wamp.error.no_such_procedure' });
    } finally {
      await second.close();
    }
  });
});

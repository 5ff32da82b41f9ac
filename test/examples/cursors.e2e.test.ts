import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedCursors, startCursors } from '../../examples/cursors/server.js';
import { chromiumRuns, launchChromium } from './chromium.js';

const SCREENSHOT = 'test-output/cursors.png';
const SCREENSHOT_WAMP = 'test-output/cursors-wamp.png';
const runs = await chromiumRuns();
const TEXT = 'Shared notes\nline two is longer\nthird';

describe.runIf(runs)('examples/cursors: a STOMP user and a WAMP user in one document, in Chromium', () => {
  let server: StartedCursors;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  let ann: Page; // STOMP
  let bob: Page; // WAMP
  const pageErrors: string[] = [];

  /** Each user in a browser context of their own, like two people on two machines. */
  const open = async (query: string): Promise<Page> => {
    const context = await browser.newContext({ viewport: { width: 1000, height: 640 } });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${server.pageUrl}?${query}`);
    await page.locator('body[data-state=connected]').waitFor({ timeout: 10_000 });
    return page;
  };
  /** The cursor `page` draws for the user called `name`. */
  const cursorOf = (page: Page, name: string) => page.locator('.cursor', { hasText: name });
  /** Where a cursor sits relative to the text area's top-left corner, in pixels. */
  const offsetInText = async (page: Page, name: string): Promise<{ x: number; y: number }> => {
    const box = await cursorOf(page, name).boundingBox();
    const text = await page.locator('#text').boundingBox();
    if (!box || !text) throw new Error(`no box for ${name}'s cursor`);
    return { x: box.x - text.x, y: box.y - text.y };
  };

  beforeAll(async () => {
    server = await startCursors({ port: 0, logger: 'silent' });
    browser = await launchChromium();
    ann = await open('protocol=stomp&doc=notes&name=Ann');
    bob = await open('protocol=wamp&doc=notes&name=Bob');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it("shows each page connected over its own protocol, with the server's ws.protocol", async () => {
    expect(await ann.locator('#state').textContent()).toBe('connected · stomp · ws.protocol "v12.stomp"');
    expect(await bob.locator('#state').textContent()).toBe('connected · wamp · ws.protocol "wamp.2.json"');
    expect(pageErrors).toEqual([]);
  });

  it('lists each user as present on the other page, with the protocol the broker saw', async () => {
    await ann.locator('#people li', { hasText: 'Bob' }).locator('.protocol', { hasText: 'WAMP' }).waitFor();
    await bob.locator('#people li', { hasText: 'Ann' }).locator('.protocol', { hasText: 'STOMP' }).waitFor();
    await ann.locator('#people li', { hasText: 'Ann (you)' }).waitFor();
    await ann.locator('#events li.join', { hasText: 'Bob joined' }).waitFor();
  });

  it('carries the text typed on the STOMP page to the WAMP page', async () => {
    await ann.locator('#text').click();
    await ann.keyboard.type(TEXT);
    await expect.poll(() => bob.locator('#text').inputValue(), { timeout: 5000 }).toBe(TEXT);
  });

  it("draws the STOMP user's cursor on the WAMP page where she typed, and follows her arrow keys", async () => {
    // After typing, Ann's caret is at the end: line 2, column 5 ("third").
    await cursorOf(bob, 'Ann').and(bob.locator('[data-line="2"][data-column="5"]')).waitFor({ timeout: 5000 });
    // 1px border + 8px padding + 2 lines of 22px.
    expect((await offsetInText(bob, 'Ann')).y).toBeCloseTo(53, 0);
    await ann.keyboard.press('ArrowUp');
    await cursorOf(bob, 'Ann').and(bob.locator('[data-line="1"][data-column="5"]')).waitFor({ timeout: 5000 });
  });

  it("draws the WAMP user's cursor on the STOMP page as he moves it", async () => {
    await bob.locator('#text').click();
    await bob.keyboard.press('Control+Home');
    await bob.keyboard.press('ArrowDown');
    for (let i = 0; i < 9; i++) await bob.keyboard.press('ArrowRight');
    await cursorOf(ann, 'Bob').and(ann.locator('[data-line="1"][data-column="9"]')).waitFor({ timeout: 5000 });
    const at = await offsetInText(ann, 'Bob');
    expect(at.y).toBeCloseTo(31, 0);
    // Nine monospace characters in from the padding edge: well right of it, short of the far end.
    expect(at.x).toBeGreaterThan(9 + 9 * 7);
    expect(at.x).toBeLessThan(9 + 9 * 11);
    mkdirSync('test-output', { recursive: true });
    await ann.screenshot({ path: SCREENSHOT });
    await bob.screenshot({ path: SCREENSHOT_WAMP });
  });

  it('shows the WAMP user leaving when his tab closes without a goodbye', async () => {
    await bob.close();
    await ann.locator('#events li.leave', { hasText: 'Bob left' }).waitFor({ timeout: 5000 });
    await expect.poll(() => ann.locator('#people li', { hasText: 'Bob' }).count(), { timeout: 5000 }).toBe(0);
    expect(await cursorOf(ann, 'Bob').count()).toBe(0);
  });

  it('shows the STOMP user leaving, to a newcomer on WAMP, when her tab closes', async () => {
    const carol = await open('protocol=wamp&doc=notes&name=Carol');
    await carol.locator('#people li', { hasText: 'Ann' }).waitFor({ timeout: 5000 });
    // The newcomer gets the text and Ann's last cursor from the presence snapshot, before Ann moves again.
    expect(await carol.locator('#text').inputValue()).toBe(TEXT);
    await cursorOf(carol, 'Ann').and(carol.locator('[data-line="1"][data-column="5"]')).waitFor({ timeout: 5000 });
    await ann.close();
    await carol.locator('#events li.leave', { hasText: 'Ann left' }).waitFor({ timeout: 5000 });
    expect(await carol.locator('#people li').allTextContents()).toEqual(['Carol (you)WAMP']);
    expect(await cursorOf(carol, 'Ann').count()).toBe(0);
  });
});

import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedDemo, startDemo } from '../../examples/polyglot/server.js';
import { chromiumRuns, launchChromium } from './chromium.js';

const SCREENSHOT = 'test-output/polyglot.png';
const SCREENSHOT_SECOND_TAB = 'test-output/polyglot-second-tab.png';
const runs = await chromiumRuns();

const PANELS = [
  { id: 'stomp', name: 'STOMP' },
  { id: 'wamp', name: 'WAMP' },
  { id: 'jsonrpc', name: 'JSON-RPC' },
] as const;
type PanelId = (typeof PANELS)[number]['id'];

const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe.skipIf(!runs)('examples/polyglot page in Chromium', () => {
  let demo: StartedDemo;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const panel = (id: PanelId) => page.locator(`#${id}`);

  /** Calls `procedure` from a panel and returns what its result line shows once the answer is in. */
  const callFrom = async (id: PanelId, procedure: string, arg: string): Promise<string> => {
    await panel(id).locator('[name=procedure]').fill(procedure);
    await panel(id).locator('[name=arg]').fill(arg);
    await panel(id).locator('button[name=call]').click();
    const result = panel(id).locator('.result:not([data-state=pending])');
    await result.waitFor({ timeout: 5000 });
    return (await result.textContent()) ?? '';
  };

  beforeAll(async () => {
    demo = await startDemo({ port: 0, logger: 'silent' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(demo.pageUrl);
  });
  afterAll(async () => {
    if (page) {
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
    }
    await browser?.close();
    await demo?.close();
  });

  it('shows all three panels connected, with no script errors', async () => {
    for (const { id } of PANELS) {
      await page.locator(`#${id}[data-status=connected]`).waitFor({ timeout: 10_000 });
      await expect(panel(id).locator('button[name=publish]').isEnabled()).resolves.toBe(true);
    }
    expect(pageErrors).toEqual([]);
  });

  it("shows each panel's negotiated ws.protocol, its readyState and its registration", async () => {
    const protocols: Record<PanelId, string> = {
      stomp: '"v12.stomp"',
      wamp: '"wamp.2.json"',
      jsonrpc: '"" (none offered: JSON-RPC fallback)',
    };
    for (const { id } of PANELS) {
      await panel(id).locator('.protocol', { hasText: protocols[id] }).waitFor({ timeout: 2000 });
      await panel(id).locator('.ready-state', { hasText: '1 OPEN' }).waitFor({ timeout: 2000 });
    }
    expect(await panel('stomp').locator('.registration').textContent()).toBe('none (caller only)');
    expect(await panel('wamp').locator('.registration').textContent()).toBe('demo.wamp.greet registered');
    expect(await panel('jsonrpc').locator('.registration').textContent()).toBe('demo.jsonrpc.greet registered');
  });

  it('shows a message published from each panel in all three panels, with its sender', async () => {
    for (const sender of PANELS) {
      const text = `hello from ${sender.name} ✓`;
      await panel(sender.id).locator('[name=text]').fill(text);
      await panel(sender.id).locator('button[name=publish]').click();
      for (const receiver of PANELS) {
        const line = panel(receiver.id).locator('.log li.message', { hasText: text });
        await line.waitFor({ timeout: 5000 });
        expect(await line.locator('.topic').textContent()).toBe('demo.chat');
        expect(await line.locator('.from').textContent()).toBe(sender.name);
        expect(await line.locator('.text').textContent()).toBe(text);
      }
    }
  });

  it('shows a message published from server code in all three panels, without a sender badge', async () => {
    demo.junction.publish('demo.chat', 'a plain string from server code');
    for (const { id } of PANELS) {
      const line = panel(id).locator('.log li.message', { hasText: 'a plain string from server code' });
      await line.waitFor({ timeout: 5000 });
      expect(await line.locator('.from').count()).toBe(0);
    }
  });

  it('delivers a topic added with Subscribe only to the panels that subscribed to it', async () => {
    for (const id of ['stomp', 'wamp'] as const) {
      await panel(id).locator('[name=topic]').fill('demo.news');
      await panel(id).locator('button[name=subscribe]').click();
      await panel(id).locator('.log li.system', { hasText: 'subscribed to demo.news' }).waitFor({ timeout: 5000 });
    }
    await panel('jsonrpc').locator('[name=topic]').fill('demo.news');
    await panel('jsonrpc').locator('[name=text]').fill('news for two');
    await panel('jsonrpc').locator('button[name=publish]').click();
    // Per-publisher order: once the JSON-RPC panel's next demo.chat message is in, demo.news would have been too.
    await panel('jsonrpc').locator('[name=topic]').fill('demo.chat');
    await panel('jsonrpc').locator('[name=text]').fill('after the news');
    await panel('jsonrpc').locator('button[name=publish]').click();
    for (const { id } of PANELS) {
      await panel(id).locator('.log li.message', { hasText: 'after the news' }).waitFor({ timeout: 5000 });
    }
    for (const id of ['stomp', 'wamp'] as const) {
      const line = panel(id).locator('.log li.message', { hasText: 'news for two' });
      expect(await line.locator('.topic').textContent()).toBe('demo.news');
    }
    expect(await panel('jsonrpc').locator('.log li.message', { hasText: 'news for two' }).count()).toBe(0);
  });

  it('shows the answer when each panel calls a procedure registered by another panel', async () => {
    const calls = [
      { caller: 'stomp', procedure: 'demo.wamp.greet', callee: 'wamp', calleeName: 'WAMP' },
      { caller: 'stomp', procedure: 'demo.jsonrpc.greet', callee: 'jsonrpc', calleeName: 'JSON-RPC' },
      { caller: 'wamp', procedure: 'demo.jsonrpc.greet', callee: 'jsonrpc', calleeName: 'JSON-RPC' },
      { caller: 'jsonrpc', procedure: 'demo.wamp.greet', callee: 'wamp', calleeName: 'WAMP' },
    ] as const;
    for (const { caller, procedure, callee, calleeName } of calls) {
      const expected = `Hello ${caller} caller, from the ${calleeName} panel`;
      expect(await callFrom(caller, procedure, `${caller} caller`)).toBe(expected);
      await panel(callee).locator('.log li.invoked', { hasText: expected }).waitFor({ timeout: 2000 });
    }
  });

  it('shows the server time from demo.server.time in every panel', async () => {
    for (const { id } of PANELS) {
      expect(await callFrom(id, 'demo.server.time', '')).toMatch(ISO_TIME);
      expect(await panel(id).locator('.result').getAttribute('data-state')).toBe('ok');
    }
  });

  it("shows a call to a missing procedure failing in each caller's own words", async () => {
    const expected: Record<PanelId, RegExp> = {
      stomp: /^wamp\.error\.no_such_procedure: /,
      wamp: /^wamp\.error\.no_such_procedure/,
      jsonrpc: /^-32601 .*\(wamp\.error\.no_such_procedure\)$/,
    };
    for (const { id } of PANELS) {
      expect(await callFrom(id, 'demo.nobody.home', '')).toMatch(expected[id]);
      expect(await panel(id).locator('.result').getAttribute('data-state')).toBe('error');
    }
  });
  it('shows a second tab whose registrations were refused as refused, not connected, and lets it call', async () => {
    const second = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    try {
      await second.goto(demo.pageUrl);
      await second.locator('#stomp[data-status=connected]').waitFor({ timeout: 10_000 });
      for (const id of ['wamp', 'jsonrpc'] as const) {
        await second.locator(`#${id}[data-status=refused]`).waitFor({ timeout: 10_000 });
        expect(await second.locator(`#${id} .status`).textContent()).toBe('connected · registration refused');
        expect(await second.locator(`#${id} button[name=publish]`).isEnabled()).toBe(true);
      }
      await second.locator('#wamp .registration', { hasText: 'procedure_already_exists' }).waitFor({ timeout: 5000 });
      await second.locator('#jsonrpc .registration', { hasText: '-32007' }).waitFor({ timeout: 5000 });
      await second.locator('#wamp .log li.error', { hasText: 'procedure_already_exists' }).waitFor({ timeout: 5000 });
      await second.locator('#jsonrpc .log li.error', { hasText: '-32007' }).waitFor({ timeout: 5000 });
      await second.locator('#stomp [name=procedure]').fill('demo.jsonrpc.greet');
      await second.locator('#stomp [name=arg]').fill('tab two');
      await second.locator('#stomp button[name=call]').click();
      await second
        .locator('#stomp .result[data-state=ok]', { hasText: 'Hello tab two, from the JSON-RPC panel' })
        .waitFor({ timeout: 5000 });
      await panel('jsonrpc').locator('.log li.invoked', { hasText: 'Hello tab two' }).waitFor({ timeout: 2000 });
      mkdirSync('test-output', { recursive: true });
      await second.screenshot({ path: SCREENSHOT_SECOND_TAB });
    } finally {
      await second.close();
    }
  });
});

import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumRuns, launchChromium } from './chromium.js';
import { buildIfStale, freePort, startDemoProcess, stopDemoProcess } from './demo-process.js';

const SCREENSHOT = 'test-output/polyglot-restart.png';
const runs = await chromiumRuns();
const PANELS = ['stomp', 'wamp', 'jsonrpc'] as const;
const NAMES = { stomp: 'STOMP', wamp: 'WAMP', jsonrpc: 'JSON-RPC' } as const;

describe.runIf(runs)('examples/polyglot page across a broker process restart', () => {
  let port: number;
  let demo: ChildProcessWithoutNullStreams | undefined;
  let browser: Browser;
  let page: Page;

  const panel = (id: (typeof PANELS)[number]) => page.locator(`#${id}`);
  const allConnected = async (): Promise<void> => {
    for (const id of PANELS) await page.locator(`#${id}[data-status=connected]`).waitFor({ timeout: 15_000 });
  };
  /** A publish from each panel reaches all three. */
  const everyPublishReachesEveryone = async (tag: string): Promise<void> => {
    for (const sender of PANELS) {
      const text = `${tag} from ${NAMES[sender]}`;
      await panel(sender).locator('[name=text]').fill(text);
      await panel(sender).locator('button[name=publish]').click();
      for (const receiver of PANELS) {
        await panel(receiver).locator('.log li.message', { hasText: text }).waitFor({ timeout: 5000 });
      }
    }
  };

  beforeAll(async () => {
    buildIfStale();
    port = await freePort();
    demo = await startDemoProcess(port);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(`http://127.0.0.1:${port}/`);
    await allConnected();
  }, 120_000);
  afterAll(async () => {
    if (page) {
      mkdirSync('test-output', { recursive: true });
      await page.screenshot({ path: SCREENSHOT, fullPage: true }).catch(() => undefined);
    }
    await browser?.close();
    if (demo) await stopDemoProcess(demo, 'SIGKILL');
  });

  // SIGTERM drains: each protocol says goodbye (WAMP GOODBYE, after which autobahn alone never
  // retries). SIGKILL just drops every socket. The panels must come back either way.
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    it(`shows every panel reconnecting, then reconnects all of them after a ${signal} and a restart on the same port`, async () => {
      if (demo) await stopDemoProcess(demo, signal);
      demo = undefined;
      for (const id of PANELS) {
        await page.locator(`#${id}[data-status=reconnecting]`).waitFor({ timeout: 5000 });
        await panel(id)
          .locator('.ready-state', { hasText: /^[23] CLOS/ })
          .waitFor({ timeout: 5000 });
        expect(await panel(id).locator('button[name=publish]').isEnabled()).toBe(false);
      }
      // Stay down across a few retries, as a developer's rebuild would.
      await page.waitForTimeout(3000);
      demo = await startDemoProcess(port);
      await allConnected();
      for (const id of PANELS)
        await panel(id).locator('.ready-state', { hasText: '1 OPEN' }).waitFor({ timeout: 2000 });
      await everyPublishReachesEveryone(`after ${signal}`);
    }, 60_000); // a drain, a pause of 3 s, a process start and 2 s retries, on a busy 2-core machine
  }

  it('has the callee panels registered again after the restarts, so calls across protocols work', async () => {
    expect(await panel('wamp').locator('.registration').textContent()).toBe('demo.wamp.greet registered');
    expect(await panel('jsonrpc').locator('.registration').textContent()).toBe('demo.jsonrpc.greet registered');
    await panel('stomp').locator('[name=procedure]').fill('demo.wamp.greet');
    await panel('stomp').locator('[name=arg]').fill('restart');
    await panel('stomp').locator('button[name=call]').click();
    await panel('stomp')
      .locator('.result[data-state=ok]', { hasText: 'Hello restart, from the WAMP panel' })
      .waitFor({ timeout: 5000 });
  });
});

import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stomp } from '../../../protocols/stomp/index.js';
import { type StartedJunction, startJunction } from '../../helpers/start-junction.js';

const CHROMIUM = '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available) console.warn(`${CHROMIUM} is missing (apt-get install chromium): SKIPPING the chat page test`);

describe.runIf(available)('examples/stomp-chat page in Chromium', () => {
  let server: StartedJunction;
  let browser: Browser;
  let staticDir: string;

  beforeAll(async () => {
    // Serve a copy of the page with the stompjs bundle, as examples/stomp-chat/server.ts does.
    staticDir = mkdtempSync(join(tmpdir(), 'stomp-chat-'));
    mkdirSync(join(staticDir, 'vendor'));
    copyFileSync(
      fileURLToPath(new URL('../../../examples/stomp-chat/static/index.html', import.meta.url)),
      join(staticDir, 'index.html'),
    );
    const entry = createRequire(import.meta.url).resolve('@stomp/stompjs');
    const root = entry.slice(0, entry.lastIndexOf('@stomp/stompjs') + '@stomp/stompjs'.length);
    copyFileSync(join(root, 'bundles/stomp.umd.min.js'), join(staticDir, 'vendor/stomp.umd.min.js'));
    server = await startJunction({ protocols: [stomp()], staticDir });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(staticDir, { recursive: true, force: true });
  });

  it('delivers a message typed in one tab to another tab in the same room', async () => {
    const pageUrl = `http://127.0.0.1:${server.port}/`;
    const [alice, bob] = [await browser.newPage(), await browser.newPage()];
    for (const [page, name] of [
      [alice, 'alice'],
      [bob, 'bob'],
    ] as const) {
      await page.goto(pageUrl);
      await page.fill('#name', name);
      await page.locator('#log', { hasText: 'joined lobby' }).waitFor();
    }
    await alice.fill('#text', 'hello from alice ✓');
    await alice.click('button[type=submit]');
    await bob.locator('#log p', { hasText: 'alice: hello from alice ✓' }).waitFor({ timeout: 5000 });
    expect(await alice.locator('#log p.me').textContent()).toBe('alice: hello from alice ✓');
  });

  it('hands a browser a non-UTF-8 body intact (sent as a binary WebSocket message)', async () => {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/`);
    const received = page.evaluate(
      () =>
        new Promise<number[]>((resolve) => {
          const StompJs = (window as unknown as { StompJs: typeof import('@stomp/stompjs') }).StompJs;
          const client = new StompJs.Client({ brokerURL: `ws://${location.host}` });
          client.onConnect = () => {
            client.subscribe('/topic/bin', (message) => resolve(Array.from(message.binaryBody)), { receipt: 'ready' });
            client.watchForReceipt('ready', () => {
              (window as unknown as { ready: boolean }).ready = true;
            });
          };
          client.activate();
        }),
    );
    await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
    server.junction.publish('bin', new Uint8Array([0, 0xff, 0xfe, 0x80, 10]));
    expect(await received).toEqual([0, 0xff, 0xfe, 0x80, 10]);
  });
});

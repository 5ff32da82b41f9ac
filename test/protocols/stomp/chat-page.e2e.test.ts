import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCli } from '../../helpers/cli-process.js';
import { needs } from '../../helpers/needs.js';
import { CHROMIUM } from '../../helpers/system-parts.js';
import { rawClient } from './raw-client.js';

const available = await needs('chromium');

describe.skipIf(!available)('examples/stomp-chat page in Chromium, served by `npm start -- --static`', () => {
  let broker: ChildProcessWithoutNullStreams;
  let pageUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    // Exactly what a user runs: the CLI serving the page (npm run build copied its vendor bundle).
    const started = await startCli(['--static', 'examples/stomp-chat/static']);
    broker = started.child;
    pageUrl = `${started.match.replace(/^ws/, 'http')}/`;
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
    broker?.kill('SIGKILL');
  });

  it('delivers a message typed in one tab to another tab in the same room', async () => {
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
    // Each line starts with its time (hh:mm:ss), then the sender and the text.
    expect(await alice.locator('#log p.me').textContent()).toMatch(/^\d\d:\d\d:\d\d alice: hello from alice ✓$/);
  });

  it('hands a browser a non-UTF-8 body intact (sent as a binary WebSocket message)', async () => {
    const page = await browser.newPage();
    await page.goto(pageUrl);
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
    // A Node STOMP client publishes bytes that are not UTF-8 (no content-type: binary).
    const publisher = await rawClient(pageUrl.replace(/^http/, 'ws'));
    await publisher.connect({ 'accept-version': '1.2' });
    const head = new TextEncoder().encode('SEND\ndestination:/topic/bin\ncontent-length:5\n\n');
    publisher.send(new Uint8Array([...head, 0, 0xff, 0xfe, 0x80, 10, 0]));
    expect(await received).toEqual([0, 0xff, 0xfe, 0x80, 10]);
    publisher.close();
  });
});

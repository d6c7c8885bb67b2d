// The CDN file as a page loads it lays the elements out as the dev build does: its
// template minifier drops whitespace the dev build keeps (a `<p>` with only spaces in it
// is `:empty` in one and not in the other), so the layout is checked on the built file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import type { Browser } from 'puppeteer-core';
import { createRelayWithEmulator } from '../../src/emulator/index.ts';
import { toNodeListener } from '../../src/server/node.ts';
import { launchChromium, openPage } from './chromium.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = mkdtempSync(join(tmpdir(), 'ct-cdn-layout-'));
let server: Server;
let browser: Browser;
let url: string;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>CDN</title></head>
<body><ct-sms-activate></ct-sms-activate><script type="module" src="/ct-connect.min.js"></script></body></html>`;

before(async () => {
  await build({
    configFile: join(root, 'vite.config.ts'),
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true },
  });
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  const { handler } = createRelayWithEmulator({ origin: url.slice(0, -1), log: () => {} });
  const connect = toNodeListener(handler);
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', url).pathname;
    if (handler.handles(new URL(path, url))) return connect(req, res);
    if (path === '/') return res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    try {
      const file = readFileSync(join(outDir, path.replace(/^\/+/, '').replace(/\.\./g, '')));
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(file);
    } catch {
      res.writeHead(404).end();
    }
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

test('the built file keeps space between the SMS forms: "Send the code" does not touch the next label', async () => {
  const { page } = await openPage(browser, url);
  const ok = await page.evaluate(async () => {
    const headers = { 'content-type': 'application/json', 'x-ct-connect': '1' };
    const created = await fetch('/_emulator/accounts', {
      method: 'POST',
      headers,
      body: JSON.stringify({ user: 'layout1', password: 'Secret123', email_address: 'layout@example.com' }),
    });
    const signIn = await fetch('/connect', {
      method: 'POST',
      headers,
      body: JSON.stringify({
        action: 'authenticate_user',
        params: { user: 'layout1', password: 'Secret123' },
      }),
    });
    return created.ok && (await signIn.json()).ok;
  });
  assert.equal(ok, true, 'signed in');
  await page.reload({ waitUntil: 'load' });
  await page.waitForSelector('ct-sms-activate [name="sms_activation_code"]', { timeout: 20_000 });
  const gap = await page.$eval('ct-sms-activate', (el) => {
    const [send, code] = el.querySelectorAll('form');
    const button = send!.querySelector('.ct-submit')!.getBoundingClientRect();
    const label = code!.querySelector('label')!.getBoundingClientRect();
    return label.top - button.bottom;
  });
  assert.ok(gap >= 16, `${gap} px between "Send the code" and the next label`);
  await page.close();
});

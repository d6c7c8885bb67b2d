/**
 * The demo in live mode (`CT_CONNECT_TOKEN` set) says which upstream the relay talks to:
 * the real Connect API, or the one `CT_CONNECT_UPSTREAM` names, on the console and on the
 * page, without any password the URL holds.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import type { Browser } from 'puppeteer-core';
import { connectDevPlugin } from '../../src/dev.ts';
import { createEmulator } from '../../src/emulator/index.ts';
import { fakeApi, serve, xmlAnswer, type Served } from '../relay/helpers.ts';
import { launchChromium, openPage } from './chromium.ts';

const BIN = fileURLToPath(new URL('../../bin/ct-connect.js', import.meta.url));
const SECRET = 'a-session-secret-that-is-long-enough-0123456789';

async function demo(
  options: Parameters<typeof connectDevPlugin>[0],
): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: false,
    root: fileURLToPath(new URL('../../demo/', import.meta.url)),
    server: { port: 0, host: '127.0.0.1' },
    logLevel: 'silent',
    plugins: [connectDevPlugin(options)],
  });
  await server.listen();
  const address = server.httpServer!.address();
  return { server, url: `http://localhost:${typeof address === 'object' && address ? address.port : 0}/` };
}

describe('the demo in front of another upstream than the real Connect API', () => {
  let api: Served;
  let site: { server: ViteDevServer; url: string };
  let browser: Browser;
  let upstream: string;

  before(async () => {
    // A stand-in Connect API on loopback, so the page's calls never leave the machine.
    api = await serve(fakeApi((call) => xmlAnswer(call.action, { values: [] })));
    upstream = `${api.url}/`;
    const withPassword = upstream.replace('http://', 'http://someone:pw-not-shown@');
    site = await demo({ token: 'abc', upstream: withPassword, sessionSecret: SECRET });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.server.close();
    await api?.close();
  });

  test('the page names that upstream, in every language, and not the real API', async () => {
    const { page } = await openPage(browser, site.url);
    await page.waitForFunction(() => document.querySelector('#mode')?.textContent?.startsWith('Live'), {
      timeout: 20_000,
    });
    assert.equal(await page.$eval('#mode', (el) => el.textContent), `Live: the relay talks to ${upstream}.`);
    await page.select('select[name="locale"]', 'fr');
    const french = await page.$eval('#mode', (el) => el.textContent ?? '');
    assert.match(french, /^En direct/);
    assert.ok(french.includes(upstream), french);
    await page.close();
  });

  test('the page config carries the upstream without its password', async () => {
    const config = await (await fetch(new URL('/_demo/config', site.url))).json();
    assert.deepEqual(config, { mode: 'live', endpoint: '/connect', upstream });
  });

  test('in front of the real API, the config names no other upstream', async () => {
    for (const real of [undefined, 'https://connect.clickatell.com', 'https://connect.clickatell.com/']) {
      const live = await demo({ token: 'abc', upstream: real, sessionSecret: SECRET });
      try {
        const config = await (await fetch(new URL('/_demo/config', live.url))).json();
        assert.deepEqual(config, { mode: 'live', endpoint: '/connect' }, String(real));
      } finally {
        await live.server.close();
      }
    }
  });
});

test('the demo in front of a standalone emulator shows its plain-http terms', async () => {
  const token = 'd36eb2ac5c1ff07bca6782caed861fc5';
  const emulator = await serve(createEmulator({ tokens: [token] }));
  const site = await demo({ token, upstream: `${emulator.url}/`, sessionSecret: SECRET });
  try {
    const res = await fetch(new URL('/connect', site.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ct-connect': '1', origin: new URL(site.url).origin },
      body: JSON.stringify({ action: 'get_list_terms', params: { country_id: '1' } }),
    });
    const body = (await res.json()) as { ok: boolean; values?: { URL_location?: string }[] };
    assert.equal(body.ok, true, JSON.stringify(body));
    assert.ok(body.values?.[0]?.URL_location?.startsWith(`${emulator.url}/`), JSON.stringify(body));
  } finally {
    await site.server.close();
    await emulator.close();
  }
});

test(
  'ct-connect dev names CT_CONNECT_UPSTREAM on the console, without its password',
  { timeout: 60_000 },
  async () => {
    const child = spawn(process.execPath, [BIN, 'dev', '--port', '0'], {
      env: {
        ...process.env,
        CT_CONNECT_TOKEN: 'abc',
        CT_CONNECT_UPSTREAM: 'http://someone:pw-not-shown@127.0.0.1:9/',
        CT_CONNECT_SESSION_SECRET: SECRET,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('Open http')) resolve();
      });
      void exited.then(() => reject(new Error(`dev exited early:\n${stdout}`)));
    });
    child.kill('SIGTERM');
    await exited;
    assert.equal(
      stdout.split('\n')[0],
      'ct-connect demo: the relay talks to http://127.0.0.1:9/ (CT_CONNECT_UPSTREAM).',
    );
    assert.doesNotMatch(stdout, /pw-not-shown|real Connect API/);
  },
);

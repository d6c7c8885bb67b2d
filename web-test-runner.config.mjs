// Browser tests: Chromium (Debian's, never a downloaded one) against a real relay whose
// upstream is an in-process emulator, both served by the test runner's own server.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { register } from 'tsx/esm/api';

register();
const { createRelay } = await import('./src/relay/index.ts');
const { createEmulator } = await import('./src/emulator/index.ts');
const { toNodeListener } = await import('./src/server/node.ts');
// The same Chromium and flags as the node tests that load whole pages.
const { CHROMIUM, CHROMIUM_FLAGS } = await import('./test/package/chromium.ts');
const { HOSTILE_TERMS } = await import('./test/fixtures/hostile-terms.ts');

const token = 'd36eb2ac5c1ff07bca6782caed861fc5';
const sessionSecret = 'browser-tests-session-secret-0123456789abcdef';
const emulator = createEmulator({ tokens: [token] });
const quiet = () => {};
const generous = { perIp: { points: 100000, durationS: 60 }, perUser: { points: 100000, durationS: 60 } };

const relays = [
  // The main relay, with limits high enough never to bite.
  createRelay({
    upstream: emulator,
    token,
    sessionSecret,
    path: '/connect',
    rateLimits: generous,
    // Every test signs in from 127.0.0.1: failed sign-ins must not add up across tests.
    signInLimits: generous,
    log: quiet,
  }),
  // One account call per username per hour: the second attempt is rate limited.
  createRelay({
    upstream: emulator,
    token,
    sessionSecret,
    path: '/connect-limited',
    rateLimits: { perIp: generous.perIp, perUser: { points: 1, durationS: 3600 } },
    signInLimits: generous,
    log: quiet,
  }),
  // An upstream that never answers, behind a short timeout.
  createRelay({
    upstream: {
      fetch: (request) =>
        new Promise((_, reject) =>
          request.signal.addEventListener('abort', () => reject(new Error('aborted'))),
        ),
    },
    token,
    sessionSecret,
    path: '/connect-slow',
    timeoutMs: 300,
    rateLimits: generous,
    log: quiet,
  }),
  // Hostile terms: get_list_terms for country_id n points at case n of HOSTILE_TERMS, served
  // as text/html; every other call goes to the emulator.
  createRelay({
    upstream: {
      async fetch(request) {
        const url = new URL(request.url);
        const served = /^\/hostile\/(\d+)\.html$/.exec(url.pathname);
        if (served) {
          const body = `<!DOCTYPE html><html><head><title>Terms</title></head><body>${HOSTILE_TERMS[Number(served[1])]?.html ?? ''}</body></html>`;
          return new Response(body, { headers: { 'content-type': 'text/html; charset=utf-8' } });
        }
        const xml = decodeURIComponent((await request.clone().text()).replace(/^XML=/, ''));
        const asked = /<action>get_list_terms<\/action>.*<country_id>(\d+)<\/country_id>/.exec(xml);
        if (!asked) return emulator.fetch(request);
        return new Response(
          `<ClICKATELLSDK><Action>get_list_terms</Action><Result>Success</Result><Values><Value><URL_location>${url.origin}/hostile/${asked[1]}.html</URL_location></Value></Values><Timestamp>1316512313</Timestamp></ClICKATELLSDK>`,
          { headers: { 'content-type': 'text/xml' } },
        );
      },
    },
    token,
    sessionSecret,
    path: '/connect-hostile',
    rateLimits: generous,
    log: quiet,
  }),
];

// The emulator is mounted for its admin API only; the relays reach it in-process.
const admin = {
  fetch: (request) => emulator.fetch(request),
  handles: (url) => url.pathname.startsWith('/_emulator'),
};
const handlers = [...relays, admin].map((handler) => ({ handler, listener: toNodeListener(handler) }));

/** Koa middleware handing the requests a Fetch handler serves to its Node listener. */
async function serveConnect(ctx, next) {
  const url = new URL(ctx.url, 'http://localhost');
  const match = handlers.find(({ handler }) => handler.handles(url));
  if (!match) return next();
  ctx.respond = false;
  await new Promise((resolve) => {
    ctx.res.on('close', resolve);
    match.listener(ctx.req, ctx.res);
  });
}

/**
 * `executeServerCommand('block-urls', patterns)`: the test's own page can no longer fetch
 * URLs matching `patterns` ([] lifts it), as when a page goes offline after loading.
 */
const devtools = new WeakMap();
const blockUrls = {
  name: 'block-urls',
  async executeCommand({ command, payload, session }) {
    if (command !== 'block-urls') return undefined;
    // One DevTools session per page: a block set through one is lifted only through it.
    const page = session.browser.getPage(session.id);
    let cdp = devtools.get(page);
    if (!cdp) {
      devtools.set(page, (cdp = await page.createCDPSession()));
      await cdp.send('Network.enable');
    }
    await cdp.send('Network.setBlockedURLs', { urls: payload });
    return true;
  },
};

export default {
  files: ['test/elements/**/*.test.ts', 'test/e2e/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  rootDir: '.',
  plugins: [esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }), blockUrls],
  middleware: [serveConnect],
  browsers: [
    chromeLauncher({
      // A tab a test opened (buy credits) must not leave the next test page in the
      // background, where animation frames never run and fixtures never settle.
      async createPage({ browser }) {
        const page = await browser.newPage();
        await page.bringToFront();
        return page;
      },
      launchOptions: {
        executablePath: CHROMIUM,
        args: ['--headless=new', ...CHROMIUM_FLAGS],
      },
    }),
  ],
  testFramework: { config: { timeout: 10000 } },
};

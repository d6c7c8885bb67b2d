// Browser tests: Chromium (Debian's, never a downloaded one) against a real relay whose
// upstream is an in-process emulator, both served by the test runner's own server.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { register } from 'tsx/esm/api';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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

/**
 * Hostile terms: get_list_terms for country_id n points at case n of HOSTILE_TERMS (on the
 * origin the request came to), served as text/html; every other call goes to the emulator.
 */
async function hostileUpstream(request) {
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
}

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
  // Hostile terms (hostileUpstream).
  createRelay({
    upstream: { fetch: hostileUpstream },
    token,
    sessionSecret,
    path: '/connect-hostile',
    rateLimits: generous,
    log: quiet,
  }),
];

/**
 * The PHP relay (php/relay under `php -S`), for test/e2e/journeys-php.test.ts: it reaches
 * the same emulator over loopback HTTP, through a face that shows the emulator the URL the
 * in-process relays use (so its links are the same https://upstream.invalid ones) and points
 * the terms documents, which the PHP relay fetches itself, back at loopback. The test
 * server hands /connect-php to it with the browser's Host, as a reverse proxy does.
 * With `hostile`, the face is hostileUpstream instead, at /connect-php-hostile, for
 * test/elements/terms-csp-php.test.ts.
 */
function phpAvailable() {
  const probe = spawnSync(
    'php',
    ['-r', 'echo extension_loaded("curl") && extension_loaded("dom") ? "yes" : "no";'],
    {
      encoding: 'utf8',
    },
  );
  if (probe.status !== 0 || probe.stdout.trim() !== 'yes') {
    console.warn(
      'web-test-runner: php with curl and dom is not installed; the PHP relay tests are left out.',
    );
    return false;
  }
  return true;
}

async function startPhpRelay(hostile = false) {
  const path = hostile ? '/connect-php-hostile' : '/connect-php';
  const inner = 'https://upstream.invalid';
  let faceUrl = '';
  const face = createServer(
    toNodeListener({
      async fetch(request) {
        if (hostile) return hostileUpstream(request);
        const url = new URL(request.url);
        const body =
          request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer();
        const response = await emulator.fetch(
          new Request(inner + url.pathname + url.search, {
            method: request.method,
            headers: request.headers,
            body,
          }),
        );
        if (url.pathname.startsWith('/_emulator/')) return response;
        const text = (await response.text()).replaceAll(
          `${inner}/_emulator/terms/`,
          `${faceUrl}/_emulator/terms/`,
        );
        return new Response(text, {
          status: response.status,
          headers: { 'content-type': 'text/xml; charset=utf-8' },
        });
      },
    }),
  );
  await new Promise((resolve) => face.listen(0, '127.0.0.1', resolve));
  faceUrl = `http://127.0.0.1:${face.address().port}`;
  const storage = mkdtempSync(join(tmpdir(), 'ct-wtr-php-'));
  const config = {
    token,
    session_secret: sessionSecret,
    upstream: faceUrl,
    path,
    dev_origins: faceUrl,
    trusted_hosts: 'upstream.invalid',
    rate_ip_points: '100000',
    rate_user_points: '100000',
    storage_dir: storage,
    log_file: join(storage, 'relay.log'),
  };
  const env = { PATH: process.env.PATH, CT_CONNECT_CONFIG: join(storage, 'none.php') };
  for (const [key, value] of Object.entries(config)) env[`CT_CONNECT_${key.toUpperCase()}`] = value;
  const php = spawn('php', ['-S', '127.0.0.1:0', 'php/relay/index.php'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const phpUrl = await new Promise((resolve, reject) => {
    let text = '';
    php.stderr.on('data', (chunk) => {
      text += chunk;
      const match = /Development Server \((http:\/\/127\.0\.0\.1:\d+)\) started/.exec(text);
      if (match) resolve(new URL(match[1]));
    });
    php.once('exit', (code) => reject(new Error(`php -S exited with ${code}: ${text}`)));
  });
  php.stderr.resume();
  process.once('exit', () => {
    php.kill();
    rmSync(storage, { recursive: true, force: true });
  });
  face.unref();
  return {
    handles: (url) => url.pathname === path || url.pathname.startsWith(`${path}/`),
    /** Forwards one request to the PHP server, Host and all, and its answer back. */
    listener(req, res) {
      const upstream = httpRequest(
        { host: phpUrl.hostname, port: phpUrl.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode, answer.rawHeaders);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.statusCode = 502;
        res.end();
      });
      req.pipe(upstream);
    },
  };
}
const phpRelays = phpAvailable() ? await Promise.all([startPhpRelay(), startPhpRelay(true)]) : [];

// The emulator is mounted for its admin API only; the relays reach it in-process.
const admin = {
  fetch: (request) => emulator.fetch(request),
  handles: (url) => url.pathname.startsWith('/_emulator'),
};
const handlers = [...relays, admin].map((handler) => ({ handler, listener: toNodeListener(handler) }));
for (const phpRelay of phpRelays) handlers.push({ handler: phpRelay, listener: phpRelay.listener });

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

/**
 * `executeServerCommand('screenshot', {name, clip})`: saves the test page's region `clip`
 * (document coordinates) as test-output/<name>.png, for a person to look at.
 */
const screenshot = {
  name: 'screenshot',
  async executeCommand({ command, payload, session }) {
    if (command !== 'screenshot') return undefined;
    const { mkdir } = await import('node:fs/promises');
    const { dirname } = await import('node:path');
    // Folders and names only: no dots, so nothing outside test-output/.
    const name = String(payload.name).replace(/[^\w/-]+/g, '-');
    await mkdir(dirname(`test-output/${name}`), { recursive: true });
    const page = session.browser.getPage(session.id);
    await page.screenshot({
      path: `test-output/${name}.png`,
      clip: payload.clip,
      captureBeyondViewport: true,
    });
    return true;
  },
};

export default {
  files: [
    'test/elements/**/*.test.ts',
    'test/e2e/**/*.test.ts',
    ...(phpRelays.length > 0
      ? []
      : ['!test/e2e/journeys-php.test.ts', '!test/elements/terms-csp-php.test.ts']),
  ],
  nodeResolve: true,
  concurrency: 1,
  rootDir: '.',
  plugins: [
    esbuildPlugin({ ts: true, target: 'es2022', tsconfig: './tsconfig.json' }),
    blockUrls,
    screenshot,
  ],
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

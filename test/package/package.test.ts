// The package as a site gets it: what `npm pack` ships, and the CDN file on a page that
// loads nothing else, with a relay and the emulator behind it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { toNodeListener } from '../../src/relay/node.ts';
import { createRelayWithEmulator } from '../../src/emulator/index.ts';
import { launchChromium, openPage } from './chromium.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  exports: Record<string, string | { types: string; default: string }>;
  bin: Record<string, string>;
};

let packed: Set<string>;

before(() => {
  // The same steps as `npm run build`, less the manifest, which its own test checks
  // against the committed file (the framework types and editor data are made from it).
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { stdio: 'inherit' });
  execFileSync(process.execPath, ['scripts/frameworks.js'], { stdio: 'ignore' });
  const [report] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { encoding: 'utf8' }),
  ) as [{ files: { path: string }[] }];
  packed = new Set(report.files.map((f) => f.path));
});

test('npm pack ships every file the exports promise', () => {
  for (const [key, target] of Object.entries(pkg.exports)) {
    if (key.includes('*')) continue;
    const files = typeof target === 'string' ? [target] : [target.types, target.default];
    for (const file of files) assert.ok(packed.has(normalize(file)), `${key} -> ${file} is in the package`);
  }
  for (const bin of Object.values(pkg.bin)) assert.ok(packed.has(normalize(bin)), `${bin} is in the package`);
  assert.ok(packed.has('dist/elements/login/login.js'), 'the element classes are importable one by one');
});

test('npm pack ships nothing from test/ or demo/, and no source maps', () => {
  const stray = [...packed].filter((p) => /^(test|demo|src|bench|scripts)\//.test(p) || p.endsWith('.map'));
  assert.deepEqual(stray, []);
});

test('no shipped file points at a source map the package does not ship', () => {
  const pointing = [...packed].filter(
    (p) => /\.(js|ts)$/.test(p) && readFileSync(p, 'utf8').includes('sourceMappingURL='),
  );
  assert.deepEqual(pointing, []);
});

test('the published command line runs from the compiled code', () => {
  const out = execFileSync(process.execPath, ['dist/cli.js', '--help'], { encoding: 'utf8' });
  assert.match(out, /emulator/);
});

/** Every compiled file `entry` loads, and the packages it imports by name. */
function importGraph(entry: string): { files: string[]; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*['"]([^'"]+)['"]/g)) {
      if (specifier!.startsWith('.')) visit(resolve(dirname(file), specifier!));
      else packages.add(specifier!);
    }
  };
  visit(resolve(entry));
  return { files: [...files].map((f) => relative('dist', f)), packages };
}

test('the compiled relay entry loads no emulator code, and the emulator entry offers the relay with an emulator', async () => {
  const relay = importGraph('dist/relay/index.js');
  assert.ok(relay.files.includes(join('relay', 'relay.js')), 'the walk follows the imports');
  assert.deepEqual(
    relay.files.filter((f) => f.startsWith('emulator') || f.includes('with-emulator')),
    [],
  );
  for (const dataPackage of ['countries-list', 'pngjs'])
    assert.ok(!relay.packages.has(dataPackage), dataPackage);
  // Runtime-neutral: no Node module, no Node adapter, not rate-limiter-flexible's index.
  assert.deepEqual(
    [...relay.packages].filter((p) => /^(node:|@hono\/node-server$|rate-limiter-flexible$)/.test(p)),
    [],
  );
  const emulator = (await import(resolve('dist/emulator/index.js'))) as Record<string, unknown>;
  assert.equal(typeof emulator['createEmulator'], 'function');
  assert.equal(typeof emulator['createRelayWithEmulator'], 'function');
  assert.equal(
    typeof ((await import(resolve('dist/relay/node.js'))) as Record<string, unknown>)['toNodeListener'],
    'function',
  );
});

// The CDN file on a static page ---------------------------------------------------------

let server: Server;
let origin: string;
let browser: Browser;

before(async () => {
  server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const connect = toNodeListener(createRelayWithEmulator({ origin, log: () => {} }).handler);
  const cdn = join('dist', 'cdn');
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path.startsWith('/_emulator/') || path.startsWith('/connect')) return connect(req, res);
    const file =
      path === '/'
        ? 'test/package/fixtures/cdn.html'
        : path.startsWith('/assets/')
          ? join(cdn, path.slice(8))
          : '';
    if (!file || file.includes('..') || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': file.endsWith('.html') ? 'text/html' : 'text/javascript' });
    res.end(readFileSync(file));
  });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

async function call(action: string, params: Record<string, string> = {}, cookie = '') {
  const response = await fetch(`${origin}/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ct-connect': '1', cookie },
    body: JSON.stringify({ action, params }),
  });
  return (await response.json()) as { ok: boolean; values: Record<string, string>[] };
}

test('the CDN file alone makes the tags work on a plain page: a visitor signs in', async () => {
  // An activated account, made the way a visitor would: register, then the email's link.
  const captcha = (await call('get_captcha')).values[0]!;
  const { code } = (await (await fetch(`${origin}/_emulator/captcha/${captcha['captcha_id']}`)).json()) as {
    code: string;
  };
  const registered = await call('register', {
    user: 'cdnvisitor',
    password: 'secret123',
    fname: 'Cdn',
    sname: 'Visitor',
    email_address: 'cdn@example.com',
    country_id: '1',
    mobile_number: '93700000001',
    accept_terms: '1',
    captcha_id: captcha['captcha_id']!,
    captcha_code: code,
  });
  assert.equal(registered.ok, true);
  const outbox = (await (await fetch(`${origin}/_emulator/outbox`)).json()) as { link?: string }[];
  assert.equal((await fetch(outbox.at(-1)!.link!)).ok, true);

  const { page, errors } = await openPage(browser, `${origin}/`);
  await page.waitForFunction(() => customElements.get('ct-login') && customElements.get('ct-register-form'));
  await page.waitForSelector('ct-login input[name="user"]');
  const authenticated = page.evaluate(
    () =>
      new Promise<string>((resolve) =>
        document.addEventListener('ct-authenticated', (e) => resolve((e as CustomEvent).detail.user), {
          once: true,
        }),
      ),
  );
  await page.type('ct-login input[name="user"]', 'cdnvisitor');
  await page.type('ct-login input[name="password"]', 'secret123');
  await page.keyboard.press('Enter');
  assert.equal(await authenticated, 'cdnvisitor');
  assert.deepEqual(errors, []);
  await page.close();
});

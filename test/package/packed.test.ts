// The package as an application installs it: `npm pack` (which runs `npm run build`) in a
// copy of the project, the tarball unpacked into a temporary application's node_modules,
// then every `exports` entry imported in plain Node (no DOM), its types checked by each UI
// framework's own compiler, the tarball checked by attw and publint, the tags rendered by
// React's, Vue's and Svelte's server renderers, and the React components run in Chromium.
//
// The copy keeps the build away from dist/, which other tests build at the same time. The
// tarball is installed without the network: unpacked as npm would, beside links to the
// project's own copies of the packages it names as dependencies (and of the frameworks).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { toNodeListener } from '../../src/server/node.ts';
import { createRelayWithEmulator } from '../../src/emulator/index.ts';
import { launchChromium, openPage } from './chromium.ts';

const run = promisify(execFile);
const root = resolve('.');
const bin = (name: string): string => join(root, 'node_modules', '.bin', name);

let work: string;
let tarball: string;
let app: string;
let installed: string;
let pkg: {
  exports: Record<string, string | Record<string, string>>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Links `name` from the project's node_modules into the application's. */
function link(name: string): void {
  const target = join(app, 'node_modules', name);
  mkdirSync(dirname(target), { recursive: true });
  try {
    symlinkSync(join(root, 'node_modules', name), target, 'dir');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'ct-packed-'));
  const copy = join(work, 'project');
  for (const entry of [
    'package.json',
    'README.md',
    'bin',
    'docs',
    'scripts',
    'php',
    'src',
    'custom-elements.json',
    'custom-elements-manifest.config.mjs',
    'tsconfig.json',
    'tsconfig.build.json',
    'vite.config.ts',
  ])
    cpSync(entry, join(copy, entry), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', work], {
    cwd: copy,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [report] = JSON.parse(stdout.slice(stdout.indexOf('['))) as [{ filename: string }];
  tarball = join(work, report.filename);

  app = join(work, 'app');
  installed = join(app, 'node_modules', 'ct-connect');
  mkdirSync(installed, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
  execFileSync('tar', ['-xzf', tarball, '-C', installed, '--strip-components=1']);
  pkg = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as typeof pkg;
  for (const name of [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})])
    link(name);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Every tag the packed manifest lists. */
function tags(): string[] {
  const manifest = JSON.parse(readFileSync(join(installed, 'custom-elements.json'), 'utf8')) as {
    modules: { declarations?: { tagName?: string }[] }[];
  };
  return manifest.modules
    .flatMap((m) => m.declarations ?? [])
    .filter((d) => d.tagName)
    .map((d) => d.tagName!)
    .sort();
}

/** Every specifier the exports map offers: each key, and each file a `*` pattern matches. */
function specifiers(): string[] {
  const out: string[] = [];
  for (const [key, target] of Object.entries(pkg.exports)) {
    const file = typeof target === 'string' ? target : (target['node'] ?? target['default']!);
    if (!key.includes('*')) {
      out.push(join('ct-connect', key));
      continue;
    }
    const [prefix, suffix] = file.split('*') as [string, string];
    const [keyPrefix, keySuffix] = key.split('*') as [string, string];
    const base = join(installed, prefix);
    for (const found of readdirSync(base, { recursive: true }) as string[])
      if (found.endsWith(suffix)) {
        const star = found.slice(0, found.length - suffix.length);
        out.push(join('ct-connect', keyPrefix + star + keySuffix));
      }
  }
  return out;
}

test('every entry of the packed package imports in plain Node, and no element registers', async () => {
  const all = specifiers();
  assert.ok(all.includes('ct-connect/elements/ct-login.js'), 'the list covers the element entries');
  assert.ok(all.includes('ct-connect/elements/login/login.js'), 'and the files behind the `*` pattern');
  assert.ok(all.length >= Object.keys(pkg.exports).length);
  // One plain Node process, with no loader and no DOM: what a server renderer does.
  const script = `
    const failed = {};
    for (const specifier of ${JSON.stringify(all)}) {
      try {
        await import(specifier, specifier.endsWith('.json') ? { with: { type: 'json' } } : undefined);
      } catch (error) {
        failed[specifier] = String(error);
      }
    }
    const registered = ${JSON.stringify(tags())}.filter((tag) => globalThis.customElements?.get(tag));
    console.log(JSON.stringify({ failed, registered, window: typeof window, document: typeof document }));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
  const result = JSON.parse(stdout) as {
    failed: Record<string, string>;
    registered: string[];
    window: string;
    document: string;
  };
  assert.deepEqual(result.failed, {});
  assert.deepEqual(result.registered, [], 'no tag is registered outside a browser');
  assert.equal(result.window, 'undefined', 'no window was made up along the way');
  assert.equal(result.document, 'undefined');
});

test('attw finds every entry typed and resolvable under the esm-only profile', async () => {
  const outcome = await run(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], {
    cwd: work,
  }).catch((error: { stdout: string; stderr: string }) => ({ ...error, failed: true }));
  // attw exits non-zero on any problem the profile does not ignore (a CDN entry without
  // types did); the ignored ones are CommonJS's and node10's, which an ES module package
  // does not serve.
  assert.ok(!('failed' in outcome), `${outcome.stdout}\n${outcome.stderr}`);
  for (const key of Object.keys(pkg.exports).filter((k) => !k.includes('*') && !k.endsWith('.json')))
    assert.ok(outcome.stdout.includes(`"${join('ct-connect', key)}"`), `attw checked ${key}`);
});

test('publint --strict finds nothing to fix in the packed package', async () => {
  const outcome = await run(bin('publint'), ['--strict', '--pack', 'false', installed], { cwd: work }).catch(
    (error: { stdout: string; stderr: string }) => ({ ...error, failed: true }),
  );
  assert.ok(!('failed' in outcome), `${outcome.stdout}\n${outcome.stderr}`);
  assert.doesNotMatch(outcome.stdout, /warning|error|suggestion/i);
});

// Typed for every UI framework ------------------------------------------------------------

/** Writes `files` into a fresh folder of the application; returns the folder. */
function project(name: string, files: Record<string, string>): string {
  const dir = join(app, name);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text.trimStart());
  }
  return dir;
}

/** Runs a compiler; its exit status and everything it printed. */
async function check(command: string, args: string[], cwd: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd, maxBuffer: 16 * 1024 * 1024 });
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    return { ok: false, output: stdout + stderr };
  }
}

const TSCONFIG = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    compilerOptions: {
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      strict: true,
      noEmit: true,
      skipLibCheck: false,
      types: [],
      ...extra,
    },
  });

// What a user of each framework writes; `BAD` marks the line the compiler must refuse.
const REACT = `
import type {} from 'ct-connect/jsx/react';
import { CtLogin, CtRegisterForm } from 'ct-connect/react';

export function Wrapped() {
  return (
    <CtLogin endpoint="/connect" onCtAuthenticated={(event) => console.log(event.detail.userNumber)}>
      <CtRegisterForm testMode onCtRegistered={(event) => console.log(event.detail.emailAddress)} />
    </CtLogin>
  );
}

export function Tags() {
  return (
    <ct-connect endpoint="/connect">
      <ct-login locale="fr" onct-authenticated={(event) => console.log(event.detail.user)}></ct-login>
      <ct-register-form test-mode terms-format="html"></ct-register-form>
    </ct-connect>
  );
}
`;
const REACT_BAD = `
import type {} from 'ct-connect/jsx/react';
import { CtLogin } from 'ct-connect/react';

export const a = <CtLogin onCtAuthenticated={(event) => event.detail.nope} />; // BAD
export const b = <ct-register-form terms-format="pdf"></ct-register-form>; // BAD
export const c = <ct-login onct-authenticated={(event) => event.detail.nope}></ct-login>; // BAD
`;
const PREACT = `
/** @jsxImportSource preact */
import type {} from 'ct-connect/jsx/preact';

export const page = (
  <ct-connect endpoint="/connect">
    <ct-sms-activate cooldown={30} onct-sms-activated={(event) => console.log(event.detail.user)}></ct-sms-activate>
  </ct-connect>
);
`;
const PREACT_BAD = `
/** @jsxImportSource preact */
import type {} from 'ct-connect/jsx/preact';

export const page = <ct-sms-activate cooldown="soon"></ct-sms-activate>; // BAD
`;
const SOLID = `
/** @jsxImportSource solid-js */
import type {} from 'ct-connect/jsx/solid';

export const page = (
  <ct-connect endpoint="/connect">
    <ct-create-connection on:ct-connection-created={(event) => console.log(event.detail.apiId)}></ct-create-connection>
  </ct-connect>
);
`;
const SOLID_BAD = `
/** @jsxImportSource solid-js */
import type {} from 'ct-connect/jsx/solid';

export const page = <ct-create-connection on:ct-connection-created={(event) => event.detail.nope}></ct-create-connection>; // BAD
`;

test('React, Preact and Solid users get typed components and tags from tsc', async () => {
  for (const name of ['react', '@types/react', 'preact', 'solid-js', 'csstype']) link(name);
  const options = { jsx: 'react-jsx' };
  const good = project('jsx-good', {
    'tsconfig.json': TSCONFIG(options),
    'react.tsx': REACT,
    'preact.tsx': PREACT,
    'solid.tsx': SOLID,
  });
  const ok = await check(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'], good);
  assert.equal(ok.output, '');
  assert.ok(ok.ok);

  const bad = project('jsx-bad', {
    'tsconfig.json': TSCONFIG(options),
    'react.tsx': REACT_BAD,
    'preact.tsx': PREACT_BAD,
    'solid.tsx': SOLID_BAD,
  });
  const refused = await check(
    process.execPath,
    [join(root, 'node_modules/typescript/bin/tsc'), '-p', '.'],
    bad,
  );
  assert.equal(refused.ok, false);
  for (const [file, text] of [
    ['react.tsx', REACT_BAD],
    ['preact.tsx', PREACT_BAD],
    ['solid.tsx', SOLID_BAD],
  ] as const)
    text
      .trimStart()
      .split('\n')
      .forEach((line, i) => {
        if (line.includes('// BAD'))
          assert.match(refused.output, new RegExp(`${file}\\(${i + 1},`), `${file} line ${i + 1} is refused`);
      });
  assert.equal(
    (refused.output.match(/error TS/g) ?? []).length,
    5,
    `only the marked lines are refused:\n${refused.output}`,
  );
});

const VUE = `
<script setup lang="ts">
import type {} from 'ct-connect/vue';
import type { CtAuthenticatedDetail } from 'ct-connect';

function signedIn(event: CustomEvent<CtAuthenticatedDetail>) {
  console.log(event.detail.userNumber);
}
</script>

<template>
  <ct-connect endpoint="/connect">
    <ct-login locale="fr" @ct-authenticated="signedIn"></ct-login>
    <ct-register-form :test-mode="true" @ct-registered="(event) => console.log(event.detail.emailAddress)"></ct-register-form>
  </ct-connect>
</template>
`;
const VUE_BAD = `
<script setup lang="ts">
import type {} from 'ct-connect/vue';
</script>

<template>
  <ct-login @ct-authenticated="(event) => event.detail.nope"></ct-login>
  <ct-sms-activate :cooldown="'soon'"></ct-sms-activate>
</template>
`;

test('Vue users get typed tags in templates from vue-tsc', async () => {
  link('vue');
  const config = JSON.stringify({
    ...JSON.parse(TSCONFIG({ module: 'ESNext', moduleResolution: 'Bundler', jsx: 'preserve' })),
    include: ['*.vue'],
  });
  const good = await check(
    bin('vue-tsc'),
    ['-p', '.'],
    project('vue-good', { 'tsconfig.json': config, 'App.vue': VUE }),
  );
  assert.equal(good.output, '');
  assert.ok(good.ok);
  const bad = await check(
    bin('vue-tsc'),
    ['-p', '.'],
    project('vue-bad', { 'tsconfig.json': config, 'App.vue': VUE_BAD }),
  );
  assert.equal(bad.ok, false);
  assert.match(bad.output, /App\.vue\(6,/, 'an unknown detail property is refused');
  assert.match(bad.output, /App\.vue\(7,/, 'a string for a number is refused');
  assert.equal((bad.output.match(/error TS/g) ?? []).length, 2, bad.output);
});

const SVELTE = `
<script lang="ts">
  import type {} from 'ct-connect/svelte';
  import type { CtAuthenticatedDetail } from 'ct-connect';

  function signedIn(event: CustomEvent<CtAuthenticatedDetail>) {
    console.log(event.detail.userNumber);
  }
</script>

<ct-connect endpoint="/connect">
  <ct-login locale="fr" onct-authenticated={signedIn}></ct-login>
  <ct-terms format="html" onct-error={(event) => console.log(event.detail.code)}></ct-terms>
</ct-connect>
`;
const SVELTE_BAD = `
<script lang="ts">
  import type {} from 'ct-connect/svelte';
</script>

<ct-terms format="pdf"></ct-terms>
<ct-login onct-authenticated={(event) => event.detail.nope}></ct-login>
`;

test('Svelte users get typed tags from svelte-check', async () => {
  link('svelte');
  const config = TSCONFIG({ module: 'ESNext', moduleResolution: 'Bundler', verbatimModuleSyntax: true });
  const args = [
    '--workspace',
    '.',
    '--tsconfig',
    './tsconfig.json',
    '--output',
    'machine',
    '--fail-on-warnings',
  ];
  const good = await check(
    bin('svelte-check'),
    args,
    project('svelte-good', { 'tsconfig.json': config, 'App.svelte': SVELTE }),
  );
  assert.ok(good.ok, good.output);
  assert.match(good.output, /COMPLETED \d+ FILES 0 ERRORS 0 WARNINGS/);
  const bad = await check(
    bin('svelte-check'),
    args,
    project('svelte-bad', { 'tsconfig.json': config, 'App.svelte': SVELTE_BAD }),
  );
  assert.equal(bad.ok, false);
  assert.match(bad.output, /ERROR "App\.svelte" 5:/, 'a format the element does not know is refused');
  assert.match(bad.output, /ERROR "App\.svelte" 6:/, 'an unknown detail property is refused');
  assert.match(bad.output, /COMPLETED \d+ FILES 2 ERRORS/);
});

test('a server renders the React components to HTML, as Next.js does for a client component', async () => {
  link('react-dom');
  const script = `
    import { createElement as h } from 'react';
    import { renderToString } from 'react-dom/server';
    import { CtConnect, CtLogin } from 'ct-connect/react';
    console.log(renderToString(
      h(CtConnect, { endpoint: '/connect' }, h(CtLogin, { locale: 'fr', onCtAuthenticated() {} })),
    ));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: app });
  assert.equal(
    stdout.trim(),
    '<ct-connect endpoint="/connect"><ct-login locale="fr"></ct-login></ct-connect>',
  );
});

test('Vue and Svelte render the tags on a server with the package imported, as Nuxt and SvelteKit do', async () => {
  link('vue');
  link('svelte');
  const dir = project('ssr', {
    'vue.js': `
import 'ct-connect';
import { createSSRApp } from 'vue';
import { renderToString } from 'vue/server-renderer';
const app = createSSRApp({
  data: () => ({ endpoint: '/connect' }),
  methods: { signedIn: (event) => console.error(event.detail.user) },
  template: '<ct-connect :endpoint="endpoint"><ct-login locale="fr" @ct-authenticated="signedIn"></ct-login></ct-connect>',
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('ct-');
console.log(await renderToString(app));
`,
    'svelte.js': `
import { writeFileSync } from 'node:fs';
import { compile } from 'svelte/compiler';
import { render } from 'svelte/server';
const source = \`<script>
  import 'ct-connect';
  let { endpoint } = $props();
</script>
<ct-connect {endpoint}><ct-login locale="fr" onct-authenticated={(event) => console.error(event.detail.user)}></ct-login></ct-connect>\`;
writeFileSync('App.server.js', compile(source, { generate: 'server', filename: 'App.svelte' }).js.code);
const App = (await import('./App.server.js')).default;
console.log(render(App, { props: { endpoint: '/connect' } }).body);
`,
  });
  const expected = '<ct-connect endpoint="/connect"><ct-login locale="fr"></ct-login></ct-connect>';
  const vue = await run(process.execPath, ['vue.js'], { cwd: dir });
  assert.equal(vue.stdout.trim(), expected);
  const svelte = await run(process.execPath, ['svelte.js'], { cwd: dir });
  assert.equal(svelte.stdout.trim().replace(/<!--[[\]]-->/g, ''), expected);
});

// A React page in Chromium, bundled from the installed package -----------------------------

const REACT_PAGE = `
import { createRoot } from 'react-dom/client';
import type {} from 'ct-connect/jsx/react';
import { CtConnect, CtLogin } from 'ct-connect/react';

const seen: string[] = ((window as unknown as { seen: string[] }).seen = []);
createRoot(document.getElementById('root')!).render(
  <CtConnect endpoint="/connect">
    <CtLogin onCtAuthenticated={(event) => seen.push('component: ' + event.detail.user)} />
    <ct-login onct-signed-out={(event) => seen.push('tag: ' + event.detail.user)}></ct-login>
  </CtConnect>,
);
`;

test('in a browser, the React components and the tags written in React fire their callbacks', async () => {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const connect = toNodeListener(createRelayWithEmulator({ origin, log: () => {} }).handler);
  link('react-dom');
  const out = join(app, 'page');
  writeFileSync(join(app, 'react-page.tsx'), REACT_PAGE);
  await build({
    entryPoints: [join(app, 'react-page.tsx')],
    absWorkingDir: app,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    outdir: out,
    logLevel: 'silent',
  });
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', origin).pathname;
    if (path.startsWith('/_emulator/') || path.startsWith('/connect')) return connect(req, res);
    const file = path === '/' ? '' : join(out, path.slice(1));
    if (path !== '/' && (path.includes('..') || !existsSync(file))) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': path === '/' ? 'text/html' : 'text/javascript' });
    res.end(
      path === '/'
        ? '<!doctype html><html lang="en"><link rel="icon" href="data:,"><div id="root"></div><script type="module" src="/react-page.js"></script>'
        : readFileSync(file),
    );
  });
  const browser = await launchChromium();
  try {
    const account = await fetch(`${origin}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'reactuser', password: 's3cret99', email_address: 'react@example.com' }),
    });
    assert.equal(account.ok, true);
    const { page, errors } = await openPage(browser, `${origin}/`);
    await page.waitForSelector('ct-login input[name="user"]');
    await page.type('ct-login input[name="user"]', 'reactuser');
    await page.type('ct-login input[name="password"]', 's3cret99');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length === 1);
    // Signed in, both show the sign-out button; the tag's own fires ct-signed-out.
    await page.waitForFunction(() =>
      document.querySelectorAll('ct-login')[1]?.shadowRoot?.querySelector('[part~="button"]'),
    );
    await page.evaluate(() =>
      document
        .querySelectorAll('ct-login')[1]!
        .shadowRoot!.querySelector<HTMLElement>('[part~="button"]')!
        .click(),
    );
    await page.waitForFunction(() => (window as unknown as { seen: string[] }).seen.length === 2);
    assert.deepEqual(await page.evaluate(() => (window as unknown as { seen: string[] }).seen), [
      'component: reactuser',
      'tag: reactuser',
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    server.closeAllConnections();
    await new Promise((done) => server.close(done));
  }
});

// Editor data -----------------------------------------------------------------------------

test('VS Code custom data and JetBrains web-types ship, named in package.json, with every element', () => {
  const all = tags();
  assert.ok(all.includes('ct-login'));
  const read = (key: string) =>
    JSON.parse(readFileSync(join(installed, pkg.exports[key] as string), 'utf8')) as unknown;
  const html = read('./vscode.html-custom-data.json') as {
    tags: { name: string; attributes: { name: string }[] }[];
  };
  assert.deepEqual(html.tags.map((t) => t.name).sort(), all);
  assert.ok(
    html.tags.find((t) => t.name === 'ct-register-form')!.attributes.some((a) => a.name === 'test-mode'),
    'attributes are listed',
  );
  const css = read('./vscode.css-custom-data.json') as {
    properties: { name: string; description: { value: string } }[];
    pseudoElements: { name: string }[];
  };
  const focus = css.properties.find((p) => p.name === '--ct-focus-ring');
  assert.match(focus?.description.value ?? '', /Default: `0 0 0 2px/);
  assert.ok(css.pseudoElements.some((p) => p.name === '::part(base)'));
  const packageJson = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as Record<
    string,
    string
  >;
  const webTypes = JSON.parse(readFileSync(join(installed, packageJson['web-types']!), 'utf8')) as {
    name: string;
    contributions: { html: { elements: { name: string; events: { name: string; type: string }[] }[] } };
  };
  assert.equal(webTypes.name, 'ct-connect');
  assert.deepEqual(webTypes.contributions.html.elements.map((e) => e.name).sort(), all);
  const login = webTypes.contributions.html.elements.find((e) => e.name === 'ct-login')!;
  assert.ok(
    login.events.some(
      (e) => e.name === 'ct-authenticated' && e.type === 'CustomEvent<CtAuthenticatedDetail>',
    ),
  );
});

/**
 * The deployment recipes of docs/relay.md, each run as the doc writes it against the
 * emulator: node:http, Express 5 (with express.json() before the relay), Fastify and Hono
 * as servers of their own; a Next.js route handler called as Next calls it; a Cloudflare
 * Worker bundled for a neutral platform, called with a Workers-style request and served
 * by workerd; Bun and Deno with their own runtimes (the runtimes from the npm packages
 * `workerd`, `bun` and `deno`). And the neutral entry itself: ct-connect/relay bundles
 * with no Node built-in.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import {
  recipe,
  recipeEnv,
  RECIPE_DIR,
  runServer,
  sourceOf,
  startUpstream,
  visit,
  writeRecipe,
  type Upstream,
} from './recipes.ts';

let upstream: Upstream;
before(async () => {
  upstream = await startUpstream();
});
after(async () => {
  await upstream.close();
  rmSync(RECIPE_DIR, { recursive: true, force: true });
});

const overHttp = (request: Request): Promise<Response> => fetch(request);

describe('recipes served by Node', () => {
  for (const name of ['node-http', 'express', 'fastify', 'hono']) {
    test(`${name}: a visitor is anonymous, lists, signs in and is seen at the client's address`, async () => {
      const file = writeRecipe(name);
      const server = await runServer(process.execPath, ['--import', 'tsx', file], recipeEnv(upstream));
      try {
        await visit(overHttp, server.base, upstream, '127.0.0.1');
      } finally {
        await server.stop();
      }
    });
  }

  test('express: the recipe keeps express.json() before the relay', () => {
    assert.match(recipe('express'), /app\.use\(express\.json\(\)\);[^]*app\.use\(toNodeListener\(relay\)\);/);
  });
});

describe('a Next.js route handler', () => {
  test('GET, POST and OPTIONS as Next calls them: (request, { params })', async () => {
    // The module reads process.env when Next loads it, as a deployment's environment.
    const env = recipeEnv(upstream);
    const saved = Object.keys(env).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, env);
    let route: Record<string, (request: Request, context: unknown) => Promise<Response>>;
    try {
      route = (await import(pathToFileURL(writeRecipe('nextjs')).href)) as typeof route;
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    for (const method of ['GET', 'HEAD', 'POST', 'OPTIONS']) assert.equal(typeof route[method], 'function');
    // app/connect/[[...path]]/route.js: Next passes the catch-all segments as params.
    const send = (request: Request): Promise<Response> => {
      const rest = new URL(request.url).pathname.split('/').slice(2);
      const handler = route[request.method]!;
      return handler(request, { params: Promise.resolve(rest.length > 0 ? { path: rest } : {}) });
    };
    // Next's server (Vercel, or a proxy in front of next start) adds X-Forwarded-For.
    await visit(send, 'https://shop.example', upstream, '198.51.100.4', {
      'x-forwarded-for': '198.51.100.4',
    });
    const preflight = await send(
      new Request('https://shop.example/connect', {
        method: 'OPTIONS',
        headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' },
      }),
    );
    assert.equal(preflight.status, 204);
  });
});

/** Resolves `ct-connect/...` to the source behind the package entry, as the recipes' rewrite does. */
const packageSource: Plugin = {
  name: 'ct-connect-source',
  setup(b) {
    b.onResolve({ filter: /^ct-connect(\/|$)/ }, (args) => ({ path: sourceOf(args.path) }));
  },
};

/** Bundles `entry` as a Worker bundler does: neutral platform, Workers' conditions, nothing external. */
async function bundleNeutral(entry: { path: string } | { contents: string }) {
  const result = await build({
    ...('path' in entry
      ? { entryPoints: [entry.path] }
      : { stdin: { contents: entry.contents, resolveDir: resolve('.'), loader: 'js' as const } }),
    bundle: true,
    platform: 'neutral',
    format: 'esm',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    plugins: [packageSource],
    metafile: true,
    write: false,
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0]!.text, inputs: Object.keys(result.metafile.inputs) };
}

const BUILTIN = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

function assertNoNodeBuiltin(bundle: { code: string; inputs: string[] }): void {
  assert.deepEqual(
    bundle.inputs.filter((input) => BUILTIN.has(input) || input.startsWith('node:')),
    [],
  );
  assert.doesNotMatch(bundle.code, /\b(?:from|import|require)\s*\(?\s*["']node:/);
  for (const name of ['cluster', 'http', 'https', 'net', 'stream', 'fs', 'crypto', 'child_process'])
    assert.doesNotMatch(bundle.code, new RegExp(`require\\(["']${name}["']\\)`), name);
}

describe('the runtime-neutral entry', () => {
  test('ct-connect/relay bundles for a neutral platform with no Node built-in', async () => {
    const bundle = await bundleNeutral({ path: sourceOf('ct-connect/relay') });
    assertNoNodeBuiltin(bundle);
    assert.ok(bundle.inputs.some((i) => i.endsWith('src/relay/relay.ts')));
    assert.ok(
      bundle.inputs.some((i) => i.includes('rate-limiter-flexible/lib/RateLimiterMemory.js')),
      'the memory limiter is in',
    );
    assert.deepEqual(
      bundle.inputs.filter((i) => /rate-limiter-flexible\/(index|lib\/RateLimiter(Redis|Cluster))/.test(i)),
      [],
      'and only it',
    );
  });
});

/** The Worker recipe bundled as a Worker bundler does, written to RECIPE_DIR/worker/. */
async function workerBundle(): Promise<string> {
  const bundle = await bundleNeutral({ contents: recipe('worker') });
  assertNoNodeBuiltin(bundle);
  mkdirSync(join(RECIPE_DIR, 'worker'), { recursive: true });
  const file = join(RECIPE_DIR, 'worker', 'worker.bundle.mjs');
  writeFileSync(file, bundle.code);
  return file;
}

/** A workerd configuration serving the bundle on `port`, the recipe's variables as bindings. */
function workerdConfig(port: number, env: Record<string, string>): string {
  const bindings = Object.entries(env).map(
    ([name, value]) => `(name = "${name}", text = ${JSON.stringify(value)})`,
  );
  return `using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .relay),
    (name = "internet", network = (allow = ["public", "private", "local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);

const relay :Workerd.Worker = (
  modules = [(name = "worker.mjs", esModule = embed "worker.bundle.mjs")],
  compatibilityDate = "2025-09-01",
  bindings = [${bindings.join(', ')}],
);
`;
}

describe('a Cloudflare Worker', () => {
  test('bundled for a neutral platform, its fetch answers a Workers-style request', async () => {
    const file = await workerBundle();
    const worker = (await import(pathToFileURL(file).href)) as {
      default: { fetch(request: Request, env: object, ctx: object): Promise<Response> };
    };
    const env = recipeEnv(upstream);
    const ctx = { waitUntil() {}, passThroughOnException() {} };
    // Workers give the request a `cf` object, and the client's address in CF-Connecting-IP.
    const send = (request: Request): Promise<Response> =>
      worker.default.fetch(Object.assign(request, { cf: { colo: 'JNB', country: 'ZA' } }), env, ctx);
    await visit(send, 'https://relay.example.workers.dev', upstream, '203.0.113.7', {
      'cf-connecting-ip': '203.0.113.7',
    });
  });

  const workerd = binary(
    'node_modules/@cloudflare/workerd-linux-64/bin/workerd',
    'node_modules/workerd/bin/workerd',
  );
  test(
    "in workerd, Cloudflare's Workers runtime (no Node compatibility), served over HTTP",
    { skip: workerd ? false : 'the workerd package is not installed' },
    async () => {
      const dir = dirname(await workerBundle());
      const server = await runServer(
        workerd!,
        ['serve', 'config.capnp'],
        {},
        {
          cwd: dir,
          prepare: (port) =>
            writeFileSync(join(dir, 'config.capnp'), workerdConfig(port, recipeEnv(upstream))),
        },
      );
      try {
        // Cloudflare's edge sets CF-Connecting-IP; workerd alone does not, so the test does.
        await visit(overHttp, server.base, upstream, '203.0.113.8', { 'cf-connecting-ip': '203.0.113.8' });
      } finally {
        await server.stop();
      }
    },
  );
});

/**
 * The runtime binary an npm package installed, or undefined when it is not there: the
 * platform package's own file, or the copy its wrapper's postinstall made (a placeholder
 * of a few bytes when that script did not run).
 */
function binary(...candidates: string[]): string | undefined {
  return candidates.map((c) => resolve(c)).find((c) => existsSync(c) && statSync(c).size > 1_000_000);
}

describe('runtimes from npm packages', () => {
  const bun = binary('node_modules/@oven/bun-linux-x64/bin/bun', 'node_modules/bun/bin/bun.exe');
  test(
    'Bun: Bun.serve with server.requestIP',
    { skip: bun ? false : 'the bun package is not installed' },
    async () => {
      const server = await runServer(bun!, ['run', writeRecipe('bun')], recipeEnv(upstream));
      try {
        await visit(overHttp, server.base, upstream, '127.0.0.1');
      } finally {
        await server.stop();
      }
    },
  );

  const deno = binary('node_modules/@deno/linux-x64-glibc/deno', 'node_modules/deno/deno');
  test(
    'Deno: Deno.serve with info.remoteAddr',
    { skip: deno ? false : 'the deno package is not installed' },
    async () => {
      const server = await runServer(
        deno!,
        ['run', '--allow-net', '--allow-env', '--allow-read', '--no-lock', writeRecipe('deno')],
        {
          ...recipeEnv(upstream),
          DENO_NO_UPDATE_CHECK: '1',
          DENO_NO_PROMPT: '1',
          DENO_DIR: join(RECIPE_DIR, 'deno'),
        },
      );
      try {
        await visit(overHttp, server.base, upstream, '127.0.0.1');
      } finally {
        await server.stop();
      }
    },
  );
});

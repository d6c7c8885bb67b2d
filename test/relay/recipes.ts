/**
 * What the recipe tests share: the recipes of docs/relay.md as written there, an emulator
 * on loopback with a tap that records the parameters of every call it gets, and one
 * visit through a recipe (anonymous session, a list call, a sign-in, a call that carries
 * the client's IP).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createEmulator } from '../../src/emulator/index.ts';
import { parseRequest, readFormField } from '../../src/protocol/xml.ts';
import type { FetchHandler } from '../../src/server/http.ts';
import { serveLazy, TOKEN, SECRET, type Served } from './helpers.ts';

const DOC = 'docs/relay.md';
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
};

/**
 * Where the recipes are written to run: inside the repository, so that `express` and the
 * like resolve, and outside node_modules, which Deno reads as packages only. Git and the
 * linters ignore it; the tests remove it when done.
 */
export const RECIPE_DIR = resolve('.recipes');

/** The code of the doc's recipe `name`: the js block after its `<!-- recipe: name -->` marker. */
export function recipe(name: string): string {
  const markdown = readFileSync(DOC, 'utf8');
  const found = new RegExp(`^<!-- recipe: ${name} -->\\n\\n\`\`\`js\\n([\\s\\S]*?)^\`\`\`$`, 'm').exec(
    markdown,
  );
  assert.ok(found, `${DOC} has the recipe "${name}"`);
  return found[1]!;
}

/** The source file behind a package specifier such as `ct-connect/relay`, through "exports". */
export function sourceOf(specifier: string): string {
  const key = '.' + specifier.slice(pkg.name.length);
  const target = pkg.exports[key];
  assert.ok(target, `package.json "exports" has ${key} (imported as ${specifier})`);
  const file = typeof target === 'string' ? target : target.default;
  return resolve(file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

/**
 * The recipe `name` written as a file that runs from this repository: the only change is
 * that `ct-connect/...` imports name the source files behind those entries (the package
 * is not built for the tests). Returns the file's path.
 */
export function writeRecipe(name: string): string {
  const code = recipe(name).replace(
    /from '(ct-connect(?:\/[^']*)?)'/g,
    (_, specifier: string) => `from '${sourceOf(specifier)}'`,
  );
  assert.doesNotMatch(code, /from 'ct-connect/);
  mkdirSync(RECIPE_DIR, { recursive: true });
  const file = join(RECIPE_DIR, `${name}.mjs`);
  writeFileSync(file, code);
  return file;
}

export interface Upstream extends Served {
  /** The parameters of every call the emulator got, in order, with the action. */
  readonly calls: Record<string, string>[];
  /** A ready account in the emulator. */
  readonly account: { user: string; password: string };
}

/** The emulator on a loopback port, tapped, with one ready account. */
export async function startUpstream(): Promise<Upstream> {
  const calls: Record<string, string>[] = [];
  const served = await serveLazy((origin): FetchHandler => {
    const emulator = createEmulator({ tokens: [TOKEN], origin });
    return {
      async fetch(request, info) {
        if (request.method === 'POST' && new URL(request.url).pathname === `/${TOKEN}`) {
          const xml = readFormField(await request.clone().text(), 'XML');
          if (xml !== undefined) {
            const decoded = parseRequest(xml);
            calls.push({ action: decoded.action, ...decoded.params });
          }
        }
        return emulator.fetch(request, info);
      },
      handles: (url) => emulator.handles(url),
    };
  });
  const account = { user: 'recipeuser', password: 'secret123x' };
  const created = await fetch(`${served.url}/_emulator/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...account, email_address: 'recipe@example.com' }),
  });
  assert.equal(created.status, 201, await created.text());
  return { ...served, calls, account };
}

/** What a recipe's environment holds: the token, the secret and the emulator as upstream. */
export function recipeEnv(upstream: Upstream): Record<string, string> {
  return {
    CT_CONNECT_TOKEN: TOKEN,
    CT_CONNECT_SESSION_SECRET: SECRET,
    CT_CONNECT_UPSTREAM: upstream.url,
  };
}

/** Sends a request to the relay under test, over HTTP or in process. */
export type Send = (request: Request) => Promise<Response>;

const JSON_HEADERS = { 'content-type': 'application/json', 'x-ct-connect': '1' };

/**
 * A visitor's first steps through the relay at `base` (`http://host:port`, endpoint
 * `/connect`): nobody signed in, a list call, a sign-in whose cookie then gives the
 * session, and a terms call by IP, whose `client_ip_address` upstream must be `ip`.
 * `extra` headers go on every request (a proxy's, or Cloudflare's).
 */
export async function visit(
  send: Send,
  base: string,
  upstream: Upstream,
  ip: string,
  extra: Record<string, string> = {},
): Promise<void> {
  const headers = { ...JSON_HEADERS, ...extra };
  const call = (params: object, cookie?: string): Promise<Response> =>
    send(
      new Request(`${base}/connect`, {
        method: 'POST',
        headers: cookie ? { ...headers, cookie } : headers,
        body: JSON.stringify(params),
      }),
    );
  const session = (cookie?: string): Promise<Response> =>
    send(
      new Request(`${base}/connect/session`, {
        headers: cookie ? { ...extra, 'x-ct-connect': '1', cookie } : { ...extra, 'x-ct-connect': '1' },
      }),
    );

  const anonymous = await session();
  assert.equal(anonymous.status, 200);
  assert.deepEqual(await anonymous.json(), { user: null });

  const accounts = await call({ action: 'get_list_account' });
  const list = (await accounts.json()) as { ok: boolean; values: Record<string, string>[] };
  assert.equal(accounts.status, 200, JSON.stringify(list));
  assert.deepEqual(list.values[0], { account_id: '1', account_type: 'International' });

  const signIn = await call({ action: 'authenticate_user', params: upstream.account });
  const signedIn = (await signIn.json()) as { ok: boolean };
  assert.equal(signedIn.ok, true, JSON.stringify(signedIn));
  const cookie = signIn.headers.getSetCookie()[0]?.split(';')[0];
  assert.ok(cookie, 'the sign-in sets the session cookie');
  const who = await session(cookie);
  assert.equal(who.status, 200);
  assert.equal(((await who.json()) as { user: string }).user, upstream.account.user);

  // Terms by IP: the relay adds the client's address. Its answer is not the point (the
  // emulator's http terms link is not trusted without devOrigins); what went upstream is.
  await (await call({ action: 'get_list_terms' })).body?.cancel();
  const terms = upstream.calls.filter((c) => c['action'] === 'get_list_terms').at(-1);
  assert.equal(terms?.['client_ip_address'], ip);
}

/** A port that was free a moment ago, for a recipe that listens on `PORT`. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

export interface Running {
  readonly base: string;
  stop(): Promise<void>;
}

/**
 * Runs `command args` (a recipe server) with `env` and PORT set, and resolves once the
 * relay answers on that port; fails with the process's output if it exits first or never
 * answers. `options.prepare` gets the port first (for a server whose port is in a file),
 * `options.cwd` is the working folder.
 */
export async function runServer(
  command: string,
  args: string[],
  env: Record<string, string>,
  options: { prepare?: (port: number) => void; cwd?: string } = {},
): Promise<Running> {
  const port = await freePort();
  options.prepare?.(port);
  const child: ChildProcess = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: options.cwd,
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (gone) throw new Error(`${command} ${args.join(' ')} exited before it answered:\n${output}`);
    try {
      const answer = await fetch(`${base}/connect/session`, { headers: { 'x-ct-connect': '1' } });
      await answer.body?.cancel();
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`${command} ${args.join(' ')} never answered on ${base}:\n${output}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }
  return {
    base,
    async stop() {
      if (!gone) child.kill();
      await exited;
    },
  };
}

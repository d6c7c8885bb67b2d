/**
 * Mounting the relay where the recipes do not reach: Express with each of its body parsers
 * before the relay, a middleware that reads the body and keeps nothing, and the clientIp
 * option on plain Request objects.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type RequestHandler } from 'express';
import { createEmulator } from '../../src/emulator/index.ts';
import { createRelay, toNodeListener } from '../../src/relay/node.ts';
import { logSink, SECRET, TOKEN } from './helpers.ts';
import { startUpstream, type Upstream } from './recipes.ts';

let upstream: Upstream;
before(async () => {
  upstream = await startUpstream();
});
after(() => upstream.close());

/** An Express app with `parsers` before the relay, on a loopback port. */
async function expressWith(parsers: RequestHandler[]): Promise<{ base: string; close(): Promise<void> }> {
  const app = express();
  for (const parser of parsers) app.use(parser);
  const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: upstream.url, log: () => {} });
  app.use(toNodeListener(relay));
  app.use((_req, res) => void res.status(404).send('the site'));
  const server: Server = await new Promise((done) => {
    const s = app.listen(0, '127.0.0.1', () => done(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

async function signIn(base: string): Promise<Response> {
  return fetch(`${base}/connect`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
    body: JSON.stringify({ action: 'authenticate_user', params: upstream.account }),
  });
}

describe('Express 5 with body parsers before the relay', () => {
  const setups: [string, () => RequestHandler[]][] = [
    ['express.json()', () => [express.json()]],
    ['express.json() for every type', () => [express.json({ type: '*/*' })]],
    ['express.text() for every type', () => [express.text({ type: '*/*' })]],
    ['express.raw() for JSON', () => [express.raw({ type: 'application/json' })]],
    ['express.urlencoded() and express.json()', () => [express.urlencoded(), express.json()]],
  ];
  for (const [name, parsers] of setups) {
    test(`${name}: the relay uses the body the parser read`, async () => {
      const app = await expressWith(parsers());
      try {
        const answer = await signIn(app.base);
        const body = (await answer.json()) as { ok: boolean; action: string };
        assert.equal(answer.status, 200, JSON.stringify(body));
        assert.equal(body.ok, true, JSON.stringify(body));
        assert.equal(answer.headers.getSetCookie().length, 1);
        const elsewhere = await fetch(`${app.base}/api/orders`, { method: 'POST', body: '{}' });
        assert.equal(await elsewhere.text(), 'the site');
        // A logout has an empty body, which a parser for every type reads all the same.
        const logout = await fetch(`${app.base}/connect/logout`, {
          method: 'POST',
          headers: { 'x-ct-connect': '1', 'content-length': '0' },
        });
        assert.deepEqual(await logout.json(), { ok: true });
      } finally {
        await app.close();
      }
    });
  }

  test("the emulator behind express.urlencoded(): it gets the API's form posts all the same", async () => {
    const app = express();
    app.use(express.urlencoded());
    const site = await new Promise<Server>((done) => {
      const s = app.listen(0, '127.0.0.1', () => done(s));
    });
    const origin = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    app.use(toNodeListener(createEmulator({ tokens: [TOKEN], origin })));
    try {
      const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: origin, log: () => {} });
      // The XML form post (XML=<clickatellsdk>...) arrives whole: the emulator answers it.
      const answer = await relay.fetch(
        new Request('https://shop.example/connect', {
          method: 'POST',
          headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'get_list_account' }),
        }),
      );
      const body = (await answer.json()) as { ok: boolean; values: Record<string, string>[] };
      assert.equal(body.ok, true, JSON.stringify(body));
      assert.equal(body.values[0]!['account_type'], 'International');
    } finally {
      site.closeAllConnections();
      await new Promise((done) => site.close(done));
    }
  });

  test("a nested form field behind express.urlencoded({extended: true}) is the client's mistake: 400, nothing logged", async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const app = await expressWith([express.urlencoded({ extended: true })]);
    try {
      const answer = await fetch(`${app.base}/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-ct-connect': '1' },
        body: 'action[a]=1',
      });
      assert.equal(answer.status, 400);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const body = (await answer.json()) as { errors: { code: string }[] };
      assert.equal(body.errors[0]!.code, 'bad_request');
      assert.equal(logged.mock.callCount(), 0, 'nothing for the site owner to fix');
    } finally {
      await app.close();
    }
  });

  test('a middleware that reads the body and keeps nothing: a 500 that names the fix, and a log line', async (t) => {
    const logged = t.mock.method(console, 'error', () => {});
    const swallow: RequestHandler = (req, _res, next) => {
      req.resume();
      req.once('end', () => next());
    };
    const app = await expressWith([swallow]);
    try {
      const answer = await signIn(app.base);
      assert.equal(answer.status, 500);
      assert.equal(answer.headers.get('cache-control'), 'no-store');
      const body = (await answer.json()) as { errors: { code: string; message: string }[] };
      assert.equal(body.errors[0]!.code, 'internal');
      assert.match(body.errors[0]!.message, /body parser before the relay/);
      assert.match(body.errors[0]!.message, /app\.use\(toNodeListener\(relay\)\) first/);
      assert.equal(logged.mock.callCount(), 1);
      assert.match(String(logged.mock.calls[0]!.arguments[0]), /Mount the relay before it/);
      // A GET has no body to lose.
      const session = await fetch(`${app.base}/connect/session`, { headers: { 'x-ct-connect': '1' } });
      assert.equal(session.status, 200);
    } finally {
      await app.close();
    }
  });
});

describe('the clientIp option', () => {
  const limited = (clientIp?: (request: Request, context: unknown) => string | null | undefined) => {
    const sink = logSink();
    return createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      upstream: upstream.url,
      log: sink.log,
      rateLimits: { perIp: { points: 1, durationS: 60 } },
      ...(clientIp ? { clientIp } : {}),
    });
  };
  const session = (ip: string) =>
    new Request('https://relay.example/connect/session', {
      headers: { 'x-ct-connect': '1', 'x-test-ip': ip },
    });

  test('its address is the per-IP rate limit key, and it gets the context relay.fetch was given', async () => {
    const contexts: unknown[] = [];
    const relay = limited((request, context) => {
      contexts.push(context);
      return request.headers.get('x-test-ip');
    });
    const host = { name: 'a host object' };
    assert.equal((await relay.fetch(session('203.0.113.1'), host)).status, 200);
    assert.equal((await relay.fetch(session('203.0.113.1'), host)).status, 429);
    assert.equal((await relay.fetch(session('203.0.113.2'), host)).status, 200);
    assert.equal(contexts[0], host);
  });

  test('when it returns nothing the relay goes on with the connection address', async () => {
    const relay = limited(() => undefined);
    const peer = (address: string) => ({ remoteAddress: address });
    assert.equal((await relay.fetch(session('x'), peer('192.0.2.1'))).status, 200);
    assert.equal((await relay.fetch(session('x'), peer('192.0.2.1'))).status, 429);
    assert.equal((await relay.fetch(session('x'), peer('192.0.2.2'))).status, 200);
  });

  test('without it, a host that gives no address puts every client in one budget', async () => {
    const relay = limited();
    assert.equal((await relay.fetch(session('203.0.113.1'))).status, 200);
    assert.equal((await relay.fetch(session('203.0.113.2'))).status, 429);
  });
});

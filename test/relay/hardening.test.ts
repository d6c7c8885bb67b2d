/**
 * The audit's findings (issue 11, §2), each with the test that showed it: a spoofed
 * X-Forwarded-For, huge parameters, one client locking sign-in for every visitor, copied
 * cookies after logout, idle sessions, slow requests, a bad Host header, and links.
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import {
  capConnectionsPerIp,
  createRelay,
  memoryStore,
  serverOptions,
  toNodeListener,
  type RelayOptions,
  type RelayStore,
} from '../../src/relay/node.ts';
import { fakeApi, SECRET, serve, TOKEN, xmlAnswer, type Served } from './helpers.ts';
import { startStack, type Stack } from './stack.ts';

const BASE = 'https://shop.example';

function callRequest(
  action: string,
  params: Record<string, string> = {},
  headers: Record<string, string> = {},
): Request {
  return new Request(`${BASE}/connect`, {
    method: 'POST',
    headers: { 'x-ct-connect': '1', 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ action, params }),
  });
}

async function body(response: Response) {
  return (await response.json()) as {
    ok: boolean;
    values: Record<string, string>[];
    errors: { code: string; message: string; field?: string }[];
  };
}

function listRelay(options: Partial<RelayOptions> = {}) {
  const api = fakeApi((call) => xmlAnswer(call.action, { values: [{ account_id: '1' }] }));
  const relay = createRelay({
    token: TOKEN,
    sessionSecret: SECRET,
    upstream: api,
    log: () => {},
    ...options,
  });
  return { relay, api };
}

describe('finding 1: trustProxy takes the address the proxy added', () => {
  test('a client writing its own X-Forwarded-For entries does not escape the per-IP limit', async () => {
    const { relay } = listRelay({ trustProxy: true, rateLimits: { perIp: { points: 3, durationS: 60 } } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // nginx appends the peer it saw ($proxy_add_x_forwarded_for) after what the client wrote.
      const response = await relay.fetch(
        callRequest('get_list_account', {}, { 'x-forwarded-for': `10.9.8.${i}, 198.51.100.7` }),
        { remoteAddress: '127.0.0.1' },
      );
      statuses.push(response.status);
      await response.body?.cancel();
    }
    assert.deepEqual(statuses, [200, 200, 200, 429, 429, 429]);
  });

  test('a trustProxy entry that is no address stops the relay from starting', () => {
    assert.throws(
      () => createRelay({ token: TOKEN, sessionSecret: SECRET, trustProxy: ['10.0.0.0/33'] }),
      /trustProxy entry "10.0.0.0\/33"/,
    );
  });

  test('IPv6 proxy ranges match', async () => {
    const { relay, api } = listRelay({ trustProxy: ['2001:db8::/32'], listCacheMs: 0 });
    const response = await relay.fetch(
      callRequest('get_list_terms', {}, { 'x-forwarded-for': '203.0.113.5, 2001:db8::1' }),
      { remoteAddress: '2001:db8:0:0:0:0:0:9' },
    );
    await response.body?.cancel();
    assert.equal(api.calls[0]!.call.params['client_ip_address'], '203.0.113.5');
  });
});

describe('finding 2: parameter caps first, hashed limiter keys', () => {
  test('a value longer than the API accepts is refused with 400 too_long naming the field, never sent', async () => {
    const { relay, api } = listRelay();
    const response = await relay.fetch(
      callRequest('authenticate_user', { user: 'u'.repeat(129), password: 'secret99' }),
    );
    assert.equal(response.status, 400);
    assert.deepEqual((await body(response)).errors, [
      { code: 'too_long', message: 'The value of user is longer than 128 characters.', field: 'user' },
    ]);
    // A parameter the protocol gives no maximum gets the generic cap.
    const generic = await relay.fetch(callRequest('get_list_terms', { country_id: '1'.repeat(257) }));
    assert.equal(generic.status, 400);
    assert.equal((await body(generic)).errors[0]!.field, 'country_id');
    assert.equal(api.calls.length, 0);
    // Exactly at the limit is fine, counted in characters, not UTF-16 units.
    const atLimit = await relay.fetch(
      callRequest('authenticate_user', { user: '😀'.repeat(128), password: 'x' }),
    );
    assert.notEqual(atLimit.status, 400);
    await atLimit.body?.cancel();
  });

  test('no limiter key holds a username or an address: every key is a fixed-length hash', async () => {
    const keys: string[] = [];
    const inner = memoryStore();
    const spy: RelayStore = {
      ...inner,
      limiter(budget, prefix) {
        const rl = inner.limiter(budget, prefix);
        for (const method of ['consume', 'get', 'penalty', 'delete'] as const) {
          const original = rl[method].bind(rl) as (key: string, ...rest: unknown[]) => Promise<unknown>;
          (rl as unknown as Record<string, unknown>)[method] = (key: string, ...rest: unknown[]) => {
            keys.push(key);
            return original(key, ...rest);
          };
        }
        return rl;
      },
    };
    const api = fakeApi((call) => xmlAnswer(call.action, { errors: [{ code: '404', description: 'x' }] }));
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      upstream: api,
      log: () => {},
      store: spy,
    });
    const response = await relay.fetch(
      callRequest('authenticate_user', { user: 'Jane.Doe-Secret', password: 'secret99' }),
      { remoteAddress: '192.0.2.44' },
    );
    await response.body?.cancel();
    assert.ok(keys.length >= 3, keys.join(', '));
    for (const key of keys) {
      assert.match(key, /^[0-9a-f]{32}$/);
      assert.ok(!/jane|192\.0\.2/i.test(key));
    }
  });
});

describe('finding 3: failed sign-ins are limited per client, so no one client locks out everyone', () => {
  let stack: Stack;
  before(async () => {
    // Each browser below is its own visitor behind one proxy.
    stack = await startStack({ trustProxy: true });
    for (const user of ['victim1', 'target1']) {
      const created = await fetch(`${stack.emulatorUrl}/_emulator/accounts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ user, password: 'right0000', email_address: `${user}@example.com` }),
      });
      assert.equal(created.status, 201, await created.text());
    }
  });
  after(() => stack.close());

  const as = (ip: string) => ({ 'x-forwarded-for': ip });

  test('one client failing again and again is stopped before the API locks the relay IP; another visitor signs in', async () => {
    const attacker = stack.browser();
    const codes: string[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      const answer = await attacker.call(
        'authenticate_user',
        { user: `nobody${i}`, password: 'wrong0000' },
        as('203.0.113.66'),
      );
      codes.push(answer.body.errors[0]!.code);
      if (answer.status === 429) retryAfter = answer.headers.get('retry-after');
    }
    assert.deepEqual(codes, [...Array<string>(5).fill('404'), ...Array<string>(7).fill('sign_in_limited')]);
    assert.ok(Number(retryAfter) > 0 && Number(retryAfter) <= 900, `Retry-After ${retryAfter}`);
    // The API saw five failures from the relay's IP, below its ten: nobody else gets 003.
    const visitor = stack.browser();
    const signedIn = await visitor.call(
      'authenticate_user',
      { user: 'victim1', password: 'right0000' },
      as('198.51.100.23'),
    );
    assert.equal(signedIn.body.ok, true, signedIn.text);
  });
});

describe('finding 3: per username, and a success clears the count', () => {
  // An API that answers 404 to every password but the right one (no captcha lock of its own).
  function signInRelay() {
    const api = fakeApi((call) =>
      call.params['password'] === 'right0000'
        ? xmlAnswer(call.action, { values: [{ Usernumber: '1000001' }] })
        : xmlAnswer(call.action, { errors: [{ code: '404', description: 'Authentication failed' }] }),
    );
    const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: () => {} });
    const signIn = async (user: string, password: string, ip: string) => {
      const response = await relay.fetch(callRequest('authenticate_user', { user, password }), {
        remoteAddress: ip,
      });
      return {
        status: response.status,
        retryAfter: response.headers.get('retry-after'),
        ...(await body(response)),
      };
    };
    return { api, signIn };
  }

  test('one username tried from many addresses is refused from its fifth failure on, without the API', async () => {
    const { api, signIn } = signInRelay();
    const codes: string[] = [];
    for (let i = 0; i < 7; i++)
      codes.push((await signIn('Target', 'wrong0000', `192.0.2.${i + 1}`)).errors[0]!.code);
    assert.deepEqual(codes, ['404', '404', '404', '404', '404', 'sign_in_limited', 'sign_in_limited']);
    assert.equal(api.calls.length, 5);
    // Any case of the name is the same username.
    const limited = await signIn('TARGET', 'right0000', '192.0.2.99');
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.retryAfter) > 0);
    // Another username from the same addresses is not affected.
    assert.equal((await signIn('someone', 'right0000', '192.0.2.1')).ok, true);
  });

  test('a success clears the count of the client address', async () => {
    const { signIn } = signInRelay();
    for (let i = 0; i < 4; i++) await signIn(`user${i}`, 'wrong0000', '198.51.100.99');
    assert.equal((await signIn('jdoe', 'right0000', '198.51.100.99')).ok, true);
    const codes: string[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await signIn(`other${i}`, 'wrong0000', '198.51.100.99')).errors[0]!.code);
    assert.deepEqual(codes, ['404', '404', '404', '404', '404']);
    assert.equal((await signIn('another', 'wrong0000', '198.51.100.99')).errors[0]!.code, 'sign_in_limited');
  });
});

describe('finding 4: sessions end on logout everywhere, and when idle', () => {
  test('a session unused for sessionIdleS ends, one in use does not', async () => {
    let now = Date.UTC(2026, 10, 29, 12);
    const api = fakeApi((call) => xmlAnswer(call.action, { values: [{ Usernumber: '1000001' }] }));
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      upstream: api,
      log: () => {},
      clock: () => now,
      sessionIdleS: 600,
    });
    const signIn = await relay.fetch(
      callRequest('authenticate_user', { user: 'jdoe', password: 'secret99' }),
    );
    let cookie = signIn.headers.getSetCookie()[0]!.split(';')[0]!;
    const session = async () => {
      const response = await relay.fetch(
        new Request(`${BASE}/connect/session`, { headers: { 'x-ct-connect': '1', cookie } }),
      );
      const fresh = response.headers.getSetCookie()[0];
      if (fresh && !fresh.includes('Max-Age=0')) cookie = fresh.split(';')[0]!;
      assert.equal(response.status, 200);
      const body = (await response.json()) as { user: string | null };
      return body.user;
    };
    for (let i = 0; i < 5; i++) {
      now += 500_000; // 8 min 20 s, under the 10 min idle timeout, 41 min in all
      assert.notEqual(await session(), null, `use ${i}`);
    }
    now += 600_000;
    assert.equal(await session(), null);
  });

  test('the cookie is named __Secure-ct_connect_session on https, and a plain-named copy is not read', async () => {
    const api = fakeApi((call) => xmlAnswer(call.action, { values: [{ Usernumber: '1000001' }] }));
    const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: () => {} });
    const signIn = await relay.fetch(
      callRequest('authenticate_user', { user: 'jdoe', password: 'secret99' }),
    );
    const line = signIn.headers.getSetCookie()[0]!;
    assert.match(line, /^__Secure-ct_connect_session=[^;]+;.*Secure/);
    const value = line.split(';')[0]!.split('=')[1]!;
    const renamed = await relay.fetch(
      new Request(`${BASE}/connect/session`, {
        headers: { 'x-ct-connect': '1', cookie: `ct_connect_session=${value}` },
      }),
    );
    assert.equal(renamed.status, 200);
    assert.deepEqual(await renamed.json(), { user: null });
  });
});

function rawHttp(url: string, text: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => socket.write(text));
    let data = '';
    socket.on('data', (chunk: Buffer) => (data += chunk.toString()));
    // A connection the server drops at once resets: nothing was answered.
    socket.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'ECONNRESET' ? resolve(data) : reject(error),
    );
    socket.on('close', () => resolve(data));
  });
}

describe('finding 5: slow requests and connection floods', () => {
  let server: ReturnType<typeof createServer>;
  let url: string;
  before(async () => {
    const { relay } = listRelay();
    server = createServer(
      serverOptions({ headersTimeoutMs: 300, requestTimeoutMs: 600 }),
      toNodeListener(relay),
    );
    capConnectionsPerIp(server, 3);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('a body that never finishes is cut off with 408 by the request timeout', async () => {
    const answer = await rawHttp(
      url,
      'POST /connect HTTP/1.1\r\nHost: 127.0.0.1\r\nX-CT-Connect: 1\r\nContent-Length: 100\r\n\r\n{"act',
    );
    assert.match(answer, /^HTTP\/1\.1 408/);
  });

  test('headers that never finish are cut off by the headers timeout', async () => {
    const answer = await rawHttp(url, 'GET /connect/session HTTP/1.1\r\nHost: 127.0.0.1\r\nX-CT');
    assert.match(answer, /^HTTP\/1\.1 408|^$/);
  });

  test('one IP holds at most the cap of open connections; the next is closed at once', async () => {
    const sockets = await Promise.all(
      [0, 1, 2].map(
        () =>
          new Promise<ReturnType<typeof connect>>((resolve) => {
            const socket = connect(Number(new URL(url).port), '127.0.0.1', () => resolve(socket));
          }),
      ),
    );
    try {
      const refused = await rawHttp(url, 'GET /connect/session HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
      assert.equal(refused, '');
    } finally {
      for (const socket of sockets) socket.destroy();
    }
    // Closed ones free their place.
    await new Promise<void>((resolve) => {
      const poll = (): void =>
        void server.getConnections((_, n) => (n === 0 ? resolve() : setTimeout(poll, 20)));
      poll();
    });
    const answer = await rawHttp(
      url,
      'GET /connect/session HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    assert.match(answer, /^HTTP\/1\.1 403/);
  });
});

describe('finding 6: a missing or malformed Host answers 400 with the standard headers', () => {
  let served: Served;
  before(async () => {
    served = await serve(listRelay().relay);
  });
  after(() => served.close());

  for (const [name, text] of [
    ['a Host with a space', 'GET /connect/session HTTP/1.1\r\nHost: bad host\r\nConnection: close\r\n\r\n'],
    [
      'a Host with a stray colon',
      'GET /connect/session HTTP/1.1\r\nHost: a:b:c\r\nConnection: close\r\n\r\n',
    ],
    ['no Host at all', 'GET /connect/session HTTP/1.0\r\n\r\n'],
  ] as const) {
    test(name, async () => {
      const answer = await rawHttp(served.url, text);
      const [head, payload] = answer.split('\r\n\r\n') as [string, string];
      assert.match(head, /^HTTP\/1\.1 400/);
      assert.match(head, /cache-control: no-store/i);
      assert.match(head, /x-content-type-options: nosniff/i);
      assert.equal((JSON.parse(payload) as { errors: { code: string }[] }).errors[0]!.code, 'bad_request');
    });
  }
});

describe('finding 9 and §1: links, the real API hosts, the log', () => {
  function linked(values: Record<string, string>, options: Partial<RelayOptions> = {}) {
    const fetched: string[] = [];
    const api = fakeApi((call) => xmlAnswer(call.action, { values: [values] }));
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      log: () => {},
      fetch: async (url, init) => {
        if (url.includes('terms')) {
          fetched.push(url);
          return new Response('Terms.', { headers: { 'content-type': 'text/plain' } });
        }
        return api.fetch(new Request(url, init));
      },
      ...options,
    });
    return { relay, fetched };
  }
  const buy = (relay: ReturnType<typeof createRelay>) =>
    relay.fetch(callRequest('buy_credits_url', { user: 'jdoe', password: 'secret99' }));
  const terms = (relay: ReturnType<typeof createRelay>) =>
    relay.fetch(callRequest('get_list_terms', { country_id: '1' }));

  test('the buy page on www.clickatell.com, as the guide shows it, is trusted by default', async () => {
    const { relay } = linked({ buy_url: 'https://www.clickatell.com/buy?auth_id=1' });
    const response = await buy(relay);
    assert.equal(response.status, 200);
    assert.equal((await body(response)).values[0]!['buy_url'], 'https://www.clickatell.com/buy?auth_id=1');
  });

  test('the buy_url passed on is the normalised URL the relay checked, not the raw text', async () => {
    const { relay } = linked({ buy_url: 'HTTPS://WWW.Clickatell.com:443/buy/../pay?a=1 2' });
    const response = await buy(relay);
    assert.equal((await body(response)).values[0]!['buy_url'], 'https://www.clickatell.com/pay?a=1%202');
  });

  test('https is trusted on the default port only, unless trustedHosts names the port', async () => {
    const { relay } = linked({ buy_url: 'https://www.clickatell.com:8443/buy' });
    assert.equal((await buy(relay)).status, 502);
    const allowed = linked(
      { buy_url: 'https://pay.example:8443/buy' },
      { trustedHosts: ['pay.example:8443'] },
    );
    assert.equal((await buy(allowed.relay)).status, 200);
  });

  test('the guide terms URL, http://www.clickatell.com/sdk/terms.txt, is fetched over https', async () => {
    const { relay, fetched } = linked({ URL_location: 'http://www.clickatell.com/sdk/terms.txt' });
    const response = await terms(relay);
    assert.equal(response.status, 200);
    const values = (await body(response)).values;
    assert.equal(values[0]!['content'], 'Terms.');
    assert.equal(values[0]!['URL_location'], 'http://www.clickatell.com/sdk/terms.txt');
    assert.deepEqual(fetched, ['https://www.clickatell.com/sdk/terms.txt']);
  });

  test('httpTermsHost fetches that one host over plain http; other http hosts stay refused', async () => {
    const one = linked(
      { URL_location: 'http://terms.example/sdk/terms.txt' },
      { httpTermsHost: 'terms.example' },
    );
    assert.equal((await terms(one.relay)).status, 200);
    assert.deepEqual(one.fetched, ['http://terms.example/sdk/terms.txt']);
    const other = linked(
      { URL_location: 'http://other.example/terms.txt' },
      { httpTermsHost: 'terms.example' },
    );
    assert.equal((await terms(other.relay)).status, 502);
    assert.deepEqual(other.fetched, []);
  });

  test('the client IP goes in the log line only when asked: truncated or whole', async () => {
    for (const [mode, ending] of [
      [undefined, /\dms$/],
      ['truncated', / ip=192\.0\.2\.0$/],
      ['full', / ip=192\.0\.2\.44$/],
    ] as const) {
      const lines: string[] = [];
      const { relay } = listRelay({ log: (line) => lines.push(line), logClientIp: mode });
      const response = await relay.fetch(callRequest('get_list_account'), {
        remoteAddress: '::ffff:192.0.2.44',
      });
      await response.body?.cancel();
      assert.match(lines[0]!, ending);
    }
    const lines: string[] = [];
    const { relay } = listRelay({ log: (line) => lines.push(line), logClientIp: 'truncated' });
    await (
      await relay.fetch(callRequest('get_list_account'), { remoteAddress: '2001:db8:1234:5678::1' })
    ).text();
    assert.match(lines[0]!, / ip=2001:db8:1234::$/);
  });
});

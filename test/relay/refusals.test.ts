/**
 * Every refusal of the relay, with the status and code the browser acts on, and proof that
 * a refused call never reaches the Connect API.
 */
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay, type RelayOptions } from '../../src/relay/index.ts';
import { RELAY_ERRORS } from '../../src/protocol/contract.ts';
import { errorMessage } from '../../src/protocol/errors.ts';
import {
  fakeApi,
  logSink,
  relayOver,
  Browser,
  SECRET,
  TOKEN,
  xmlAnswer,
  type AnswerBody,
} from './helpers.ts';

const BASE = 'http://127.0.0.1:9999';

function fixture(options: Partial<RelayOptions> = {}) {
  const api = fakeApi((call) =>
    xmlAnswer(call.action, { values: [{ account_id: '1', account_type: 'International' }] }),
  );
  const sink = logSink();
  const relay = createRelay({
    token: TOKEN,
    sessionSecret: SECRET,
    upstream: api,
    log: sink.log,
    ...options,
  });
  const post = (body: unknown, headers: Record<string, string> = {}) =>
    relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ct-connect': '1', ...headers },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
      { remoteAddress: '192.0.2.10' },
    );
  return { api, relay, post, lines: sink.lines };
}

async function refusal(
  response: Response,
  code: keyof typeof RELAY_ERRORS,
  field?: string,
  message: string = RELAY_ERRORS[code].message,
): Promise<AnswerBody> {
  const body = (await response.json()) as AnswerBody;
  assert.equal(response.status, RELAY_ERRORS[code].status, `status for ${code}: ${JSON.stringify(body)}`);
  assert.equal(body.ok, false);
  assert.equal(body.errors.length, 1);
  assert.equal(body.errors[0]!.code, code);
  assert.equal(body.errors[0]!.message, message);
  assert.equal(body.errors[0]!.field, field);
  assert.equal(typeof body.timestamp, 'number');
  return body;
}

describe('malformed calls are refused with 400 and never reach the API', () => {
  test('a body that is not JSON', async () => {
    const f = fixture();
    await refusal(await f.post('{"action": '), 'bad_request');
    await refusal(await f.post('\xff\xfe'), 'bad_request');
    assert.equal(f.api.calls.length, 0);
  });

  test('JSON that is not an object', async () => {
    const f = fixture();
    await refusal(await f.post([1, 2]), 'bad_request');
    await refusal(await f.post('"get_list_country"'), 'bad_request');
    await refusal(await f.post('null'), 'bad_request');
    assert.equal(f.api.calls.length, 0);
  });

  test('an object without an action names the action field', async () => {
    const f = fixture();
    await refusal(await f.post({ params: {} }), 'bad_request', 'action');
    await refusal(await f.post({ action: 7 }), 'bad_request', 'action');
    await refusal(await f.post({ action: '' }), 'bad_request', 'action');
    assert.equal(f.api.calls.length, 0);
  });

  test('params that are not an object of strings, with a message that says so', async () => {
    const f = fixture();
    const notObject = 'params must be an object whose values are strings.';
    for (const params of [['1'], 'country_id=1', 'x', 7]) {
      await refusal(await f.post({ action: 'get_list_terms', params }), 'bad_request', 'params', notObject);
    }
    for (const value of [209, null, true, ['209'], { id: '209' }]) {
      await refusal(
        await f.post({ action: 'get_list_terms', params: { country_id: value } }),
        'bad_request',
        'country_id',
        'The value of country_id in params must be a string.',
      );
    }
    assert.equal(f.api.calls.length, 0);
  });

  test('a parameter the action does not take', async () => {
    const f = fixture();
    await refusal(
      await f.post({ action: 'get_list_country', params: { XML: '<x/>' } }),
      'unknown_param',
      'XML',
    );
    await refusal(
      await f.post({ action: 'authenticate_user', params: { user: 'a', password: 'b', action: 'register' } }),
      'unknown_param',
      'action',
    );
    assert.equal(f.api.calls.length, 0);
  });

  test('a value with a control character XML cannot carry', async () => {
    const f = fixture();
    await refusal(
      await f.post({ action: 'authenticate_user', params: { user: 'jdoe', password: 'a\u0001b' } }),
      'unsendable_value',
      'password',
    );
    assert.equal(f.api.calls.length, 0);
  });
});

describe('actions', () => {
  test('an action outside the allowlist answers 403 action_not_allowed', async () => {
    const f = fixture({ allowedActions: ['get_list_country'] });
    await refusal(await f.post({ action: 'register', params: {} }), 'action_not_allowed', 'action');
    assert.equal((await f.post({ action: 'get_list_country' })).status, 200);
    assert.equal(f.api.calls.length, 1);
  });

  test('an action no call has answers 403 action_not_allowed', async () => {
    const f = fixture();
    const body = await refusal(await f.post({ action: 'drop_tables' }), 'action_not_allowed', 'action');
    assert.equal(body.action, null);
    assert.equal(f.api.calls.length, 0);
  });

  test('an alias of an action is answered under its canonical name', async () => {
    const f = fixture();
    const response = await f.post({
      action: 'send_activation_status',
      params: { user: 'jdoe', password: 'secret99' },
    });
    assert.equal((await response.json()).action, 'sms_activation_status');
    assert.equal(f.api.calls[0]!.call.action, 'sms_activation_status');
  });

  test('an unknown name in allowedActions stops the relay from starting', () => {
    assert.throws(
      () => createRelay({ token: TOKEN, sessionSecret: SECRET, allowedActions: ['nope'] }),
      /unknown action "nope"/,
    );
  });
});

describe('the custom header and the origin are checked on every request', () => {
  test('a call without X-CT-Connect: 1 answers 403 header_missing', async () => {
    const f = fixture();
    const response = await f.relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        body: JSON.stringify({ action: 'get_list_country' }),
      }),
    );
    await refusal(response, 'header_missing', undefined, 'The X-CT-Connect header is missing.');
    for (const value of ['0', '2', 'true', '']) {
      await refusal(
        await f.post({ action: 'get_list_country' }, { 'x-ct-connect': value }),
        'header_missing',
        undefined,
        'The X-CT-Connect header must be 1.',
      );
    }
    await refusal(await f.relay.fetch(new Request(`${BASE}/connect/session`)), 'header_missing');
    await refusal(
      await f.relay.fetch(new Request(`${BASE}/connect/logout`, { method: 'POST' })),
      'header_missing',
    );
    assert.equal(f.api.calls.length, 0);
  });

  test('an allowed cross origin still needs the header', async () => {
    const f = fixture({ allowOrigins: ['https://shop.example'] });
    const response = await f.relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        headers: { origin: 'https://shop.example' },
        body: JSON.stringify({ action: 'get_list_country' }),
      }),
    );
    await refusal(response, 'header_missing');
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
  });

  test('an origin that is neither the relay own nor allowed answers 403 origin_not_allowed', async () => {
    const f = fixture({ allowOrigins: ['https://shop.example'] });
    for (const origin of [
      'https://evil.example',
      'null',
      'https://shop.example.evil.example',
      'http://shop.example',
      'https://shop.example:444',
    ]) {
      const response = await f.post({ action: 'get_list_country' }, { origin });
      await refusal(response, 'origin_not_allowed');
      assert.equal(response.headers.get('access-control-allow-origin'), null);
    }
    assert.equal(f.api.calls.length, 0);
  });

  test('the relay own origin and calls without an Origin are let through', async () => {
    const f = fixture();
    assert.equal((await f.post({ action: 'get_list_country' }, { origin: BASE })).status, 200);
    assert.equal((await f.post({ action: 'get_list_country' })).status, 200);
  });

  test('the forwarded origin counts as the relay own only with trustProxy', async () => {
    const headers = {
      origin: 'https://www.example.com',
      'x-forwarded-host': 'www.example.com',
      'x-forwarded-proto': 'https',
    };
    await refusal(await fixture().post({ action: 'get_list_country' }, headers), 'origin_not_allowed');
    assert.equal(
      (await fixture({ trustProxy: true }).post({ action: 'get_list_country' }, headers)).status,
      200,
    );
  });

  test('an allowed origin gets exact CORS headers', async () => {
    const f = fixture({ allowOrigins: ['https://shop.example'] });
    const response = await f.post({ action: 'get_list_account' }, { origin: 'https://shop.example' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    assert.match(response.headers.get('vary') ?? '', /Origin/);
  });

  test('a preflight from an allowed origin allows Content-Type and X-CT-Connect', async () => {
    const f = fixture({ allowOrigins: ['https://shop.example'] });
    const response = await f.relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-ct-connect',
        },
      }),
    );
    assert.equal(response.status, 204);
    assert.equal(response.headers.get('access-control-allow-origin'), 'https://shop.example');
    assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
    const allowed = (response.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    assert.ok(allowed.includes('content-type') && allowed.includes('x-ct-connect'), allowed);
    assert.match(response.headers.get('access-control-allow-methods') ?? '', /POST/);
  });

  test('a preflight answer carries no-store, nosniff and Vary: Origin, directly and over HTTP', async () => {
    const options = { allowOrigins: ['https://shop.example'] };
    const preflight = (url: string) =>
      new Request(url, {
        method: 'OPTIONS',
        headers: {
          origin: 'https://shop.example',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-ct-connect',
        },
      });
    const served = await relayOver(
      fakeApi((call) => xmlAnswer(call.action, {})),
      options,
    );
    try {
      for (const path of ['/connect', '/connect/session', '/connect/logout']) {
        for (const response of [
          await fixture(options).relay.fetch(preflight(`${BASE}${path}`)),
          await fetch(preflight(`${served.url}${path}`)),
        ]) {
          assert.equal(response.status, 204, path);
          assert.equal(response.headers.get('cache-control'), 'no-store', path);
          assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
          assert.match(response.headers.get('vary') ?? '', /Origin/, path);
        }
      }
    } finally {
      await served.close();
    }
  });

  test('a preflight from another origin is refused', async () => {
    const f = fixture({ allowOrigins: ['https://shop.example'] });
    const response = await f.relay.fetch(
      new Request(`${BASE}/connect`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }),
    );
    await refusal(response, 'origin_not_allowed');
    assert.equal(response.headers.get('access-control-allow-origin'), null);
  });
});

describe('sizes, methods and paths', () => {
  test('a body over maxBodyBytes answers 413, declared or not', async () => {
    const relay = await relayOver(
      fakeApi((call) => xmlAnswer(call.action, {})),
      { maxBodyBytes: 1000 },
    );
    try {
      const browser = new Browser(relay.url);
      const big = JSON.stringify({ action: 'get_list_terms', params: { country_id: '1'.repeat(2000) } });
      const declared = await browser.raw({
        method: 'POST',
        body: big,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(declared.status, 413);
      assert.equal(declared.body.errors[0].code, 'too_large');
      // A streamed body has no Content-Length: the relay must count as it reads.
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < 10; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(500)));
          controller.close();
        },
      });
      const streamed = await browser.raw({ method: 'POST', body: stream, duplex: 'half' } as RequestInit & {
        headers?: Record<string, string>;
      });
      assert.equal(streamed.status, 413);
      assert.equal(streamed.body.errors[0].code, 'too_large');
    } finally {
      await relay.close();
    }
  });

  test('a wrong method answers 405 with Allow', async () => {
    const f = fixture();
    const get = await f.relay.fetch(new Request(`${BASE}/connect`, { headers: { 'x-ct-connect': '1' } }));
    await refusal(get, 'method_not_allowed');
    assert.match(get.headers.get('allow') ?? '', /POST/);
    const post = await f.relay.fetch(
      new Request(`${BASE}/connect/session`, { method: 'POST', headers: { 'x-ct-connect': '1' } }),
    );
    await refusal(post, 'method_not_allowed');
  });

  test('handles() claims only the three endpoints', () => {
    const { relay } = fixture({ path: '/api/ct/' });
    const yes = ['/api/ct', '/api/ct/session', '/api/ct/logout'];
    const no = ['/', '/api', '/api/ct/other', '/api/ct/session/x', '/connect', '/_emulator/outbox'];
    for (const p of yes) assert.equal(relay.handles(new URL(p, BASE)), true, p);
    for (const p of no) assert.equal(relay.handles(new URL(p, BASE)), false, p);
  });

  test('any other path answers 404 not_found', async () => {
    await refusal(
      await fixture().relay.fetch(new Request(`${BASE}/connect/x`, { headers: { 'x-ct-connect': '1' } })),
      'not_found',
    );
  });
});

describe('rate limits', () => {
  test('calls over the per-IP budget answer 429 with Retry-After', async () => {
    const f = fixture({ rateLimits: { perIp: { points: 3, durationS: 60 } } });
    for (let i = 0; i < 3; i++) assert.equal((await f.post({ action: 'get_list_account' })).status, 200);
    const limited = await f.post({ action: 'get_list_account' });
    await refusal(limited, 'rate_limited');
    const retry = Number(limited.headers.get('retry-after'));
    assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
    // Another IP has its own budget.
    const other = await f.relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        headers: { 'x-ct-connect': '1' },
        body: '{"action":"get_list_account"}',
      }),
      { remoteAddress: '192.0.2.11' },
    );
    assert.equal(other.status, 200);
  });

  test('account calls over the per-username budget answer 429, whatever the IP', async () => {
    const f = fixture({ rateLimits: { perUser: { points: 2, durationS: 60 } } });
    const call = (user: string, ip: string) =>
      f.relay.fetch(
        new Request(`${BASE}/connect`, {
          method: 'POST',
          headers: { 'x-ct-connect': '1' },
          body: JSON.stringify({ action: 'authenticate_user', params: { user, password: 'secret99' } }),
        }),
        { remoteAddress: ip },
      );
    assert.equal((await call('jdoe', '192.0.2.1')).status, 200);
    assert.equal((await call('JDoe', '192.0.2.2')).status, 200);
    const limited = await call('jdoe', '192.0.2.3');
    await refusal(limited, 'rate_limited');
    assert.ok(limited.headers.get('retry-after'));
    assert.equal((await call('other', '192.0.2.3')).status, 200);
    assert.equal(f.api.calls.length, 3);
  });
});

describe('answers from the API', () => {
  test('each error gets the guide message and the field it concerns, in order', async () => {
    const api = fakeApi((call) =>
      xmlAnswer(call.action, {
        errors: [
          { code: '431', description: 'whatever the API says' },
          { code: '416', description: 'x' },
          { code: '109', description: 'the coupon EXPIRED2011 expired' },
          { code: '003', description: 'y' },
        ],
      }),
    );
    const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: () => {} });
    const response = await relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        headers: { 'x-ct-connect': '1' },
        body: JSON.stringify({ action: 'register', params: { user: 'x' } }),
      }),
    );
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.action, 'register');
    assert.equal(body.ok, false);
    assert.equal(body.timestamp, 1_316_509_313);
    assert.deepEqual(body.errors, [
      { code: '431', message: errorMessage('431'), field: 'user' },
      { code: '416', message: errorMessage('416'), field: 'email_address' },
      { code: '109', message: 'the coupon EXPIRED2011 expired', field: 'coupon_code' },
      { code: '003', message: errorMessage('003') },
    ]);
  });

  test('a success keeps the values as records and the API timestamp', async () => {
    const f = fixture();
    const body = await (await f.post({ action: 'get_list_account' })).json();
    assert.deepEqual(body, {
      action: 'get_list_account',
      ok: true,
      values: [{ account_id: '1', account_type: 'International' }],
      timestamp: 1_316_509_313,
    });
  });

  test('list answers are cached for listCacheMs, per action and params', async () => {
    let now = 1_000_000;
    const f = fixture({ clock: () => now, listCacheMs: 60_000 });
    await f.post({ action: 'get_list_account' });
    await f.post({ action: 'get_list_account' });
    await f.post({ action: 'get_list_country' });
    assert.equal(f.api.calls.length, 2);
    now += 60_001;
    await f.post({ action: 'get_list_account' });
    assert.equal(f.api.calls.length, 3);
    // Account calls are never cached.
    await f.post({ action: 'authenticate_user', params: { user: 'a', password: 'secret99' } });
    await f.post({ action: 'authenticate_user', params: { user: 'a', password: 'secret99' } });
    assert.equal(f.api.calls.length, 5);
  });

  test('identical list calls in flight share one upstream call; errors are not cached', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      log: () => {},
      upstream: {
        async fetch(request) {
          calls++;
          await gate;
          return fakeApi((call) =>
            call.params['country_id'] === '999'
              ? xmlAnswer(call.action, { errors: [{ code: '406', description: '' }] })
              : xmlAnswer(call.action, { values: [{ account_id: '1', account_type: 'International' }] }),
          ).fetch(request);
        },
      },
    });
    const post = (action: string, params: Record<string, string> = {}) =>
      relay.fetch(
        new Request(`${BASE}/connect`, {
          method: 'POST',
          headers: { 'x-ct-connect': '1' },
          body: JSON.stringify({ action, params }),
        }),
      );
    const answers = Array.from({ length: 10 }, () => post('get_list_account'));
    const other = post('get_list_callback');
    release();
    for (const answer of await Promise.all(answers))
      assert.equal(((await answer.json()) as AnswerBody).ok, true);
    await other;
    assert.equal(calls, 2);
    await post('get_list_terms', { country_id: '999' });
    await post('get_list_terms', { country_id: '999' });
    assert.equal(calls, 4);
  });

  test('an account call with no credentials and no session answers 401 not_signed_in', async () => {
    const f = fixture();
    await refusal(await f.post({ action: 'buy_credits_url', params: {} }), 'not_signed_in');
    assert.equal(f.api.calls.length, 0);
  });

  test('a token that is not allowed in the URL is still sent, encoded, only upstream', async () => {
    const f = fixture();
    await f.post({ action: 'get_list_account' });
    assert.equal(f.api.calls[0]!.url, `https://upstream.invalid/${TOKEN}`);
  });
});

describe('configuration', () => {
  test('a session secret shorter than 32 characters stops the relay from starting', () => {
    assert.throws(
      () => createRelay({ token: TOKEN, sessionSecret: 'short' }),
      /sessionSecret must be at least 32 characters/,
    );
  });

  test('a missing token stops the relay from starting', () => {
    assert.throws(() => createRelay({ token: '', sessionSecret: SECRET }), /token is required/);
  });
});

describe('client IP for get_list_terms', () => {
  async function sentIp(
    options: Partial<RelayOptions>,
    headers: Record<string, string>,
    params: Record<string, string> = {},
  ) {
    const api = fakeApi((call) =>
      xmlAnswer(call.action, { values: [{ URL_location: 'https://upstream.invalid/terms' }] }),
    );
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      upstream: {
        fetch: (request) =>
          new URL(request.url).pathname === '/terms'
            ? Promise.resolve(new Response('Terms.'))
            : api.fetch(request),
      },
      log: () => {},
      ...options,
    });
    const response = await relay.fetch(
      new Request(`${BASE}/connect`, {
        method: 'POST',
        headers: { 'x-ct-connect': '1', ...headers },
        body: JSON.stringify({ action: 'get_list_terms', params }),
      }),
      { remoteAddress: '::ffff:192.0.2.44' },
    );
    assert.equal(response.status, 200);
    return api.calls[0]!.call.params['client_ip_address'];
  }

  test('comes from the connection', async () => {
    assert.equal(await sentIp({}, {}), '192.0.2.44');
  });

  test('comes from X-Forwarded-For only with trustProxy, from the entry the proxy added', async () => {
    // A client writes "203.0.113.9" itself; the proxy in front appends the peer it saw.
    const chain = { 'x-forwarded-for': '203.0.113.9, 198.51.100.20' };
    assert.equal(await sentIp({}, chain), '192.0.2.44');
    assert.equal(await sentIp({ trustProxy: true }, chain), '198.51.100.20');
    assert.equal(await sentIp({ trustProxy: 2 }, chain), '203.0.113.9');
    assert.equal(await sentIp({ trustProxy: 3 }, chain), '192.0.2.44');
    assert.equal(await sentIp({ trustProxy: ['192.0.2.0/24'] }, chain), '198.51.100.20');
    assert.equal(await sentIp({ trustProxy: ['192.0.2.44', '198.51.100.0/24'] }, chain), '203.0.113.9');
    // The peer is no trusted proxy: whatever it wrote is not believed.
    assert.equal(await sentIp({ trustProxy: ['10.0.0.0/8'] }, chain), '192.0.2.44');
  });

  test('is left alone when the browser gave one', async () => {
    assert.equal(await sentIp({}, {}, { client_ip_address: '198.51.100.7' }), '198.51.100.7');
  });
});

describe('links from the API', () => {
  function linking(values: Record<string, string>, options: Partial<RelayOptions> = {}) {
    let documentFetched = 0;
    const api = fakeApi((call) => xmlAnswer(call.action, { values: [values] }));
    const relay = createRelay({
      token: TOKEN,
      sessionSecret: SECRET,
      upstream: 'https://connect.clickatell.com',
      log: () => {},
      fetch: async (url, init) => {
        if (new URL(url).pathname.startsWith('/terms')) {
          documentFetched++;
          return new Response('<p>Terms</p>', { headers: { 'content-type': 'text/html' } });
        }
        return api.fetch(new Request(url, init));
      },
      ...options,
    });
    const call = (action: string) =>
      relay.fetch(
        new Request(`${BASE}/connect`, {
          method: 'POST',
          headers: { 'x-ct-connect': '1' },
          body: JSON.stringify({
            action,
            params:
              action === 'get_list_terms' ? { country_id: '1' } : { user: 'jdoe', password: 'secret99' },
          }),
        }),
      );
    return { call, fetched: () => documentFetched };
  }

  const buy = (params: Record<string, string>) => ({ ...params });

  test('a buy_url that is https on the upstream host is passed on', async () => {
    const body = await (
      await linking(buy({ buy_url: 'https://connect.clickatell.com/buy?auth_id=1' })).call('buy_credits_url')
    ).json();
    assert.equal(body.values[0].buy_url, 'https://connect.clickatell.com/buy?auth_id=1');
  });

  test('a buy_url on another host, over http, or with credentials answers 502 unsafe_url', async () => {
    for (const url of [
      'https://evil.example/buy',
      'http://connect.clickatell.com/buy',
      'https://user:pw@connect.clickatell.com/buy',
      'https://connect.clickatell.com.evil.example/buy',
      'javascript:alert(1)',
      'not a url',
    ]) {
      const response = await linking(buy({ buy_url: url })).call('buy_credits_url');
      await refusal(response, 'unsafe_url');
    }
  });

  test('trustedHosts and devOrigins widen what is trusted, exactly', async () => {
    const www = await linking(buy({ buy_url: 'https://www.clickatell.com/buy' }), {
      trustedHosts: ['www.clickatell.com'],
    }).call('buy_credits_url');
    assert.equal(www.status, 200);
    const dev = await linking(buy({ buy_url: 'http://127.0.0.1:4000/_emulator/buy/1' }), {
      devOrigins: ['http://127.0.0.1:4000'],
    }).call('buy_credits_url');
    assert.equal(dev.status, 200);
    const otherPort = await linking(buy({ buy_url: 'http://127.0.0.1:4001/_emulator/buy/1' }), {
      devOrigins: ['http://127.0.0.1:4000'],
    }).call('buy_credits_url');
    await refusal(otherPort, 'unsafe_url');
  });

  test('an origin without http or https stops the relay from starting, so no data: or javascript: link is trusted', () => {
    for (const origin of ['localhost:5330', '127.0.0.1:5330', 'javascript:alert(1)', 'null']) {
      assert.throws(
        () => createRelay({ token: TOKEN, sessionSecret: SECRET, devOrigins: [origin] }),
        /devOrigins entry .* is not an origin/,
        origin,
      );
      assert.throws(
        () => createRelay({ token: TOKEN, sessionSecret: SECRET, allowOrigins: [origin] }),
        /allowOrigins entry .* is not an origin/,
        origin,
      );
    }
  });

  test('terms on a trusted host are fetched and returned with their type', async () => {
    const f = linking({ URL_location: 'https://connect.clickatell.com/terms/za.html' });
    const body = await (await f.call('get_list_terms')).json();
    assert.deepEqual(body.values, [
      {
        URL_location: 'https://connect.clickatell.com/terms/za.html',
        content: '<p>Terms</p>',
        content_type: 'text/html',
        content_nodes: [['p', {}, 'Terms']],
      },
    ]);
    assert.equal(f.fetched(), 1);
  });

  test('terms on any other host answer 502 unsafe_url and are never fetched', async () => {
    for (const url of [
      'https://evil.example/terms',
      'http://evil.example/terms',
      'http://connect.clickatell.com:8080/terms',
      'https://connect.clickatell.com:8443/terms',
      'file:///etc/passwd',
      'http://169.254.169.254/terms',
    ]) {
      const f = linking({ URL_location: url });
      await refusal(await f.call('get_list_terms'), 'unsafe_url');
      assert.equal(f.fetched(), 0);
    }
  });
});

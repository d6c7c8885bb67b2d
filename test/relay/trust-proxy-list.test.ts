/**
 * trustProxy as a list of proxies. A list entry that is no address or range stops the
 * relay from starting. The list believes X-Forwarded-For only when the peer is one of
 * them (docs/relay.md, "Behind proxies"): on a host that gives no peer address, a client
 * writing its own X-Forwarded-For does not choose the address the relay counts it under.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../src/relay/index.ts';
import { fakeApi, SECRET, TOKEN, xmlAnswer } from './helpers.ts';

test('with a list of proxies and no known peer, a client-written X-Forwarded-For is not believed', async () => {
  const api = fakeApi((call) => xmlAnswer(call.action, { values: [{ account_id: '1' }] }));
  const relay = createRelay({
    token: TOKEN,
    sessionSecret: SECRET,
    upstream: api,
    log: () => {},
    listCacheMs: 0,
    trustProxy: ['10.0.0.0/8'],
    rateLimits: { perIp: { points: 2, durationS: 60 } },
  });
  const statuses: number[] = [];
  for (let i = 0; i < 4; i++) {
    // No second argument: a Fetch host that tells the relay nothing of the connection.
    const response = await relay.fetch(
      new Request('https://shop.example/connect', {
        method: 'POST',
        headers: { 'x-ct-connect': '1', 'x-forwarded-for': `198.51.100.${i + 1}` },
        body: JSON.stringify({ action: 'get_list_country', params: {} }),
      }),
    );
    await response.body?.cancel();
    statuses.push(response.status);
  }
  assert.deepEqual(statuses, [200, 200, 429, 429]);
});

test('a trustProxy entry with a slash and no prefix length stops the relay from starting, rather than trust every address', () => {
  for (const entry of ['10.0.0.0/', '2001:db8::/'])
    assert.throws(
      () => createRelay({ token: TOKEN, sessionSecret: SECRET, trustProxy: [entry] }),
      /trustProxy entry/,
      entry,
    );
});

/**
 * Failed sign-ins sent all at once: the limit on failed sign-ins holds for sign-ins that
 * are still waiting for the API's answer, not only for those already answered.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../src/relay/index.ts';
import { fakeApi, SECRET, TOKEN, xmlAnswer } from './helpers.ts';

function signInRequest(user: string, password: string): Request {
  return new Request('https://shop.example/connect', {
    method: 'POST',
    headers: { 'x-ct-connect': '1', 'content-type': 'application/json' },
    body: JSON.stringify({ action: 'authenticate_user', params: { user, password } }),
  });
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

test('twelve wrong passwords sent at once from one client reach the API at most five times', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  // The API answers 404 (wrong password), but only once every sign-in has been sent.
  const api = fakeApi(async (call) => {
    await gate;
    return xmlAnswer(call.action, { errors: [{ code: '404', description: 'Authentication failed' }] });
  });
  const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: () => {} });
  let refused = 0;
  const answers = Array.from({ length: 12 }, (_, i) =>
    relay.fetch(signInRequest(`nobody${i}`, 'wrong0000'), { remoteAddress: '203.0.113.7' }).then((r) => {
      if (r.status === 429) refused++;
      return r;
    }),
  );
  await until(() => api.calls.length + refused === 12);
  release();
  const statuses = (await Promise.all(answers)).map((r) => r.status);
  assert.equal(api.calls.length, 5, `the API was asked ${api.calls.length} times`);
  assert.equal(statuses.filter((s) => s === 429).length, 7);
});

test('five wrong passwords for one username sent at once from many addresses: the sixth is refused', async () => {
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const api = fakeApi(async (call) => {
    await gate;
    return xmlAnswer(call.action, { errors: [{ code: '404', description: 'Authentication failed' }] });
  });
  const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: () => {} });
  let refused = 0;
  const answers = Array.from({ length: 8 }, (_, i) =>
    relay.fetch(signInRequest('target', 'wrong0000'), { remoteAddress: `192.0.2.${i + 1}` }).then((r) => {
      if (r.status === 429) refused++;
      return r;
    }),
  );
  await until(() => api.calls.length + refused === 8);
  release();
  await Promise.all(answers);
  assert.equal(api.calls.length, 5, `the API was asked ${api.calls.length} times`);
});

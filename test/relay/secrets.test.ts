/**
 * The token never appears in an answer, a header or a log line; the password never in a
 * log line, nor in any answer after the sign-in form sent it. Every answer the browser got
 * and every line the relay logged in a full life cycle (and in faults) is scanned.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRelay } from '../../src/relay/index.ts';
import { fakeApi, logSink, seen, SECRET, TOKEN, xmlAnswer } from './helpers.ts';
import { activeAccount, startStack } from './stack.ts';

test('a full life cycle leaves the token and the password in no answer and no log line', async () => {
  const stack = await startStack();
  try {
    const browser = stack.browser();
    const account = await activeAccount(stack, browser, 77);
    const password = account['password']!;
    for (const action of ['get_list_country', 'get_list_terms', 'get_captcha']) await browser.call(action);
    await browser.call('authenticate_user', { user: account['user']!, password: 'wrong0000' });
    await browser.call('authenticate_user', { user: account['user']!, password });
    await browser.session();
    await browser.call('send_activation_sms');
    const sms = (await stack.outbox(account['mobile_number'])).findLast((m) => m.type === 'sms')!;
    await browser.call('validate_activation_sms', { sms_activation_code: sms.code! });
    for (const action of [
      'sms_activation_status',
      'create_connection',
      'buy_credits_url',
      'resend_email_activation',
    ]) {
      await browser.call(action);
    }
    await browser.call('register', { user: 'x', password });
    await browser.logout();
    await browser.session();

    assert.ok(seen.length >= 15, `${seen.length} answers scanned`);
    assert.ok(stack.relay.lines.length >= 15);
    for (const answer of seen) {
      assert.ok(!answer.includes(TOKEN), `the token in an answer:\n${answer.slice(0, 500)}`);
      assert.ok(!answer.includes(password), `the password in an answer:\n${answer.slice(0, 500)}`);
    }
    for (const line of stack.relay.lines) {
      assert.ok(!line.includes(TOKEN), line);
      assert.ok(!line.includes(password), line);
      assert.match(line, /^relay [A-Z]+ [a-z_-]+ \d{3} [\d.]+ms$/);
    }
  } finally {
    await stack.close();
  }
});

test('an upstream that echoes the token does not get it to the browser', async () => {
  const api = fakeApi((call) =>
    call.action === 'register'
      ? xmlAnswer(call.action, { errors: [{ code: '109', description: `coupon refused for ${TOKEN}` }] })
      : xmlAnswer(call.action, { values: [{ account_id: TOKEN, account_type: `https://x/${TOKEN}` }] }),
  );
  const sink = logSink();
  const relay = createRelay({ token: TOKEN, sessionSecret: SECRET, upstream: api, log: sink.log });
  for (const action of ['register', 'get_list_account']) {
    const response = await relay.fetch(
      new Request('http://127.0.0.1/connect', {
        method: 'POST',
        headers: { 'x-ct-connect': '1' },
        body: JSON.stringify({ action }),
      }),
    );
    const text = await response.text();
    assert.equal(response.status, 200);
    assert.ok(text.includes('[redacted]'), text);
    assert.ok(!text.includes(TOKEN), text);
  }
  assert.ok(sink.lines.every((l) => !l.includes(TOKEN)));
});

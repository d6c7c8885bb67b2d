/**
 * 1,000 concurrent calls over real HTTP, each answered with its own correct answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACCOUNT_TYPES, CALLBACK_TYPES, CONNECTION_TYPES } from '../../src/protocol/lists.ts';
import { startStack } from './stack.ts';

test('1,000 concurrent calls are all answered correctly', { timeout: 120_000 }, async () => {
  const stack = await startStack({
    listCacheMs: 0,
    rateLimits: { perIp: { points: 100_000, durationS: 60 }, perUser: { points: 100_000, durationS: 60 } },
  });
  try {
    const browser = stack.browser();
    const expected: Record<string, unknown> = {
      get_list_account: ACCOUNT_TYPES,
      get_list_callback: CALLBACK_TYPES,
      get_list_connection: CONNECTION_TYPES,
    };
    const lists = Object.keys(expected);
    const kinds = Array.from({ length: 1000 }, (_, i) =>
      i % 5 === 0 ? 'get_captcha' : lists[i % lists.length]!,
    );
    const answers = await Promise.all(kinds.map((action) => browser.call(action)));
    const captchaIds = new Set<string>();
    answers.forEach((answer, i) => {
      assert.equal(answer.status, 200, `call ${i}: ${answer.text.slice(0, 200)}`);
      assert.equal(answer.body.action, kinds[i]);
      assert.equal(answer.body.ok, true);
      if (kinds[i] === 'get_captcha') {
        assert.match(answer.body.values[0].captcha_id, /^[0-9a-f]{32}$/);
        captchaIds.add(answer.body.values[0].captcha_id);
      } else {
        assert.deepEqual(answer.body.values, expected[kinds[i]!]);
      }
    });
    // Every captcha is its own: no answer went to the wrong caller.
    assert.equal(captchaIds.size, 200);
    // One log line per call.
    assert.equal(stack.relay.lines.length, 1000);
  } finally {
    await stack.close();
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, GUIDE } from '../../src/protocol/index.ts';

test("the guide's text covers every call and parameter, and nothing else", () => {
  assert.deepEqual(Object.keys(GUIDE).sort(), ACTIONS.map((a) => a.name).sort());
  for (const action of ACTIONS) {
    const guide = GUIDE[action.name];
    assert.ok(guide.summary, action.name);
    assert.deepEqual(Object.keys(guide.params).sort(), action.params.map((p) => p.name).sort(), action.name);
    for (const [label, description] of Object.values(guide.params))
      assert.ok(label && description, action.name);
  }
});

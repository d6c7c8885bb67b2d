import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIONS, GUIDE, RETURNS } from '../../src/protocol/index.ts';

test("the guide's text and the returned fields cover every call and parameter, and nothing else", () => {
  assert.deepEqual(Object.keys(GUIDE).sort(), ACTIONS.map((a) => a.name).sort());
  assert.deepEqual(Object.keys(RETURNS).sort(), ACTIONS.map((a) => a.name).sort());
  assert.deepEqual(
    Object.values(GUIDE).map((g) => g.number),
    ACTIONS.map((_, i) => i + 1),
  );
  for (const action of ACTIONS) {
    const guide = GUIDE[action.name];
    assert.ok(guide.summary, action.name);
    assert.ok(Array.isArray(RETURNS[action.name]), action.name);
    assert.deepEqual(Object.keys(guide.params).sort(), action.params.map((p) => p.name).sort(), action.name);
    for (const [label, description] of Object.values(guide.params))
      assert.ok(label && description, action.name);
  }
});

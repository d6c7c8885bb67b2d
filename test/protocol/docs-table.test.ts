import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ACTIONS, ERRORS } from '../../src/protocol/index.ts';
import { GUIDE_CALL_CODES, UNSENT_CODES, answerCodes, callCodes } from '../../src/protocol/answers.ts';
import { DOC, withTables } from '../../scripts/protocol-docs.ts';

describe('what each call can answer', () => {
  it('is in docs/protocol.md as generated from src/protocol (run `npm run docs:protocol` after a change)', async () => {
    const page = readFileSync(DOC, 'utf8');
    assert.equal(page, await withTables(page));
  });

  it("covers every code of the guide's table: each follows some call, or is listed with why it follows none", () => {
    const answered = new Set(ACTIONS.flatMap((a) => answerCodes(a.name)));
    for (const code of Object.keys(ERRORS)) {
      assert.ok(
        answered.has(code) !== code in UNSENT_CODES,
        `${code} is answered, or listed as unsent, not both`,
      );
    }
    for (const code of answered) assert.ok(code in ERRORS, `${code} is a code of the table`);
  });

  it("gives a reason for every code a call's guide list names that the call cannot answer", () => {
    assert.deepEqual(
      Object.keys(GUIDE_CALL_CODES),
      ACTIONS.map((a) => a.name),
    );
    for (const c of callCodes()) {
      const explained = new Set([...c.older, ...c.notAnswered.map(([code]) => code), ...c.answers]);
      for (const code of c.guide) assert.ok(explained.has(code), `${c.action}: ${code}`);
      for (const code of c.older) assert.ok(Number(code) >= 10 && Number(code) < 100, `${c.action}: ${code}`);
    }
  });
});

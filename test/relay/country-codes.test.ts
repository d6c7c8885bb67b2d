// The relay adds `iso_code` to get_list_country's records (docs/relay.md), over real HTTP:
// against the emulator's whole list, and against an API whose names are not all known.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, fakeApi, relayOver, xmlAnswer } from './helpers.ts';
import { startStack } from './stack.ts';
import { COUNTRIES } from '../../src/emulator/countries.ts';

test("every country of the emulator's list comes with its ISO code", async () => {
  const stack = await startStack();
  try {
    const answer = await stack.browser().call('get_list_country');
    assert.equal(answer.status, 200, answer.text);
    const values = answer.body.values;
    assert.equal(values.length, COUNTRIES.length);
    const byId = new Map(COUNTRIES.map((c) => [c.id, c]));
    for (const record of values) {
      const country = byId.get(record.country_id!)!;
      assert.deepEqual(record, { country_id: country.id, name: country.name, iso_code: country.iso });
    }
  } finally {
    await stack.close();
  }
});

test("a name with no match keeps the API's record as it is; other lists are not touched", async () => {
  const api = fakeApi((call) =>
    call.action === 'get_list_country'
      ? xmlAnswer(call.action, {
          values: [
            { country_id: '1', name: 'Afghanistan' },
            { country_id: '200', name: 'Korea, Republic of' },
            { country_id: '999', name: 'Netherlands Antilles' },
          ],
        })
      : xmlAnswer(call.action, { values: [{ country_id: '1', prefix: '93' }] }),
  );
  const relay = await relayOver(api);
  try {
    const browser = new Browser(relay.url);
    const countries = await browser.call('get_list_country');
    assert.deepEqual(countries.body.values, [
      { country_id: '1', name: 'Afghanistan', iso_code: 'AF' },
      { country_id: '200', name: 'Korea, Republic of', iso_code: 'KR' },
      { country_id: '999', name: 'Netherlands Antilles' },
    ]);
    const prefixes = await browser.call('get_list_country_prefix');
    assert.deepEqual(prefixes.body.values, [{ country_id: '1', prefix: '93' }]);
  } finally {
    await relay.close();
  }
});

// The relay's iso_code extension: every name the emulator serves, the guide's examples,
// the older ISO 3166 spellings the real API may use, and names that match nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COUNTRY_CODES, countryKey, isoCodeFor, withIsoCodes } from '../../src/protocol/country-codes.ts';
import { COUNTRIES } from '../../src/emulator/countries.ts';
import { readFileSync } from 'node:fs';
import { countryTableSource, TABLE_FILE } from '../../scripts/country-codes.ts';

test("every country of the emulator's list gets its own ISO code", () => {
  assert.ok(COUNTRIES.length > 240);
  const wrong = COUNTRIES.filter((c) => isoCodeFor(c.name) !== c.iso).map(
    (c) => `${c.name}: ${isoCodeFor(c.name)}`,
  );
  assert.deepEqual(wrong, []);
});

test("the guide's example names", () => {
  assert.equal(isoCodeFor('Afghanistan'), 'AF');
  assert.equal(isoCodeFor('Zimbabwe'), 'ZW');
  assert.equal(isoCodeFor('South Africa'), 'ZA');
});

test('other spellings: ISO short names, accents, case, "The" and "St"', () => {
  const cases: Record<string, string> = {
    'Korea, Republic of': 'KR',
    "Korea, Democratic People's Republic of": 'KP',
    'Viet Nam': 'VN',
    "Côte d'Ivoire": 'CI',
    "Cote D'Ivoire": 'CI',
    'Bahamas, The': 'BS',
    'Gambia, The': 'GM',
    'St Kitts and Nevis': 'KN',
    'St. Lucia': 'LC',
    'Falkland Islands (Malvinas)': 'FK',
    'Congo, The Democratic Republic of the': 'CD',
    Congo: 'CG',
    'Iran, Islamic Republic of': 'IR',
    'Russian Federation': 'RU',
    'United States of America': 'US',
    'UNITED KINGDOM': 'GB',
    'Trinidad & Tobago': 'TT',
    Türkiye: 'TR',
    Turkey: 'TR',
    Czechia: 'CZ',
    'Czech Republic': 'CZ',
    Reunion: 'RE',
    Curaçao: 'CW',
  };
  for (const [name, code] of Object.entries(cases)) assert.equal(isoCodeFor(name), code, name);
});

test('a name that matches nothing gets no code, and its record stays as the API gave it', () => {
  assert.equal(isoCodeFor('Atlantis'), undefined);
  assert.equal(isoCodeFor('Netherlands Antilles'), undefined);
  assert.equal(isoCodeFor(''), undefined);
  const records = [
    { country_id: '1', name: 'Afghanistan' },
    { country_id: '999', name: 'Atlantis' },
  ];
  assert.deepEqual(withIsoCodes(records), [
    { country_id: '1', name: 'Afghanistan', iso_code: 'AF' },
    { country_id: '999', name: 'Atlantis' },
  ]);
});

test('the table is data another relay can be generated from: keys in normal form, codes of two capitals', () => {
  for (const [key, code] of Object.entries(COUNTRY_CODES)) {
    assert.equal(countryKey(key), key);
    assert.match(code, /^[A-Z]{2}$/);
  }
});

test('the table is as its sources make it today (else: npm run countries)', async () => {
  assert.equal(readFileSync(TABLE_FILE, 'utf8'), await countryTableSource());
});

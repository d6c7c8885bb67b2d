import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countries } from 'countries-list';
import { ACCOUNT_TYPES, CALLBACK_TYPES, CONNECTION_TYPES } from '../../src/protocol/index.ts';
import { countryByIso } from '../../src/emulator/index.ts';
import { codes, fixture } from './helpers.ts';

describe('get_list_country and get_list_country_prefix', () => {
  it('lists every country of the data package, ids 1-based in English-name order, Afghanistan first', async () => {
    const doc = await fixture().call('get_list_country');
    assert.equal(doc.values.length, Object.keys(countries).length);
    assert.deepEqual(doc.values[0], { country_id: '1', name: 'Afghanistan' });
    doc.values.forEach((v, i) => assert.equal(v['country_id'], String(i + 1)));
    const names = doc.values.map((v) => v['name']!);
    assert.deepEqual(
      names,
      [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })),
    );
    assert.ok(names.includes('South Africa') && names.includes('Zimbabwe'));
  });

  it('gives each country its real dial prefixes, one record per prefix', async () => {
    const f = fixture();
    const doc = await f.call('get_list_country_prefix');
    const prefixesOf = (iso: string) =>
      doc.values.filter((v) => v['country_id'] === countryByIso(iso)!.id).map((v) => v['prefix']);
    assert.deepEqual(prefixesOf('AF'), ['93']);
    assert.deepEqual(prefixesOf('ZA'), ['27']);
    assert.deepEqual(prefixesOf('US'), ['1']);
    assert.deepEqual(prefixesOf('PR'), ['1787', '1939']);
    const pairs = doc.values.map((v) => `${v['country_id']}:${v['prefix']}`);
    assert.equal(new Set(pairs).size, pairs.length, 'no duplicate records');
    const total = Object.values(countries).reduce((n, c) => n + c.phone.length, 0);
    assert.equal(doc.values.length, total);
  });

  it('keeps the country ids stable between the two lists', async () => {
    const f = fixture();
    const names = new Map((await f.call('get_list_country')).values.map((v) => [v['country_id'], v['name']]));
    const prefixes = (await f.call('get_list_country_prefix')).values;
    assert.ok(prefixes.every((p) => names.has(p['country_id'])));
    assert.equal(names.get(prefixes.find((p) => p['prefix'] === '27')!['country_id']), 'South Africa');
  });
});

describe('the type lists', () => {
  it('answers the account, callback and connection types of the protocol module', async () => {
    const f = fixture();
    assert.deepEqual((await f.call('get_list_account')).values, ACCOUNT_TYPES);
    assert.deepEqual((await f.call('get_list_callback')).values, CALLBACK_TYPES);
    assert.deepEqual((await f.call('get_list_connection')).values, CONNECTION_TYPES);
  });
});

describe('get_list_terms', () => {
  const url = async (f: ReturnType<typeof fixture>, params: Record<string, string>) => {
    const doc = await f.call('get_list_terms', params);
    assert.equal(doc.result, 'Success', JSON.stringify(doc.errors));
    return doc.values[0]!['URL_location']!;
  };

  it('points at country terms served by the emulator, in text by default and HTML on request', async () => {
    const f = fixture();
    const za = countryByIso('ZA')!.id;
    const text = await url(f, { country_id: za });
    assert.equal(text, 'http://emulator.test/_emulator/terms/za.txt');
    const html = await url(f, { country_id: za, terms_format: '2' });
    assert.equal(html, 'http://emulator.test/_emulator/terms/za.html');
    const textDoc = await f.fetch(new URL(text).pathname);
    assert.match(textDoc.headers.get('content-type')!, /^text\/plain/);
    assert.match(await textDoc.text(), /South Africa version/);
    const htmlDoc = await f.fetch(new URL(html).pathname);
    assert.match(htmlDoc.headers.get('content-type')!, /^text\/html/);
    const page = await htmlDoc.text();
    assert.match(page, /^<!DOCTYPE html>\n<html lang="en">/);
    assert.match(page, /<title>[^<]*South Africa[^<]*<\/title>/);
    assert.doesNotMatch(page, /<script/i);
  });

  it('ignores an invalid client_ip_address beside a valid country, as the guide says', async () => {
    const f = fixture();
    const za = countryByIso('ZA')!.id;
    for (const client_ip_address of ['localhost', '999.1.1.1', 'x'])
      assert.equal(
        await url(f, { country_id: za, client_ip_address }),
        'http://emulator.test/_emulator/terms/za.txt',
      );
    // Without a country the IP is the only way, so there it still counts.
    assert.deepEqual(codes(await f.call('get_list_terms', { country_id: '0', client_ip_address: 'x' })), [
      '429',
    ]);
  });

  it('gives countries without terms of their own the main version', async () => {
    const f = fixture();
    assert.equal(
      await url(f, { country_id: countryByIso('FR')!.id }),
      'http://emulator.test/_emulator/terms/main.txt',
    );
    assert.match(await (await f.fetch('/_emulator/terms/main.txt')).text(), /main version/);
    assert.equal((await f.fetch('/_emulator/terms/fr.txt')).status, 404);
  });

  it('looks the country up from the client IP when no country is given, and lets the country win over the IP', async () => {
    const f = fixture();
    assert.equal(
      await url(f, { client_ip_address: '198.51.100.7' }),
      'http://emulator.test/_emulator/terms/us.txt',
    );
    assert.equal(
      await url(f, { country_id: '0', client_ip_address: '203.0.113.9' }),
      'http://emulator.test/_emulator/terms/gb.txt',
    );
    assert.equal(
      await url(f, { country_id: countryByIso('ZA')!.id, client_ip_address: '198.51.100.7' }),
      'http://emulator.test/_emulator/terms/za.txt',
    );
    assert.equal(
      await url(f, { client_ip_address: '8.8.8.8' }),
      'http://emulator.test/_emulator/terms/main.txt',
      'an IP it cannot place',
    );
  });

  it('answers 429 with neither a country nor an IP, or with a bad IP; 406 for an unknown country; 427 for a bad format', async () => {
    const f = fixture();
    assert.deepEqual(codes(await f.call('get_list_terms')), ['429']);
    assert.deepEqual(codes(await f.call('get_list_terms', { country_id: '0' })), ['429']);
    assert.deepEqual(codes(await f.call('get_list_terms', { client_ip_address: 'localhost' })), ['429']);
    assert.deepEqual(codes(await f.call('get_list_terms', { country_id: '9999' })), ['406']);
    assert.deepEqual(codes(await f.call('get_list_terms', { country_id: '1', terms_format: 'pdf' })), [
      '427',
    ]);
  });

  it('serves terms of their own for the countries it is told to', async () => {
    const f = fixture({ termsCountries: ['FR'] });
    assert.equal(
      await url(f, { country_id: countryByIso('FR')!.id }),
      'http://emulator.test/_emulator/terms/fr.txt',
    );
    assert.match(await (await f.fetch('/_emulator/terms/fr.txt')).text(), /France version/);
    assert.equal(
      await url(f, { country_id: countryByIso('ZA')!.id }),
      'http://emulator.test/_emulator/terms/main.txt',
    );
  });
});

// Every bundled language says everything English says: the same keys, the same
// placeholders, a plural form for each category the language has, a message for every
// code of the API's error table, and no English text left in place.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en } from '../../src/strings/en.ts';
import { alias, messages, setup } from '../../src/strings/en-messages.ts';
import { BUNDLED, load } from '../../src/strings/locales.ts';
import { lookup, loadLocale } from '../../src/strings/index.ts';
import { ERRORS } from '../../src/protocol/errors.ts';

const ENGLISH: Record<string, string> = { ...en, ...messages };
const CATEGORIES = ['zero', 'one', 'two', 'few', 'many'];
const isForm = (key: string) => CATEGORIES.some((c) => key.endsWith(`.${c}`));
/** Keys whose text depends on the number {n}: each is the `other` form of its plurals. */
const PLURAL = Object.keys(ENGLISH).filter((k) => !isForm(k) && ENGLISH[k]!.includes('{n}'));
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const categories = (locale: string) =>
  new Intl.PluralRules(locale).resolvedOptions().pluralCategories.filter((c) => c !== 'other') as string[];

/** The locale tag each bundled language is written for. */
const TAG: Record<string, string> = { zh: 'zh-Hans' };

// Texts that are the same in English and a language, on purpose: names, formats, words
// the language borrows.
const SAME: Record<string, readonly string[]> = {
  fr: ['f.api_description', 'optional'],
  es: [],
  pt: [],
  de: ['f.password', 'optional'],
  it: ['f.password', 'f.ftp_password'],
  nl: [],
  sw: [],
  zh: [],
  ja: [],
  he: [],
  ar: [],
};

test('the twelve languages are bundled, each in its own chunk', () => {
  assert.deepEqual([...BUNDLED].sort(), ['ar', 'de', 'es', 'fr', 'he', 'it', 'ja', 'nl', 'pt', 'sw', 'zh']);
});

test('English has a form for each of its plural categories', () => {
  for (const key of PLURAL)
    for (const c of categories('en')) assert.ok(ENGLISH[`${key}.${c}`], `en: ${key}.${c} is missing`);
});

for (const base of BUNDLED) {
  const tag = TAG[base] ?? base;
  test(`${tag}: the same keys and placeholders as English, and every plural form`, async () => {
    const table = (await load(base))!;
    const missing = Object.keys(ENGLISH).filter((k) => !isForm(k) && table[k] === undefined);
    assert.deepEqual(missing, [], `${tag} lacks keys`);
    for (const [key, text] of Object.entries(table)) {
      if (isForm(key)) {
        const plural = key.slice(0, key.lastIndexOf('.'));
        assert.ok(PLURAL.includes(plural), `${tag}: ${key} is a plural form of no plural key`);
        assert.ok(categories(tag).includes(key.slice(plural.length + 1)), `${tag}: ${key} is not a category`);
        // A form may spell its number out ("two characters"), never add another value.
        for (const name of placeholders(text!))
          assert.ok(placeholders(ENGLISH[plural]!).includes(name), `${tag}: ${key} has {${name}}`);
        continue;
      }
      assert.ok(key in ENGLISH, `${tag}: ${key} is not an English key`);
      assert.deepEqual(placeholders(text!), placeholders(ENGLISH[key]!), `${tag}: placeholders of ${key}`);
      assert.ok(text!.trim(), `${tag}: ${key} is empty`);
    }
    for (const key of PLURAL)
      for (const c of categories(tag)) assert.ok(table[`${key}.${c}`], `${tag}: ${key}.${c} is missing`);
  });

  test(`${tag}: no English text left in place`, async () => {
    const table = (await load(base))!;
    const same = Object.keys(table).filter(
      (k) => table[k] === ENGLISH[k] && /[a-z]{3}/i.test(table[k]!) && !SAME[base]!.includes(k),
    );
    assert.deepEqual(same, []);
  });
}

test('every code of the API error table has its own message, or the setup one, in English', () => {
  for (const code of Object.keys(ERRORS)) {
    if (code === '001') continue;
    const shown = alias[code] ?? code;
    assert.ok(
      ENGLISH[`e.${shown}`] !== undefined || setup.test(shown),
      `code ${code} has no message (it would show the generic 999 one)`,
    );
  }
  // The codes that only the site's owner can fix say so; the others speak to the visitor.
  for (const code of ['002', '006', '007', '008']) assert.ok(ENGLISH[`e.${code}`], code);
});

test('right-to-left tables isolate the values they show (names, addresses, numbers)', async () => {
  for (const base of ['ar', 'he']) {
    const table = (await load(base))!;
    for (const [key, text] of Object.entries(table))
      for (const name of placeholders(text!))
        if (name !== 'n')
          assert.ok(text!.includes(`\u2068{${name}}\u2069`), `${base}: {${name}} in ${key} is not isolated`);
  }
});

test('plural forms and numbers follow each language: Arabic has six forms', async () => {
  await Promise.all(['ar', 'fr', 'he'].map((l) => loadLocale(l)));
  const ar = [0, 1, 2, 3, 11, 100].map((n) => lookup('ar', 'tooLong', { n }));
  assert.equal(new Set(ar).size, 6, ar.join('\n'));
  assert.equal(lookup('ar', 'tooLong', { n: 2 }), 'استخدم حرفين على الأكثر.');
  // Digits as the locale writes them: Egyptian Arabic uses Arabic-Indic ones.
  assert.equal(lookup('ar-EG', 'tooLong', { n: 11 }), 'استخدم ١١ حرفًا على الأكثر.');
  assert.equal(lookup('fr', 'tooLong', { n: 1 }), 'Utilisez au plus 1 caractère.');
  assert.equal(lookup('fr', 'tooLong', { n: 2048 }), 'Utilisez au plus 2\u202f048 caractères.');
  assert.equal(lookup('en', 'sms.wait', { n: 1 }), 'You can ask for a new code in 1 second.');
  assert.equal(lookup('en', 'sms.wait', { n: 30 }), 'You can ask for a new code in 30 seconds.');
  assert.equal(lookup('he', 'sms.wait', { n: 2 }), 'אפשר לבקש קוד חדש בעוד שתי שניות.');
  // Not a language tag: English's rules, nothing thrown.
  assert.equal(lookup('not a tag!', 'sms.wait', { n: 30 }), 'You can ask for a new code in 30 seconds.');
});

test('no language costs the main file a byte: only the list chunk imports them', async () => {
  const { build } = await import('esbuild');
  const { metafile } = await build({
    entryPoints: ['src/index.ts'],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: 'dist/never-written',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(metafile.outputs);
  const from = (input: string) => outputs.find(([, o]) => Object.keys(o.inputs).includes(input))?.[0];
  const entry = outputs.find(([, o]) => o.entryPoint === 'src/index.ts')![0];
  const list = from('src/strings/locales.ts')!;
  assert.notEqual(list, entry, 'the list of languages is a chunk of its own');
  for (const base of BUNDLED) {
    const file = `src/strings/${TAG[base] ?? base}.ts`;
    const chunk = from(file)!;
    assert.ok(chunk && chunk !== entry && chunk !== list, `${file} is a chunk of its own`);
    const importers = outputs
      .filter(([, o]) => o.imports.some((i) => i.path === chunk))
      .map(([name]) => name);
    assert.deepEqual(importers, [list], `${file} is imported by the list only`);
  }
});

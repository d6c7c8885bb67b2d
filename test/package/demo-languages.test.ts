/**
 * The demo's language switcher, in Chromium: each of the twelve languages puts the page's
 * own texts and every element in that language, with the page's `lang` and `dir`. The two
 * right-to-left languages are also laid out right to left, which a screenshot records
 * (written to $CT_SCREENSHOTS, or the system's temporary directory) and these checks hold
 * the layout to: labels and the checkbox on the right, the alert's bar on the right,
 * Latin-only fields (phone number, email address) written left to right, and the focus
 * ring around the whole field.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { BUNDLED, load } from '../../src/strings/locales.ts';
import { en } from '../../src/strings/en.ts';
import { TEXTS } from '../../demo/texts.ts';
import { openPage } from './chromium.ts';
import { startDemo, type Demo } from './demo-server.ts';

const SHOTS = process.env['CT_SCREENSHOTS'] ?? join(tmpdir(), 'ct-connect-screenshots');
const TAG: Record<string, string> = { zh: 'zh-Hans' };

let demo: Demo;
let browser: Browser;
let url: string;

before(async () => {
  demo = await startDemo();
  ({ browser, url } = demo);
});

after(async () => {
  await demo?.close();
});

/** The sign-up form's title, from its shadow root. */
const registerTitle = (page: Page) =>
  page.$eval('ct-register-form', (el) => el.shadowRoot?.querySelector('[part~="title"]')?.textContent ?? '');

test('the switcher offers every bundled language, and the demo has its texts in each', () => {
  for (const base of BUNDLED) assert.ok(TEXTS[TAG[base] ?? base], base);
  assert.deepEqual(Object.keys(TEXTS).length, BUNDLED.length + 1);
  const keys = Object.keys(TEXTS['en']!).sort();
  for (const [lang, texts] of Object.entries(TEXTS)) {
    assert.deepEqual(Object.keys(texts).sort(), keys, lang);
    for (const key of keys)
      assert.deepEqual(
        texts[key as keyof typeof texts].match(/\{\w+\}/g),
        TEXTS['en']![key as keyof typeof texts].match(/\{\w+\}/g),
        `${lang} ${key}`,
      );
  }
});

test(
  'each language of the switcher puts the page and every element in it',
  { timeout: 120_000 },
  async () => {
    const { page } = await openPage(browser, url);
    const values = await page.$$eval('select[name="locale"] option', (options) =>
      options.map((o) => (o as HTMLOptionElement).value),
    );
    assert.deepEqual(values.sort(), Object.keys(TEXTS).sort());
    for (const lang of [...values, 'en']) {
      const table = lang === 'en' ? en : (await load(lang.split('-')[0]!))!;
      await page.select('select[name="locale"]', lang);
      await page.waitForFunction(
        (title: string) =>
          document.querySelector('ct-register-form')?.shadowRoot?.querySelector('[part~="title"]')
            ?.textContent === title,
        { timeout: 10_000 },
        table['register.title']!,
      );
      const root = await page.$eval('html', (html) => ({ lang: html.lang, dir: html.dir }));
      assert.deepEqual(root, { lang, dir: lang === 'ar' || lang === 'he' ? 'rtl' : 'ltr' });
      const shown = await page.$$eval('[data-i18n]', (els) =>
        els.map((el) => [(el as HTMLElement).dataset['i18n']!, el.textContent!.trim()]),
      );
      for (const [key, text] of shown)
        assert.equal(text, TEXTS[lang]![key as keyof (typeof TEXTS)['en']], key);
      assert.equal(await registerTitle(page), table['register.title']);
      const submit = await page.$eval('ct-login form .ct-submit', (b) => b.textContent!.trim());
      assert.equal(submit, table['login.submit'], lang);
    }
    await page.close();
  },
);

for (const lang of ['ar', 'he']) {
  test(
    `${lang}: laid out right to left, Latin fields left to right (screenshot)`,
    { timeout: 60_000 },
    async () => {
      const { page } = await openPage(browser, url);
      await page.setViewport({ width: 1100, height: 1400 });
      const table = (await load(lang))!;
      await page.select('select[name="locale"]', lang);
      await page.waitForFunction(
        () => document.querySelectorAll('ct-register-form select[name="country_id"] option').length > 200,
        { timeout: 20_000 },
      );
      await page.waitForFunction(
        (title: string) =>
          document.querySelector('ct-register-form')?.shadowRoot?.querySelector('[part~="title"]')
            ?.textContent === title,
        { timeout: 10_000 },
        table['register.title']!,
      );
      // A country shows the terms and their checkbox; an empty submit shows the alert.
      const za = await page.$eval(
        'ct-register-form select[name="country_id"]',
        (s) =>
          [...(s as HTMLSelectElement).options].find(
            (o) => o.textContent!.includes('جنوب أفريقيا') || o.textContent!.includes('דרום אפריקה'),
          )!.value,
      );
      await page.select('ct-register-form select[name="country_id"]', za);
      await page.waitForSelector('ct-register-form input[name="accept_terms"]', { timeout: 10_000 });
      await page.click('ct-register-form .ct-submit');
      await page.waitForFunction(
        () =>
          document.querySelector('ct-register-form')?.shadowRoot?.querySelector('[part~="alert"]')
            ?.textContent !== '',
        { timeout: 10_000 },
      );
      await page.focus('ct-register-form input[name="email_address"]');
      await page.keyboard.type('ada@example.com');
      // Plain script text: the test's TypeScript transform would add helpers the page lacks.
      const layout = (await page.evaluate(`(() => {
      const form = document.querySelector('ct-register-form');
      const box = (el) => el.getBoundingClientRect();
      const field = (name) => form.querySelector('form [name="' + name + '"]');
      const labelOf = (name) => field(name).labels[0];
      // Where a label's words are, not its box (as wide as the form).
      const words = (el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return range.getBoundingClientRect();
      };
      const alert = form.shadowRoot.querySelector('[part~="alert"]');
      const email = field('email_address');
      return {
        formDir: getComputedStyle(form.querySelector('form')).direction,
        labelRight: words(labelOf('fname')).right,
        inputRight: box(field('fname')).right,
        labelLeft: words(labelOf('fname')).left,
        inputLeft: box(field('fname')).left,
        checkboxRight: box(field('accept_terms')).right,
        checkLabelRight: words(labelOf('accept_terms')).right,
        alertBarRight: getComputedStyle(alert).borderRightWidth,
        alertBarLeft: getComputedStyle(alert).borderLeftWidth,
        mobileDir: getComputedStyle(field('mobile_number')).direction,
        emailDir: getComputedStyle(email).direction,
        nameDir: getComputedStyle(field('fname')).direction,
        focused: document.activeElement === email,
        ring: getComputedStyle(email).boxShadow,
      };
    })()`)) as Record<string, number & string>;
      mkdirSync(SHOTS, { recursive: true });
      const shot = join(SHOTS, `register-${lang}.png`);
      const region = await page.$('ct-register-form');
      await region!.screenshot({ path: shot });
      assert.equal(layout.formDir, 'rtl');
      assert.ok(
        Math.abs(layout.labelRight - layout.inputRight) < 2,
        `label and field start at the right: ${JSON.stringify(layout)}`,
      );
      assert.ok(layout.labelLeft > layout.inputLeft + 20, 'the label does not start at the left');
      assert.ok(layout.checkboxRight > layout.checkLabelRight, 'the checkbox is at the right of its label');
      assert.equal(layout.alertBarRight, '4px');
      assert.equal(layout.alertBarLeft, '0px');
      assert.equal(layout.mobileDir, 'ltr');
      assert.equal(layout.emailDir, 'ltr');
      assert.equal(layout.nameDir, 'rtl');
      assert.ok(layout.focused && layout.ring !== 'none', `the focus ring shows: ${layout.ring}`);
      await page.close();
    },
  );
}

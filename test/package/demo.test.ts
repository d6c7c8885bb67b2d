import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'puppeteer-core';
import { openPage } from './chromium.ts';
import { startDemo, type Demo } from './demo-server.ts';

const TAGS = [
  'ct-connect',
  'ct-register-form',
  'ct-login',
  'ct-sms-activate',
  'ct-buy-credits',
  'ct-create-connection',
  'ct-terms',
];

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

test('the demo page renders every element with no console errors', async () => {
  const { page, errors } = await openPage(browser, url);
  await page.waitForFunction(
    (tags: string[]) =>
      tags.every((tag) => customElements.get(tag) && document.querySelector(tag)?.shadowRoot),
    { timeout: 20_000 },
    TAGS,
  );
  // The register form fills its country list through the relay and the emulator.
  await page.waitForFunction(
    () => document.querySelectorAll('ct-register-form select[name="country_id"] option').length > 200,
    { timeout: 20_000 },
  );
  const mode = await page.$eval('#mode', (el) => el.textContent);
  assert.match(mode ?? '', /Emulator/);
  // Nobody is signed in: the session check answers 200 {"user": null}, so nothing is
  // filtered here (Chromium reports a 4xx answer to fetch as a console error).
  assert.deepEqual(errors, []);
  await page.close();
});

test('the demo outbox shows the activation email a sign-up sends', async () => {
  const { page } = await openPage(browser, url);
  const call = async (action: string, params: Record<string, string> = {}) => {
    const response = await fetch(new URL('/connect', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
      body: JSON.stringify({ action, params }),
    });
    return (await response.json()) as { ok: boolean; values: Record<string, string>[] };
  };
  const id = (await call('get_captcha')).values[0]!['captcha_id']!;
  const { code } = (await (await fetch(new URL(`/_emulator/captcha/${id}`, url))).json()) as { code: string };
  const created = await call('register', {
    user: 'demouser1',
    password: 'secret123',
    fname: 'Demo',
    sname: 'User',
    email_address: 'demo@example.com',
    country_id: '1',
    mobile_number: '93700000000',
    accept_terms: '1',
    captcha_id: id,
    captcha_code: code,
  });
  assert.equal(created.ok, true, JSON.stringify(created));
  await page.waitForFunction(
    () => document.querySelector('#outbox')?.textContent?.includes('demo@example.com'),
    {
      timeout: 10_000,
    },
  );
  const link = await page.$eval('#outbox a', (a) => (a as HTMLAnchorElement).href);
  assert.match(link, /\/_emulator\/activate\//);
  await page.close();
});

test('the demo faults panel switches the API off for the forms, and on again', async () => {
  const { page, errors } = await openPage(browser, url);
  await page.waitForFunction(
    () => document.querySelector('#faults-status')?.textContent === 'No fault is on.',
    {
      timeout: 20_000,
    },
  );
  const captcha = async () => {
    const response = await fetch(new URL('/connect', url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
      body: JSON.stringify({ action: 'get_captcha', params: {} }),
    });
    return (await response.json()) as { ok: boolean; errors?: { code: string }[] };
  };
  await page.click('#faults [name="apiDisabled"]');
  await page.waitForFunction(() => document.querySelector('#faults-status')?.textContent === 'On: 008.', {
    timeout: 10_000,
  });
  assert.deepEqual(
    (await captcha()).errors?.map((e) => e.code),
    ['008'],
  );
  await page.click('#faults [name="apiDisabled"]');
  await page.waitForFunction(
    () => document.querySelector('#faults-status')?.textContent === 'No fault is on.',
    {
      timeout: 10_000,
    },
  );
  assert.equal((await captcha()).ok, true);
  assert.deepEqual(errors, []);
  await page.close();
});

test('the demo outbox stays in view while the visitor scrolls the forms', async () => {
  const { page } = await openPage(browser, url);
  await page.setViewport({ width: 1280, height: 700 });
  await page.waitForFunction(() => customElements.get('ct-register-form'), { timeout: 20_000 });
  const before = await page.$eval('#outbox-panel', (el) => el.getBoundingClientRect().top);
  await page.evaluate(() => scrollTo(0, 600));
  await page.waitForFunction(() => scrollY > 0);
  const after = await page.$eval('#outbox-panel', (el) => el.getBoundingClientRect().top);
  assert.ok(after >= 0 && after <= before, `the outbox is ${after} px from the top after scrolling`);
  await page.close();
});

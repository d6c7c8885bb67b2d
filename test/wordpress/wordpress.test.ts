/**
 * The WordPress plugin in a real WordPress (Debian's package, MariaDB, PHP's built-in server:
 * see site.ts), installed from the zip `npm run build` writes, with the emulator standing in
 * for the Connect API: activation, the settings page as an administrator and as an editor,
 * pages with the shortcodes, a visitor's journey in Chromium, the conformance suite at the
 * REST route, the default theme's CSS, and hostile shortcode attributes.
 *
 * The steps share one site and run in order; after a failed step the rest are skipped, so
 * the first failure is the one reported. Run: npm run test:wordpress.
 */
import { after, before, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'puppeteer-core';
import { createEmulator } from '../../src/emulator/index.ts';
import { listenWith, serveLazy, type Served } from '../relay/helpers.ts';
import { launchChromium } from '../package/chromium.ts';
import { missingPackages, startSite, type Site } from './site.ts';

const run = promisify(execFile);
const ZIP = 'dist/ct-connect-wordpress.zip';
const EMULATOR_TOKEN = 'wp-emulator-token-5f2c';
const LIVE_TOKEN = 'live-token-that-stays-secret-9k3x';
const ALLOWED = 'https://shop.example';
const PRIMARY = 'rgb(10, 20, 200)';
const STEP = { timeout: 120_000 };
const WAIT = { timeout: 30_000 };
const PASSWORD = 'Secret123';
const ELEMENTS = [
  'ct-register-form',
  'ct-login',
  'ct-sms-activate',
  'ct-buy-credits',
  'ct-create-connection',
];

const missing = missingPackages();
const skip = missing.length
  ? `not installed: ${missing.join(', ')} (.ci/run installs them)`
  : existsSync(ZIP)
    ? false
    : `${ZIP} is missing: run npm run build first (npm run test:wordpress does)`;

let site: Site;
let emulator: Served;
let browser: Browser;
const pages: Record<string, string> = {};
let broken = false;

/** One step of the sequence: skipped once an earlier one failed. */
function step(name: string, fn: (t: TestContext) => Promise<void>): void {
  test(name, STEP, async (t) => {
    if (broken) return t.skip('an earlier step failed');
    try {
      await fn(t);
    } catch (error) {
      broken = true;
      if (site) {
        const log = site
          .logs()
          .split('\n')
          .filter(
            (line) =>
              !/Deprecated|WordPress\.org|Development Server|Accepted|Closing|\[(200|30\d)\]/.test(line),
          );
        (error as Error).message += `\n--- site log (tail) ---\n${log.slice(-40).join('\n')}`;
      }
      throw error;
    }
  });
}

async function emulatorJson<T>(path: string): Promise<T> {
  const res = await fetch(`${emulator.url}${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status}`);
  return (await res.json()) as T;
}

interface Message {
  type: string;
  to: string;
  link?: string;
  code?: string;
}
const outbox = () => emulatorJson<Message[]>('/_emulator/outbox');

/** Signs in to wp-admin in a fresh browser context; returns the page. */
async function adminPage(user: string, password: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.goto(`${site.url}/wp-login.php`, { waitUntil: 'load' });
  // wp-login.php focuses and selects the user name field from a timer: once it has, the
  // fields are filled (typing while the timer fires would lose what was typed).
  await page.waitForFunction(() => document.activeElement?.id === 'user_login', WAIT);
  await page.$eval('#user_login', (el, value) => ((el as HTMLInputElement).value = value), user);
  await page.$eval('#user_pass', (el, value) => ((el as HTMLInputElement).value = value), password);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#wp-submit')]);
  assert.match(page.url(), /\/wp-admin\//, `${user} is signed in to wp-admin`);
  return { context, page };
}

/** The text of an element's shadow part, whitespace collapsed. */
function partText(page: Page, tag: string, part: string): Promise<string> {
  return page.$eval(
    tag,
    (el, name) =>
      el.shadowRoot?.querySelector(`[part~="${name}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? '',
    part,
  );
}

function waitForPart(page: Page, tag: string, part: string, test: string): Promise<unknown> {
  return page.waitForFunction(
    (t, p, re) =>
      new RegExp(re).test(
        document
          .querySelector(t)
          ?.shadowRoot?.querySelector(`[part~="${p}"]`)
          ?.textContent?.replace(/\s+/g, ' ') ?? '',
      ),
    WAIT,
    tag,
    part,
    test,
  );
}

describe('the WordPress plugin in a real WordPress', { skip }, () => {
  before(async () => {
    emulator = await serveLazy((origin) => createEmulator({ tokens: [EMULATOR_TOKEN], origin }));
    site = await startSite();
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await site?.stop();
    await emulator?.close();
  });

  step('installs from the zip and activates, with a session secret generated on activation', async () => {
    assert.deepEqual(await site.wp('install-plugin', ZIP), { active: true });
    const secret = await site.wp('option', 'ct_connect_session_secret');
    assert.match(String(secret), /^[0-9a-f]{64}$/);
    // Not configured yet: the relay says so in its own answer shape, without a stack trace.
    const res = await fetch(`${site.url}/wp-json/ct-connect/v1/connect/session`, {
      headers: { 'x-ct-connect': '1' },
    });
    assert.equal(res.status, 503);
    const body = (await res.json()) as { ok: boolean; errors: { code: string; message: string }[] };
    assert.equal(body.ok, false);
    assert.equal(body.errors[0]!.code, 'not_configured');
    assert.equal(res.headers.get('cache-control'), 'no-store');
  });

  step('an administrator saves the settings through the settings page', async () => {
    const { context, page } = await adminPage('admin', site.adminPassword);
    try {
      await page.goto(`${site.url}/wp-admin/options-general.php?page=ct-connect`, { waitUntil: 'load' });
      // The form carries the Settings API's nonce.
      assert.ok(await page.$('form[action="options.php"] input[name="_wpnonce"]'), 'the form has a nonce');
      await page.type('#ct_connect_token', LIVE_TOKEN);
      await page.click('input[name="ct_connect_settings[mode]"][value="emulator"]');
      await page.type('#ct_connect_emulator_url', `${emulator.url}/${EMULATOR_TOKEN}`);
      await page.type(
        '#ct_connect_allow_origins',
        `${ALLOWED}\nnot an origin\n<img src=x onerror=window.__pwned=1>`,
      );
      await page.type('#ct_connect_trusted_proxies', '10.0.0.0/8');
      await page.type('#ct_connect_theme__ct_color_primary', PRIMARY);
      await page.type('#ct_connect_theme__ct_color_danger', 'red;}body{display:none');
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#submit')]);
      // Saved, except the two values refused, each with a message saying which.
      const has = async (re: RegExp) => re.test(await page.content());
      assert.ok(await has(/"not an origin" is not an origin/), 'says which origin was left out');
      // The refused value is shown as text, not markup.
      assert.ok(
        await has(/"&lt;img src=x onerror=window.__pwned=1&gt;" is not an origin/),
        'shows the refused value',
      );
      assert.deepEqual(
        await page.evaluate(() => [document.querySelectorAll('img[src="x"]').length, 'pwned' in window]),
        [0, false],
      );
      assert.ok(
        await has(/The value of --ct-color-danger was left out/),
        'says which theme token was left out',
      );
      assert.equal(
        await page.$eval('#ct_connect_emulator_url', (el) => (el as HTMLInputElement).value),
        `${emulator.url}/${EMULATOR_TOKEN}`,
      );

      // Saved again with the token field left empty: the token is kept.
      await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#submit')]);
      assert.ok(await has(/Settings saved\./), 'Settings saved.');
      // The token is never shown again in full: its last four characters only.
      assert.ok(!(await has(new RegExp(LIVE_TOKEN))), 'the settings page shows the token');
      assert.ok(await has(new RegExp(`ending in <code>${LIVE_TOKEN.slice(-4)}</code>`)), 'the token hint');
      assert.equal(await page.$eval('#ct_connect_token', (el) => (el as HTMLInputElement).value), '');
    } finally {
      await context.close();
    }
    assert.equal(await site.wp('option', 'ct_connect_token'), LIVE_TOKEN);
    assert.deepEqual(await site.wp('option', 'ct_connect_settings'), {
      mode: 'emulator',
      emulator_url: `${emulator.url}/${EMULATOR_TOKEN}`,
      allow_origins: [ALLOWED],
      trusted_proxies: ['10.0.0.0/8'],
      theme: { '--ct-color-primary': PRIMARY },
      locale: '',
    });
  });

  step('an editor (no manage_options) is refused the page and the save', async () => {
    const before = await site.wp('option', 'ct_connect_settings');
    const { context, page } = await adminPage('editor', site.editorPassword);
    try {
      const res = await page.goto(`${site.url}/wp-admin/options-general.php?page=ct-connect`, {
        waitUntil: 'load',
      });
      assert.equal(res?.status(), 403);
      assert.match(await page.content(), /not allowed/);
      assert.equal(await page.$('#ct_connect_token'), null);
      // A forged save, with the editor's own cookies (and a nonce they cannot have).
      const status = await page.evaluate(async (url) => {
        const form = new URLSearchParams({
          option_page: 'ct_connect',
          action: 'update',
          _wpnonce: 'forged',
          ct_connect_token: 'stolen-token-0000',
          'ct_connect_settings[mode]': 'live',
        });
        return (await fetch(`${url}/wp-admin/options.php`, { method: 'POST', body: form })).status;
      }, site.url);
      assert.ok(status >= 400, `options.php answered ${status}`);
    } finally {
      await context.close();
    }
    assert.equal(await site.wp('option', 'ct_connect_token'), LIVE_TOKEN);
    assert.deepEqual(await site.wp('option', 'ct_connect_settings'), before);
  });

  step('a page with the shortcodes shares one provider and loads the elements as a module', async () => {
    const made = (await site.wp(
      'page',
      'Your account',
      ELEMENTS.map((tag) => `[${tag.replaceAll('-', '_')}]`).join('\n\n'),
    )) as { url: string };
    pages['account'] = made.url;
    const plain = (await site.wp('page', 'About', 'No forms here.')) as { url: string };
    const html = await (await fetch(made.url)).text();
    assert.equal(html.match(/<ct-connect\b/g)?.length, 1, 'one <ct-connect> provider');
    assert.match(
      html,
      /<ct-connect class="ct-connect-wp" endpoint="\/wp-json\/ct-connect\/v1\/connect" locale="en-US">/,
    );
    for (const tag of ELEMENTS) assert.match(html, new RegExp(`<${tag}[ >]`), tag);
    const scripts = html.match(/<script[^>]*ct-connect\.min\.js[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0]!, /type="module"/);
    assert.match(html, /Emulator mode: these forms talk to a Connect API emulator/);
    assert.match(html, /ct-connect\.ct-connect-wp\{--ct-color-primary:rgb\(10, 20, 200\);\}/);
    // In emulator mode the buy-credits element may open the emulator's plain-http page.
    assert.match(html, new RegExp(`<ct-buy-credits allow-http-origin="${emulator.url}">`));
    // A page without a shortcode loads nothing of the plugin.
    const other = await (await fetch(plain.url)).text();
    assert.ok(
      !other.includes('ct-connect.min.js') && !other.includes('--ct-color'),
      'loaded on a page without forms',
    );
  });

  step('a visitor signs up, activates, signs in, confirms the mobile by SMS and buys credits', async () => {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    try {
      const user = `wpvisitor${Date.now().toString(36)}`;
      const email = `${user}@example.com`;
      await page.goto(pages['account']!, { waitUntil: 'load' });
      // The theme token from the settings reaches the elements.
      await page.waitForFunction(() => document.querySelector('ct-login')?.shadowRoot, WAIT);
      assert.equal(
        await page.$eval('ct-login', (el) =>
          getComputedStyle(el).getPropertyValue('--ct-color-primary').trim(),
        ),
        PRIMARY,
      );

      // Sign up.
      const form = 'ct-register-form form';
      await page.waitForSelector(`${form} [name="fname"]`, WAIT);
      await page.type(`${form} [name="fname"]`, 'Ada');
      await page.type(`${form} [name="sname"]`, 'Lovelace');
      await page.type(`${form} [name="email_address"]`, email);
      await page.waitForFunction(
        (f) =>
          (document.querySelector(`${f} select[name="country_id"]`) as HTMLSelectElement)?.options.length > 1,
        WAIT,
        form,
      );
      const za = await page.$eval(
        `${form} select[name="country_id"]`,
        (s) =>
          [...(s as HTMLSelectElement).options].find((o) => o.textContent?.trim() === 'South Africa')!.value,
      );
      await page.select(`${form} select[name="country_id"]`, za);
      await page.waitForFunction(
        (f) => (document.querySelector(`${f} [name="mobile_number"]`) as HTMLInputElement).value === '27',
        WAIT,
        form,
      );
      await page.focus(`${form} [name="mobile_number"]`);
      await page.keyboard.press('End');
      await page.keyboard.type('821234567');
      await page.type(`${form} [name="user"]`, user);
      await page.type(`${form} [name="password"]`, PASSWORD);
      await page.waitForSelector(`${form} [name="accept_terms"]`, WAIT);
      await page.click(`${form} [name="accept_terms"]`);
      await page.waitForFunction(() => {
        const c = document.querySelector('ct-register-form ct-captcha') as
          (HTMLElement & { captchaId?: string }) | null;
        return c?.captchaId && c.shadowRoot?.querySelector('[part~="image"]');
      }, WAIT);
      const captchaId = await page.$eval(
        'ct-register-form ct-captcha',
        (c) => (c as HTMLElement & { captchaId: string }).captchaId,
      );
      const { code } = await emulatorJson<{ code: string }>(`/_emulator/captcha/${captchaId}`);
      const captchaInput = await page.evaluateHandle(() =>
        document
          .querySelector('ct-register-form ct-captcha')!
          .shadowRoot!.querySelector('input[name="captcha_code"]')!,
      );
      await (captchaInput as unknown as { type(text: string): Promise<void> }).type(code);
      await page.click(`${form} .ct-submit`);
      await waitForPart(page, 'ct-register-form', 'title', '^\\s*Check your email\\s*$');

      // The activation email's link (the emulator's page).
      let mail: Message | undefined;
      await page.waitForFunction(() => true);
      for (let i = 0; i < 100 && !mail; i++) {
        mail = (await outbox()).find((m) => m.type === 'email' && m.to === email && m.link);
        if (!mail) await new Promise((r) => setTimeout(r, 100));
      }
      assert.ok(mail?.link, 'an activation email in the outbox');
      const activated = await fetch(mail.link!);
      assert.equal(activated.status, 200);

      // Sign in.
      await page.type('ct-login form [name="user"]', user);
      await page.type('ct-login form [name="password"]', PASSWORD);
      await page.click('ct-login form .ct-submit');
      await waitForPart(page, 'ct-login', 'button', 'Sign out');

      // SMS activation.
      await waitForPart(page, 'ct-sms-activate', 'text', "isn't confirmed yet");
      const smsBefore = (await outbox()).filter((m) => m.type === 'sms').length;
      await page.click('ct-sms-activate form .ct-submit');
      await waitForPart(page, 'ct-sms-activate', 'status', 'sent you a code');
      let sms: Message | undefined;
      for (let i = 0; i < 100 && !sms; i++) {
        const all = (await outbox()).filter((m) => m.type === 'sms');
        sms = all.length > smsBefore ? all.at(-1) : undefined;
        if (!sms) await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(sms?.code ?? '', /^\d{6}$/);
      await page.waitForSelector('ct-sms-activate form [name="sms_activation_code"]', WAIT);
      await page.type('ct-sms-activate form [name="sms_activation_code"]', sms!.code!);
      await page.keyboard.press('Enter');
      await waitForPart(page, 'ct-sms-activate', 'status', 'your mobile number is confirmed');

      // Buy credits: a new tab on the emulator's one-off buy page.
      await waitForPart(page, 'ct-buy-credits', 'text', 'opens in a new tab');
      const tab = browser.waitForTarget((t) => t.url().includes('/_emulator/buy/'), WAIT);
      await page.click('ct-buy-credits form .ct-submit');
      const target = await tab;
      assert.ok(target.url().startsWith(`${emulator.url}/_emulator/buy/`), target.url());
      await waitForPart(page, 'ct-buy-credits', 'status', 'The buy-credits page is open in a new tab.');
      assert.equal(await partText(page, 'ct-buy-credits', 'alert'), '');
      assert.deepEqual(errors, []);
    } finally {
      await context.close();
    }
  });

  step('the default theme (Twenty Twenty-Three) does not restyle the forms', async () => {
    // The same element on a bare page of the same origin (no theme CSS; the same theme token
    // as the settings set), against the WordPress page.
    const bare = join(site.contentDir, 'uploads', 'bare.html');
    writeFileSync(
      bare,
      `<!doctype html><html lang="en"><meta charset="utf-8"><style>ct-connect{--ct-color-primary:${PRIMARY}}</style><script type="module" src="/wp-content/plugins/ct-connect/assets/cdn/ct-connect.min.js"></script><ct-connect endpoint="/wp-json/ct-connect/v1/connect"><ct-login></ct-login></ct-connect>`,
    );
    const styles = async (url: string, extraCss?: string) => {
      const page = await browser.newPage();
      try {
        await page.goto(url, { waitUntil: 'load' });
        if (extraCss) await page.addStyleTag({ content: extraCss });
        await page.waitForSelector('ct-login form .ct-submit', WAIT);
        return await page.evaluate(() => {
          const props = [
            'font-family',
            'font-size',
            'font-weight',
            'color',
            'background-color',
            'border-top-width',
            'border-top-style',
            'border-top-left-radius',
            'padding-top',
            'padding-left',
            'text-transform',
            'box-shadow',
            'line-height',
          ];
          const login = document.querySelector('ct-login')!;
          const base = parseFloat(getComputedStyle(login).fontSize);
          const nodes: Record<string, Element> = {
            input: login.querySelector('form input[name="user"]')!,
            submit: login.querySelector('form .ct-submit')!,
            label: login.querySelector('form label')!,
          };
          const out: Record<string, string> = {};
          for (const [name, node] of Object.entries(nodes)) {
            const style = getComputedStyle(node);
            for (const prop of props) out[`${name} ${prop}`] = style.getPropertyValue(prop);
            // Text size follows the page's by design (the elements inherit it): compared
            // as a ratio to the size the element itself inherits.
            for (const prop of ['font-size', 'line-height'])
              out[`${name} ${prop}`] = (parseFloat(style.getPropertyValue(prop)) / base).toFixed(3);
          }
          return out;
        });
      } finally {
        await page.close();
      }
    };
    // The theme token set in the settings changes the button on the WordPress page only.
    const themed = await styles(pages['account']!);
    const plain = await styles(`${site.url}/wp-content/uploads/bare.html`);
    const differ = Object.keys(plain).filter(
      (key) =>
        plain[key] !== themed[key] && !(key === 'submit background-color' || key === 'input box-shadow'),
    );
    assert.deepEqual(
      differ.map((key) => `${key}: ${plain[key]} → ${themed[key]}`),
      [],
      'computed styles that the theme changed',
    );
    // A control for the check itself: it sees what does reach the forms, a theme token.
    const control = await styles(
      pages['account']!,
      'ct-connect.ct-connect-wp { --ct-color-primary: rgb(1, 2, 3); }',
    );
    assert.equal(control['submit background-color'], 'rgb(1, 2, 3)', 'the control rule was not seen');
    assert.equal(themed['submit background-color'], PRIMARY, 'the theme token from the settings');
    rmSync(bare);
  });

  step(
    'hostile shortcode attribute values are escaped, and attributes the plugin owns are refused',
    async () => {
      // What the plugin makes of values WordPress's shortcode parser hands it as they are.
      const render = async (text: string) => String(await site.wp('shortcode', text));
      const notice =
        '<p class="ct-connect-emulator-notice" role="note">Emulator mode: these forms talk to a Connect API emulator, not to Clickatell. No real account is created and no message is sent.</p>';
      assert.equal(
        await render(
          `[ct_terms label='"><img src=x onerror=alert(1)>' country-id="1' onmouseover='alert(2)" format="html onload=x"]`,
        ),
        `${notice}<ct-connect class="ct-connect-wp" endpoint="/wp-json/ct-connect/v1/connect" locale="en-US"><ct-terms label="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" country-id="1&#039; onmouseover=&#039;alert(2)"></ct-terms></ct-connect>`,
      );
      const tag = async (text: string) => (await render(text)).match(/<ct-(?!connect)[^>]*>/)![0];
      assert.equal(
        await tag(`[ct_login endpoint="https://evil.example/steal" locale="fr"]`),
        '<ct-login locale="fr">',
      );
      assert.equal(
        await tag(
          `[ct_register_form activation-redirect="https://evil.example/" test-mode="yes" terms_format="html"]`,
        ),
        '<ct-register-form test-mode terms-format="html">',
      );
      assert.equal(
        await tag(`[ct_register_form activation-redirect="${site.url}/welcome/?a=1&b=2" force-create="0"]`),
        `<ct-register-form activation-redirect="${site.url}/welcome/?a=1&amp;b=2">`,
      );
      assert.equal(await tag(`[ct_sms_activate cooldown="30;alert(1)"]`), '<ct-sms-activate>');
      assert.equal(await tag(`[ct_sms_activate cooldown="45"]`), '<ct-sms-activate cooldown="45">');
      assert.equal(
        await tag(`[ct_buy_credits allow-http-origin="http://evil.example"]`),
        `<ct-buy-credits allow-http-origin="${emulator.url}">`,
      );

      // A page with hostile values, as an author writes them: in the browser they arrive as
      // text and nothing runs.
      const content = [
        `[ct_terms label='x" autofocus onfocus="window.__pwned=1' country-id="1' onmouseover='window.__pwned=2"]`,
        `[ct_captcha label='"><img src=x onerror=window.__pwned=3>']`,
        `[ct_login locale="fr&quot; onfocus=&quot;window.__pwned=4"]`,
      ].join('\n\n');
      const made = (await site.wp('page', 'Hostile', content)) as { url: string };
      const page = await browser.newPage();
      try {
        await page.goto(made.url, { waitUntil: 'load' });
        await page.waitForFunction(() => customElements.get('ct-terms'), WAIT);
        const seen = await page.evaluate(() => ({
          terms: [...document.querySelector('ct-terms')!.attributes].map((a) => `${a.name}=${a.value}`),
          login: [...document.querySelector('ct-login')!.attributes].map((a) => a.name),
          images: document.querySelectorAll('img[src="x"]').length,
          pwned: (window as unknown as { __pwned?: number }).__pwned ?? null,
        }));
        assert.deepEqual(seen, {
          terms: [
            'label=x" autofocus onfocus="window.__pwned=1',
            "country-id=1' onmouseover='window.__pwned=2",
          ],
          login: ['locale'],
          images: 0,
          pwned: null,
        });
      } finally {
        await page.close();
      }
    },
  );
  step(
    "the block renders the element it names inside the page's one provider, and is offered in the editor",
    async () => {
      const made = (await site.wp(
        'page',
        'Blocks',
        '<!-- wp:ct-connect/element {"element":"ct-sms-activate","locale":"fr"} /-->\n<!-- wp:paragraph --><p>Between</p><!-- /wp:paragraph -->\n<!-- wp:ct-connect/element /-->\n<!-- wp:ct-connect/element {"element":"ct-nonsense"} /-->',
      )) as { url: string };
      const html = await (await fetch(made.url)).text();
      assert.equal(html.match(/<ct-connect\b/g)?.length, 1, 'one <ct-connect> provider');
      assert.match(
        html,
        /<ct-connect [^>]*>[^]*<ct-sms-activate locale="fr"><\/ct-sms-activate>[^]*Between[^]*<ct-login><\/ct-login>[^]*<\/ct-connect>/,
      );
      assert.ok(!html.includes('ct-nonsense'), 'an unknown element is not rendered');
      assert.equal(
        html.match(
          /<script[^>]*ct-connect\.min\.js[^>]*type="module"|<script type="module"[^>]*ct-connect\.min\.js/g,
        )?.length,
        1,
      );

      const { context, page } = await adminPage('admin', site.adminPassword);
      try {
        await page.goto(`${site.url}/wp-admin/post-new.php?post_type=page`, { waitUntil: 'load' });
        const block = await page.waitForFunction(
          () => {
            const type = (
              window as unknown as {
                wp?: { blocks?: { getBlockType(name: string): { title: string } | undefined } };
              }
            ).wp?.blocks?.getBlockType('ct-connect/element');
            return type?.title;
          },
          { timeout: 60_000 },
        );
        assert.equal(await block.jsonValue(), 'ct-connect form');
        // Signed in to WordPress (its cookies sent, no REST nonce): the relay has no session of
        // its own for this browser, and WordPress does not refuse the call.
        const session = await page.evaluate(async () => {
          const res = await fetch('/wp-json/ct-connect/v1/connect/session', {
            headers: { 'X-CT-Connect': '1' },
          });
          return [res.status, await res.json()];
        });
        assert.deepEqual(session, [200, { user: null }]);
      } finally {
        await context.close();
      }
    },
  );

  step('the REST route passes the conformance suite', async (t) => {
    // A fresh relay state: the journey left rate-limit counts behind.
    rmSync(join(site.contentDir, 'ct-connect-relay'), { recursive: true, force: true });
    const reset = await fetch(`${emulator.url}/_emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(reset.status, 200, 'the emulator was reset');
    const relay = `${site.url}/wp-json/ct-connect/v1/connect`;
    let stdout = '';
    try {
      ({ stdout } = await run(
        process.execPath,
        [
          'bin/ct-connect.js',
          'conformance',
          '--relay',
          relay,
          '--admin',
          emulator.url,
          '--origin',
          ALLOWED,
          '--token',
          EMULATOR_TOKEN,
        ],
        { maxBuffer: 10_000_000 },
      ));
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string };
      assert.fail(
        `conformance failed:\n${(e.stdout ?? '')
          .split('\n')
          .filter((l) => !l.startsWith('pass'))
          .join('\n')}\n${e.stderr ?? ''}`,
      );
    }
    assert.doesNotMatch(stdout, /^FAIL/m);
    const passed = stdout.split('\n').filter((line) => line.startsWith('pass')).length;
    const skipped = stdout.split('\n').filter((line) => line.startsWith('skip'));
    t.diagnostic(`conformance: ${passed} checks passed; skipped: ${skipped.join('; ') || 'none'}`);
    assert.ok(passed >= 20, `only ${passed} checks passed`);
  });

  step(
    'with the emulator down, a call answers 502 upstream_unreachable (the check the suite needs a second relay for)',
    async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const { port } = probe.address() as AddressInfo;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      await site.wp(
        'settings',
        JSON.stringify({ emulator_url: `http://127.0.0.1:${port}/${EMULATOR_TOKEN}` }),
      );
      const res = await fetch(`${site.url}/wp-json/ct-connect/v1/connect`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
        body: JSON.stringify({ action: 'get_captcha', params: {} }),
      });
      const text = await res.text();
      assert.equal(res.status, 502, text);
      assert.equal(
        (JSON.parse(text) as { errors: { code: string }[] }).errors[0]!.code,
        'upstream_unreachable',
      );
      assert.ok(!text.includes(EMULATOR_TOKEN), 'the answer carries the token');
    },
  );

  step(
    'with the emulator silent, a call answers 504 upstream_timeout once the timeout has passed',
    async () => {
      const silent = await listenWith(() => {});
      try {
        await site.wp('settings', JSON.stringify({ emulator_url: `${silent.url}/${EMULATOR_TOKEN}` }));
        await site.wp('set-option', 'ct_connect_test_timeout_ms', '1000');
        const res = await fetch(`${site.url}/wp-json/ct-connect/v1/connect`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
          body: JSON.stringify({ action: 'get_captcha', params: {} }),
        });
        const text = await res.text();
        assert.equal(res.status, 504, text);
        assert.equal(
          (JSON.parse(text) as { errors: { code: string }[] }).errors[0]!.code,
          'upstream_timeout',
        );
      } finally {
        await silent.close();
      }
    },
  );

  step(
    'in live mode the relay calls the API with the saved token, and pages no longer mention the emulator',
    async () => {
      await site.wp('settings', JSON.stringify({ mode: 'live' }));
      await site.wp('set-option', 'ct_connect_test_timeout_ms', '0');
      // An emulator that accepts the saved live token only stands in for the Connect API's
      // address (through the test site's filter).
      const api = await serveLazy((origin) => createEmulator({ tokens: [LIVE_TOKEN], origin }));
      try {
        await site.wp('set-option', 'ct_connect_test_upstream', api.url);
        const res = await fetch(`${site.url}/wp-json/ct-connect/v1/connect`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-ct-connect': '1' },
          body: JSON.stringify({ action: 'get_list_account', params: {} }),
        });
        const text = await res.text();
        assert.equal(res.status, 200, text);
        assert.equal((JSON.parse(text) as { ok: boolean }).ok, true, text);
        assert.ok(!text.includes(LIVE_TOKEN), 'the answer carries the token');
      } finally {
        await api.close();
      }
      const html = await (await fetch(pages['account']!)).text();
      assert.ok(!html.includes('Emulator mode'), 'the page still says emulator mode');
      assert.ok(!html.includes('allow-http-origin'), "buy-credits still allows the emulator's http page");
    },
  );

  step('uninstalling removes the options', async () => {
    assert.deepEqual(await site.wp('uninstall'), { deleted: true });
    for (const name of ['ct_connect_token', 'ct_connect_session_secret', 'ct_connect_settings'])
      assert.equal(await site.wp('option', name), null, name);
    assert.equal(existsSync(join(site.contentDir, 'ct-connect-relay')), false);
  });
});

/**
 * The two journeys of issue 4, end to end in the browser: one page with the real elements
 * inside `<ct-connect endpoint="/connect">`, driven the way a person drives them (real
 * keyboard input into the real fields, Enter or a click on the real buttons), against the
 * test runner's real relay and its in-process emulator. The only things read behind the
 * user's back are what a person would read elsewhere: the captcha answer (from the
 * emulator's admin API, as the picture cannot be read here), the activation email and the
 * SMS (from the emulator's outbox).
 *
 * Each journey is a sequence of steps sharing one page; after a failed step the rest of
 * its journey is skipped, so the first failure is the one reported.
 */
import { expect, html } from '@open-wc/testing';
import { resetMouse, sendKeys } from '@web/test-runner-commands';
import { render, type TemplateResult } from 'lit';
import '../../src/elements/connect/define.ts';
import '../../src/elements/register-form/define.ts';
import '../../src/elements/login/define.ts';
import '../../src/elements/sms-activate/define.ts';
import '../../src/elements/buy-credits/define.ts';
import '../../src/elements/create-connection/define.ts';
import { CT_EVENTS } from '../../src/elements/internal/events.ts';
import { createAccount, outbox, resetEmulator, username } from '../elements/helpers.ts';
import { clickOn, shownCaptcha, solve, typeInto, until } from './drive.ts';

// journeys-php.test.ts runs these same journeys against the PHP relay, at its own endpoint.
const ENDPOINT = (globalThis as { ctJourneyEndpoint?: string }).ctJourneyEndpoint ?? '/connect';
const PASSWORD = 'Secret123';
const STEP_TIMEOUT_MS = 30_000;

// ---- reading the page ------------------------------------------------------------------

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const field = <T extends HTMLElement = HTMLInputElement>(el: Element, name: string) =>
  el.querySelector<T>(`form [name="${name}"]`);
/** The submit button of the form holding `name` (or of the element's only form). */
const submitOf = (el: Element, name?: string) =>
  (name ? field(el, name)!.form! : el.querySelector('form')!).querySelector<HTMLButtonElement>('.ct-submit')!;

// ---- driving the page as a person does ---------------------------------------------------

/** Focuses a select and types the start of an option's text, as a keyboard user chooses. */
async function chooseByTyping(select: HTMLSelectElement, label: string): Promise<void> {
  select.focus();
  await sendKeys({ type: label });
  expect(select.selectedOptions[0]?.textContent?.trim(), select.name).to.equal(label);
}

/** The text of the terms the sign-up form shows (in its embedded `<ct-terms>`). */
const termsShown = (el: Element) =>
  el.querySelector('ct-terms')?.shadowRoot?.querySelector('[part~="content"]')?.textContent?.trim();

// ---- the page ------------------------------------------------------------------------------

interface Page {
  root: HTMLElement;
  register: HTMLElement;
  login: HTMLElement;
  sms: HTMLElement;
  credits: HTMLElement;
  connection: HTMLElement;
  events: { type: string; detail: unknown }[];
  remove(): void;
}

const pageTemplate = (): TemplateResult =>
  html`<ct-connect endpoint=${ENDPOINT}>
    <main>
      <ct-register-form></ct-register-form>
      <ct-login></ct-login>
      <ct-sms-activate></ct-sms-activate>
      <ct-buy-credits></ct-buy-credits>
      <ct-create-connection></ct-create-connection>
    </main>
  </ct-connect>`;

/** Mounts the page (not with fixture(): a journey's steps share it across tests). */
function openPage(): Page {
  const root = document.createElement('div');
  document.body.append(root);
  render(pageTemplate(), root);
  const events: Page['events'] = [];
  const record = (e: Event) => events.push({ type: e.type, detail: (e as CustomEvent).detail });
  for (const name of CT_EVENTS) root.addEventListener(name, record);
  const q = (tag: string) => root.querySelector<HTMLElement>(tag)!;
  return {
    root,
    register: q('ct-register-form'),
    login: q('ct-login'),
    sms: q('ct-sms-activate'),
    credits: q('ct-buy-credits'),
    connection: q('ct-create-connection'),
    events,
    remove() {
      for (const name of CT_EVENTS) root.removeEventListener(name, record);
      render(null, root);
      root.remove();
    },
  };
}

/**
 * A "reload": the page-wide stores forget everything (as a new document would), so a fresh
 * `<ct-connect>` must ask the relay who is signed in.
 */
function forgetPageState(): void {
  const registry = (globalThis as unknown as Record<symbol, Map<string, unknown> | undefined>)[
    Symbol.for('ct-connect.stores')
  ];
  registry?.clear();
}

/** Skips the rest of a journey once a step has failed. */
function journey(): void {
  let broken = false;
  beforeEach(function () {
    if (broken) this.skip();
  });
  afterEach(function () {
    if (this.currentTest?.state === 'failed') broken = true;
  });
}

const noPassword = (events: Page['events'], password: string) => {
  for (const { type, detail } of events)
    expect(JSON.stringify(detail ?? null), `${type} detail`).not.to.contain(password);
};

// ---- journey 1 ------------------------------------------------------------------------------

describe('journey 1: sign up, activate, sign in, confirm the mobile, buy credits, add a connection', function () {
  this.timeout(STEP_TIMEOUT_MS);
  journey();

  const user = username('journey');
  const email = `${user}@example.com`;
  const mobile = '27821234567';
  let page: Page;
  let buyUrl: URL | undefined;
  const tabs: HTMLIFrameElement[] = [];

  before(async () => {
    await resetEmulator();
    page = openPage();
  });

  after(async () => {
    await resetMouse();
    page?.remove();
    for (const frame of tabs.splice(0)) frame.remove();
    // Leave no session behind for the next journey or test file.
    await resetEmulator();
  });

  it('shows the sign-up form with a captcha, and every other element asks to sign in first', async () => {
    await until(() => field(page.register, 'fname'), 'no sign-up form');
    await shownCaptcha(page.register);
    await until(() => field(page.login, 'user'), 'no sign-in form');
    await until(
      () => text(page.sms, 'text').includes('Sign in first'),
      'SMS activation does not say to sign in',
    );
    await until(
      () => text(page.credits, 'text') === 'Sign in to buy credits.',
      'buy credits does not say to sign in',
    );
    await until(
      () => text(page.connection, 'text') === 'Sign in to add a connection.',
      'create connection does not say to sign in',
    );
  });

  it('signs up with the captcha and sees "Check your email"', async () => {
    const el = page.register;
    await typeInto(field(el, 'fname')!, 'Ada');
    await typeInto(field(el, 'sname')!, 'Lovelace');
    await typeInto(field(el, 'email_address')!, email);
    await typeInto(field(el, 'company')!, 'Analytical Engines');
    const country = await until(() => {
      const s = field<HTMLSelectElement>(el, 'country_id');
      return s && s.options.length > 1 ? s : undefined;
    }, 'no countries listed');
    await chooseByTyping(country, 'South Africa');
    // The dial prefix is filled in for the chosen country; the user types the rest.
    const number = field(el, 'mobile_number')!;
    await until(() => number.value === '27', 'the dial prefix was not filled in');
    number.focus();
    await sendKeys({ press: 'End' });
    await sendKeys({ type: mobile.slice(2) });
    expect(number.value).to.equal(mobile);
    // The account type is optional (the API's default applies): left as it is.
    await typeInto(field(el, 'user')!, user);
    await typeInto(field(el, 'password')!, PASSWORD);
    const terms = await until(() => termsShown(el), 'the terms are not shown');
    expect(terms).to.match(/terms/i);
    const accept = field(el, 'accept_terms')!;
    await clickOn(accept);
    expect(accept.checked, 'terms accepted').to.equal(true);
    const captcha = await shownCaptcha(el);
    await solve(captcha);
    await sendKeys({ press: 'Enter' });
    await until(() => text(el, 'title') === 'Check your email', 'no "Check your email"');
    expect(text(el, 'text')).to.contain(email);
    expect(el.querySelector('form'), 'the form is gone').to.equal(null);
    expect(text(el, 'alert')).to.equal('');
  });

  it('opens the activation link from the email', async () => {
    const mail = await until(
      async () => (await outbox()).find((m) => m.type === 'email' && m.to === email && m.link),
      'no activation email in the outbox',
    );
    expect(mail.text).to.contain(user);
    // The link points at the emulator; on this test server it lives at the same path.
    const link = new URL(mail.link!);
    expect(link.pathname).to.match(/^\/_emulator\/activate\//);
    const res = await fetch(link.pathname + link.search, { redirect: 'manual' });
    expect(res.status, 'the activation page').to.equal(200);
    expect(await res.text()).to.match(/activated/i);
  });

  it('signs in and sees "Signed in as" the new user', async () => {
    const el = page.login;
    await typeInto(field(el, 'user')!, user);
    await typeInto(field(el, 'password')!, PASSWORD);
    await clickOn(submitOf(el));
    await until(() => part(el, 'button')?.textContent?.trim() === 'Sign out', 'no sign-out button');
    await until(
      () =>
        text(el, 'text').includes(`Signed in as ${user}.`) ||
        text(el, 'status').includes(`Signed in as ${user}.`),
      'does not say who is signed in',
    );
    expect(el.querySelector('form'), 'the sign-in form is gone').to.equal(null);
    // The other elements now know the user.
    await until(
      () => text(page.credits, 'text').includes('opens in a new tab'),
      'buy credits still asks to sign in',
    );
    await until(
      () => text(page.connection, 'text').startsWith('A connection lets'),
      'create connection still asks to sign in',
    );
  });

  it('is asked to confirm the mobile number, gets the code by SMS and confirms it', async () => {
    const el = page.sms;
    await until(() => text(el, 'text').includes("isn't confirmed yet"), 'not asked to confirm the number');
    expect(text(el, 'alert'), 'no error for "not confirmed yet"').to.equal('');
    const send = await until(
      () => field(el, 'mobile_number') && submitOf(el, 'mobile_number'),
      'no send form',
    );
    expect(send.textContent!.trim()).to.equal('Send the code');
    const before = (await outbox()).filter((m) => m.type === 'sms').length;
    await clickOn(send);
    await until(() => /sent you a code/.test(text(el, 'status')), 'no "we sent you a code"');
    const sms = await until(async () => {
      const all = (await outbox()).filter((m) => m.type === 'sms');
      return all.length > before ? all.at(-1) : undefined;
    }, 'no SMS in the outbox');
    expect(sms.to).to.equal(mobile);
    expect(sms.code).to.match(/^\d{6}$/);
    const code = field(el, 'sms_activation_code')!;
    // Focus moved to the code field: the user just types it and presses Enter.
    await until(() => document.activeElement === code, 'focus did not move to the code field');
    await sendKeys({ type: sms.code! });
    expect(code.value).to.equal(sms.code);
    await sendKeys({ press: 'Enter' });
    await until(
      () => text(el, 'status') === 'Thank you: your mobile number is confirmed.',
      'no "your mobile number is confirmed"',
    );
    expect(el.querySelector('form'), 'the forms are gone').to.equal(null);
    expect(text(el, 'alert')).to.equal('');
  });

  it('opens the one-off buy-credits page of the emulator in a new tab', async () => {
    const el = page.credits;
    // A headless popup cannot be looked into: the "tab" is a same-origin frame, and the
    // link the element clicks in it is recorded instead of followed.
    const frame = document.createElement('iframe');
    frame.title = 'stand-in for the new tab';
    document.body.append(frame);
    tabs.push(frame);
    const tab = frame.contentWindow!;
    const opened: { href: string; rel: string }[] = [];
    tab.document.addEventListener(
      'click',
      (e) => {
        const a = (e.target as Element).closest('a');
        if (!a) return;
        opened.push({ href: a.href, rel: a.rel });
        e.preventDefault();
      },
      true,
    );
    const real = window.open;
    const asked: unknown[][] = [];
    window.open = (...args: unknown[]) => {
      asked.push(args);
      return tab;
    };
    try {
      const button = submitOf(el);
      expect(button.textContent!.trim()).to.equal('Buy credits');
      await clickOn(button);
      await until(
        () => text(el, 'status') === 'The buy-credits page is open in a new tab.',
        'no "page is open"',
      );
    } finally {
      window.open = real;
    }
    expect(asked, 'one new tab').to.have.length(1);
    expect(asked[0]![1]).to.equal('_blank');
    expect(opened, 'the tab was sent to one URL').to.have.length(1);
    const url = (buyUrl = new URL(opened[0]!.href));
    expect(url.protocol).to.equal('https:');
    expect(url.pathname).to.match(/^\/_emulator\/buy\/[^/]+$/);
    expect(opened[0]!.rel).to.contain('noopener');
    expect(opened[0]!.rel).to.contain('noreferrer');
    expect(text(el, 'alert')).to.equal('');
    // The emulator's page is served on this test server at the same path; it works once.
    const res = await fetch(url.pathname);
    expect(res.status, 'the buy page').to.equal(200);
    expect(await res.text()).to.match(/credit/i);
    expect((await fetch(url.pathname)).status, 'the buy page a second time').to.equal(410);
  });

  it('adds an API connection and sees its 7-digit API ID', async () => {
    const el = page.connection;
    const types = await until(() => {
      const s = field<HTMLSelectElement>(el, 'connection_id');
      return s && s.options.length > 1 ? s : undefined;
    }, 'no connection types listed');
    expect(types.selectedOptions[0]?.textContent?.trim(), 'a type is chosen').not.to.equal('');
    await typeInto(field(el, 'api_description')!, 'Journey test');
    await clickOn(submitOf(el));
    const apiId = await until(() => part(el, 'api-id')?.textContent?.trim(), 'no API ID shown');
    expect(apiId).to.match(/^\d{7}$/);
    expect(text(el, 'status')).to.equal('Connection added.');
    expect(text(el, 'alert')).to.equal('');
  });

  it('fired ct-registered, ct-authenticated, ct-sms-code-sent, ct-sms-activated, ct-buy-credits-opened, ct-connection-created in that order, none with the password', () => {
    expect(page.events.map((e) => e.type)).to.deep.equal([
      'ct-registered',
      'ct-authenticated',
      'ct-sms-code-sent',
      'ct-sms-activated',
      'ct-buy-credits-opened',
      'ct-connection-created',
    ]);
    const [registered, authenticated, codeSent, activated, opened, created] = page.events.map(
      (e) => e.detail,
    );
    expect(registered).to.deep.equal({ user, emailAddress: email, testMode: false });
    expect(authenticated).to.have.property('user', user);
    expect((authenticated as { userNumber: string }).userNumber).to.match(/^\d+$/);
    expect(codeSent).to.deep.equal({ user });
    expect(activated).to.deep.equal({ user });
    expect(opened, 'only the origin of the one-off URL').to.deep.equal({ origin: buyUrl!.origin });
    expect((created as { apiId: string }).apiId).to.equal(text(page.connection, 'api-id'));
    noPassword(page.events, PASSWORD);
  });

  it('after a reload, the page shows the user still signed in (from the relay session)', async () => {
    page.remove();
    forgetPageState();
    performance.clearResourceTimings();
    page = openPage();
    const login = page.login;
    await until(() => part(login, 'button')?.textContent?.trim() === 'Sign out', 'not shown as signed in');
    expect(text(login, 'text')).to.equal(`Signed in as ${user}.`);
    expect(login.querySelector('form'), 'no sign-in form').to.equal(null);
    // The fresh page asked the relay who is signed in.
    const asked = performance
      .getEntriesByType('resource')
      .filter((entry) => new URL(entry.name).pathname === `${ENDPOINT}/session`);
    expect(asked.length, 'GET /connect/session').to.be.greaterThan(0);
    await until(
      () => text(page.sms, 'text') === `Your mobile number ${mobile} is confirmed.`,
      'the SMS element does not show the number confirmed',
    );
    await until(
      () => text(page.credits, 'text').includes('opens in a new tab'),
      'buy credits asks to sign in',
    );
    expect(page.events, 'no events on load').to.deep.equal([]);
  });
});

// ---- journey 2 ------------------------------------------------------------------------------

describe('journey 2: two wrong passwords, then the captcha, then signed in', function () {
  this.timeout(STEP_TIMEOUT_MS);
  journey();

  let page: Page;
  let account: { user: string; password: string };

  before(async () => {
    await resetEmulator();
    account = await createAccount();
    page = openPage();
  });

  after(async () => {
    await resetMouse();
    page?.remove();
    await resetEmulator();
  });

  it('says the username or password is wrong, twice, keeping the username', async () => {
    const el = page.login;
    await until(() => field(el, 'user'), 'no sign-in form');
    for (let attempt = 1; attempt <= 2; attempt++) {
      const errors = page.events.filter((e) => e.type === 'ct-error').length;
      await typeInto(field(el, 'user')!, account.user);
      await typeInto(field(el, 'password')!, `Wrong${attempt}234`);
      await sendKeys({ press: 'Enter' });
      await until(
        () => page.events.filter((e) => e.type === 'ct-error').length > errors,
        `no refusal for wrong password ${attempt}`,
      );
      await until(() => text(el, 'alert').includes('username or password is wrong'), 'no "wrong" message');
      expect(field(el, 'user')!.value).to.equal(account.user);
    }
    expect(el.querySelector('ct-captcha'), 'no captcha yet').to.equal(null);
  });

  it('is shown a captcha, keeping the right password typed, and signs in with its code', async () => {
    const el = page.login;
    await typeInto(field(el, 'password')!, account.password);
    await clickOn(submitOf(el));
    const captcha = await shownCaptcha(el);
    await until(() => /picture/.test(text(el, 'alert')), 'not told to type the picture');
    expect(captcha.shadowRoot!.querySelector('img')!.alt, 'the picture has a text alternative').not.to.equal(
      '',
    );
    expect(field(el, 'user')!.value).to.equal(account.user);
    expect(field(el, 'password')!.value, 'the password typed is kept').to.equal(account.password);
    await solve(captcha);
    await sendKeys({ press: 'Enter' });
    await until(() => part(el, 'button')?.textContent?.trim() === 'Sign out', 'not signed in');
    await until(
      () => `${text(el, 'text')} ${text(el, 'status')}`.includes(`Signed in as ${account.user}.`),
      'does not say who is signed in',
    );
  });

  it('fired ct-error twice and ct-authenticated after the captcha, none with a password', () => {
    const types = page.events.map((e) => e.type);
    expect(types.filter((t) => t === 'ct-authenticated')).to.have.length(1);
    expect(types.at(-1)).to.equal('ct-authenticated');
    const errors = page.events.filter((e) => e.type === 'ct-error').map((e) => e.detail as { code: string });
    expect(errors.slice(0, 2).map((e) => e.code)).to.deep.equal(['404', '404']);
    expect(
      errors.slice(2).map((e) => e.code),
      'the captcha request',
    ).to.deep.equal(['004']);
    const authenticated = page.events.at(-1)!.detail as { user: string; userNumber: string };
    expect(authenticated.user).to.equal(account.user);
    expect(authenticated.userNumber).to.match(/^\d+$/);
    noPassword(page.events, account.password);
    for (let attempt = 1; attempt <= 2; attempt++) noPassword(page.events, `Wrong${attempt}234`);
  });
});

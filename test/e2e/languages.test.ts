/**
 * Both journeys in every bundled language but English: a visitor whose page is in that
 * language signs up (with the captcha), activates the account from the email, signs in
 * and confirms the mobile number by SMS, without meeting a word of English other than
 * names and codes. After each step every text the page shows (text nodes in the light
 * and shadow DOM, option texts, alt, aria-label, title and placeholder attributes) is
 * read: a Latin word that the English tables use and the language's own table does not
 * is English left in place. Text marked as being in another language (the API's English
 * names of account types or unmatched countries, the terms document) is skipped, as it
 * says what it is. Each page is also checked with axe.
 */
import { expect, html } from '@open-wc/testing';
import { resetMouse, sendKeys } from '@web/test-runner-commands';
import { render } from 'lit';
import '../../src/elements/connect/define.ts';
import '../../src/elements/register-form/define.ts';
import '../../src/elements/login/define.ts';
import '../../src/elements/sms-activate/define.ts';
import { en } from '../../src/strings/en.ts';
import { messages } from '../../src/strings/en-messages.ts';
import { BUNDLED, load } from '../../src/strings/locales.ts';
import type { StringTable } from '../../src/strings/index.ts';
import { countryId, outbox, resetEmulator, username } from '../elements/helpers.ts';
import { clickOn, shownCaptcha, solve, typeInto, until } from './drive.ts';

const PASSWORD = 'Secret123';
const TAG: Record<string, string> = { zh: 'zh-Hans' };

// ---- reading the page ------------------------------------------------------------------

const part = (el: Element, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const text = (el: Element, name: string) => part(el, name)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const field = <T extends HTMLElement = HTMLInputElement>(el: Element, name: string) =>
  el.querySelector<T>(`form [name="${name}"]`);
const submitOf = (el: Element, name?: string) =>
  (name ? field(el, name)!.form! : el.querySelector('form')!).querySelector<HTMLButtonElement>('.ct-submit')!;
/** Without the isolation marks right-to-left tables put around values. */
const plain = (s: string | undefined) => (s ?? '').replace(/[\u2066-\u2069]/g, '');

/** The language a node is in: its closest `lang`, across shadow roots. */
function langOf(node: Node): string | undefined {
  let el: Element | null = node instanceof Element ? node : node.parentElement;
  while (el) {
    const marked = el.closest('[lang]');
    if (marked) return marked.getAttribute('lang')!;
    const root = el.getRootNode();
    el = root instanceof ShadowRoot ? root.host : null;
  }
  return undefined;
}

const SHOWN_ATTRIBUTES = ['alt', 'aria-label', 'title', 'placeholder'];

/** Every text the page shows (or reads out), with the language it is marked as. */
function shownTexts(root: Node): { text: string; lang: string | undefined; where: string }[] {
  const found: { text: string; lang: string | undefined; where: string }[] = [];
  const visit = (node: Node): void => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      // Country names are names, some the same in English ("New Caledonia" in Swahili):
      // that they are in the visitor's language is tested on its own (elements/i18n).
      if (parent?.closest('select[name="country_id"]')) return;
      const shown =
        parent && (parent.localName === 'option' || parent.localName === 'pre' || parent.checkVisibility());
      const value = node.textContent!.trim();
      if (shown && value && !['style', 'script'].includes(parent.localName))
        found.push({ text: value, lang: langOf(node), where: parent.localName });
      return;
    }
    if (node instanceof Element) {
      for (const name of SHOWN_ATTRIBUTES) {
        const value = node.getAttribute(name);
        if (value) found.push({ text: value, lang: langOf(node), where: `${node.localName}[${name}]` });
      }
      if (node.shadowRoot) visit(node.shadowRoot);
    }
    for (const child of node.childNodes) visit(child);
  };
  visit(root);
  return found;
}

// Whole words only ("Bután" is not "but"), of three Latin letters or more.
const words = (s: string) =>
  (plain(s).match(/\p{L}+/gu) ?? []).filter((w) => /^[a-z]{3,}$/i.test(w)).map((w) => w.toLowerCase());
const ENGLISH_WORDS = new Set(Object.values({ ...en, ...messages }).flatMap((s) => words(s!)));

/** English words in what the page shows in `lang` (names and codes excepted). */
function englishLeft(root: Node, lang: string, table: StringTable, allowed: string[]): string[] {
  // Words the language's own table uses too (Clickatell, SMS, API, https...) are not leaks.
  const own = new Set([...Object.values(table).flatMap((s) => words(s!)), ...allowed.flatMap(words)]);
  const leaks: string[] = [];
  for (const { text: shown, lang: marked, where } of shownTexts(root)) {
    if (marked !== undefined && marked.toLowerCase() !== lang.toLowerCase()) continue;
    const english = words(shown).filter((w) => ENGLISH_WORDS.has(w) && !own.has(w));
    if (english.length) leaks.push(`${where}: "${shown}" (${english.join(', ')})`);
  }
  return leaks;
}

// ---- the journeys, once per language ----------------------------------------------------------

for (const base of BUNDLED) {
  const lang = TAG[base] ?? base;

  describe(`both journeys in ${lang}, with no English left`, function () {
    this.timeout(60_000);
    let broken = false;
    beforeEach(function () {
      if (broken) this.skip();
    });
    afterEach(function () {
      if (this.currentTest?.state === 'failed') broken = true;
    });

    const user = username('u');
    const email = `${user}@dominio.zz`;
    const mobile = '27821234567';
    let T: StringTable;
    let root: HTMLElement;
    let register: HTMLElement, login: HTMLElement, sms: HTMLElement;
    const noEnglish = () =>
      expect(englishLeft(root, lang, T, [user, email, mobile]), 'English left in place').to.deep.equal([]);

    before(async () => {
      await resetEmulator();
      T = (await load(base))!;
      root = document.createElement('div');
      document.body.append(root);
      render(
        html`<ct-connect endpoint="/connect" locale=${lang}>
          <main>
            <ct-register-form></ct-register-form>
            <ct-login></ct-login>
            <ct-sms-activate></ct-sms-activate>
          </main>
        </ct-connect>`,
        root,
      );
      register = root.querySelector('ct-register-form')!;
      login = root.querySelector('ct-login')!;
      sms = root.querySelector('ct-sms-activate')!;
    });

    after(async () => {
      await resetMouse();
      render(null, root);
      root.remove();
      await resetEmulator();
    });

    it('shows every element in the language', async () => {
      await until(
        () => text(register, 'title') === T['register.title'],
        'the sign-up form is not translated',
      );
      await until(
        () => submitOf(login).textContent!.trim() === T['login.submit'],
        'sign-in is not translated',
      );
      await until(() => text(sms, 'text') === T['sms.signIn'], 'SMS activation is not translated');
      await shownCaptcha(register);
      // The countries are named in the language once their chunk has arrived.
      await until(() => {
        const select = field<HTMLSelectElement>(register, 'country_id');
        return select && [...select.options].slice(1).some((o) => !o.lang);
      }, 'the countries are not named');
      noEnglish();
      await expect(root).to.be.accessible();
    });

    it('says what is wrong with an empty sign-up, in the language', async () => {
      await clickOn(submitOf(register));
      await until(() => text(register, 'alert') === T['fix'], 'no alert');
      await until(() => register.querySelector('.ct-error')?.textContent?.trim(), 'no field error');
      noEnglish();
    });

    it('signs up with the captcha', async () => {
      const el = register;
      await typeInto(field(el, 'fname')!, 'Ada');
      await typeInto(field(el, 'sname')!, 'Lovelace');
      await typeInto(field(el, 'email_address')!, email);
      await typeInto(field(el, 'company')!, 'Analytical Engines');
      const country = field<HTMLSelectElement>(el, 'country_id')!;
      country.focus();
      country.value = await countryId('South Africa');
      country.dispatchEvent(new Event('change', { bubbles: true }));
      const number = field(el, 'mobile_number')!;
      await until(() => number.value === '27', 'the dial prefix was not filled in');
      await typeInto(number, mobile);
      await typeInto(field(el, 'user')!, user);
      await typeInto(field(el, 'password')!, PASSWORD);
      await clickOn(field(el, 'accept_terms')!);
      await solve(await shownCaptcha(el));
      noEnglish();
      await sendKeys({ press: 'Enter' });
      await until(() => text(el, 'title') === T['register.doneTitle'], 'not told to check the email');
      expect(text(el, 'text')).to.contain(email);
      noEnglish();
    });

    it('activates the account from the email, and signs in', async () => {
      const mail = await until(
        async () => (await outbox()).find((m) => m.type === 'email' && m.to === email && m.link),
        'no activation email',
      );
      const link = new URL(mail.link!);
      expect((await fetch(link.pathname + link.search)).status).to.equal(200);
      await typeInto(field(login, 'user')!, user);
      await typeInto(field(login, 'password')!, PASSWORD);
      await clickOn(submitOf(login));
      await until(() => part(login, 'button')?.textContent?.trim() === T['login.signOut'], 'not signed in');
      noEnglish();
    });

    it('confirms the mobile number with the code sent by SMS', async () => {
      await until(() => text(sms, 'text') === T['sms.intro'], 'not asked to confirm the number');
      const send = await until(
        () => field(sms, 'mobile_number') && submitOf(sms, 'mobile_number'),
        'no send form',
      );
      expect(send.textContent!.trim()).to.equal(T['sms.send']);
      noEnglish();
      const before = (await outbox()).filter((m) => m.type === 'sms').length;
      await clickOn(send);
      await until(() => text(sms, 'status') === T['sms.sent'], 'not told the code was sent');
      const message = await until(async () => {
        const all = (await outbox()).filter((m) => m.type === 'sms');
        return all.length > before ? all.at(-1) : undefined;
      }, 'no SMS');
      // The countdown before another code may be asked for, in the language's plural form.
      noEnglish();
      const code = field(sms, 'sms_activation_code')!;
      await until(() => document.activeElement === code, 'focus did not move to the code field');
      await sendKeys({ type: message.code! });
      await sendKeys({ press: 'Enter' });
      await until(() => text(sms, 'status') === T['sms.activated'], 'not told the number is confirmed');
      noEnglish();
      await expect(root).to.be.accessible();
    });
  });
}

describe('the English-leak check itself', () => {
  it('finds an English text left in a page in another language, and passes it when marked English', () => {
    const page = document.createElement('div');
    page.lang = 'de';
    page.innerHTML =
      '<p>Benutzername</p><p>Check the highlighted fields.</p><p lang="en">Check this value.</p>';
    document.body.append(page);
    try {
      const leaks = englishLeft(page, 'de', { required: 'Bitte füllen Sie dieses Feld aus.' }, []);
      expect(leaks).to.deep.equal(['p: "Check the highlighted fields." (check, the, highlighted, fields)']);
    } finally {
      page.remove();
    }
  });
});

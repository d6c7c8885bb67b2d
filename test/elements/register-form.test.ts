import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/register-form/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtRegisterForm } from '../../src/elements/register-form/register-form.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import {
  captchaCode,
  countryId,
  createAccount,
  DOWN_ENDPOINT,
  input,
  outbox,
  part,
  resetEmulator,
  submit,
  text,
  type,
  until,
  username,
} from './helpers.ts';

// The terms are an embedded <ct-terms>: its text lives in its shadow root once loaded.
const terms = (el: HTMLElement) =>
  el.querySelector('ct-terms')?.shadowRoot?.querySelector<HTMLElement>('[part~="content"]');
const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

async function registerForm(template = html`<ct-register-form></ct-register-form>`): Promise<CtRegisterForm> {
  const root = await fixture<HTMLElement>(template);
  const el = (
    root.localName === 'ct-register-form' ? root : root.querySelector('ct-register-form')!
  ) as CtRegisterForm;
  await until(() => el.querySelector('form'), 'no form');
  return el;
}

async function captchaOf(el: HTMLElement): Promise<CtCaptcha> {
  return until(() => {
    const c = el.querySelector('ct-captcha');
    return c?.captchaId ? c : undefined;
  }, 'no captcha');
}

async function chooseCountry(el: CtRegisterForm, name: string): Promise<void> {
  const id = await countryId(name);
  const select = await until(() => {
    const s = input(el, 'country_id') as unknown as HTMLSelectElement;
    return s.options.length > 1 ? s : undefined;
  }, 'no countries');
  type(select, id);
}

/** Fills every field the way a user (or autofill) would. */
async function fillAll(el: CtRegisterForm, user: string, email = `${user}@example.com`): Promise<void> {
  type(input(el, 'fname'), 'José');
  type(input(el, 'sname'), "O'Brien");
  type(input(el, 'email_address'), email);
  type(input(el, 'company'), 'Acme Ltd.');
  await chooseCountry(el, 'South Africa');
  await until(() => input(el, 'mobile_number').value === '27', 'dial prefix not pre-filled');
  type(input(el, 'mobile_number'), '27821234567');
  type(input(el, 'user'), user);
  type(input(el, 'password'), 'Secret123');
  await until(() => terms(el), 'terms never shown');
  const accept = input(el, 'accept_terms');
  accept.click();
  const captcha = await captchaOf(el);
  type(captcha.shadowRoot!.querySelector('input')!, await captchaCode(captcha.captchaId));
}

describe('ct-register-form', () => {
  beforeEach(resetEmulator);

  describe('accessible', () => {
    it('is accessible when empty', async () => {
      const el = await registerForm();
      await captchaOf(el);
      await expect(el).to.be.accessible();
    });

    it('is accessible with every field marked and the terms shown', async () => {
      const el = await registerForm();
      await chooseCountry(el, 'South Africa');
      await until(() => terms(el));
      submit(el).click();
      await until(() => errorOf(el, 'fname'));
      await expect(el).to.be.accessible();
    });

    it('is accessible in the "check your email" view', async () => {
      const el = await registerForm();
      await fillAll(el, username());
      submit(el).click();
      await oneEvent(el, 'ct-registered');
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('renders one real form in the light DOM with every input named after its API parameter', async () => {
      const el = await registerForm();
      const form = el.querySelector('form')!;
      expect(form.getRootNode()).to.equal(document);
      const tokens: Record<string, string> = {
        fname: 'given-name',
        sname: 'family-name',
        email_address: 'email',
        company: 'organization',
        country_id: 'country',
        mobile_number: 'tel',
        user: 'username',
        password: 'new-password',
      };
      for (const [name, token] of Object.entries(tokens)) {
        expect(input(el, name).autocomplete, name).to.equal(token);
        expect(input(el, name).form, name).to.equal(form);
      }
      expect(input(el, 'password').type).to.equal('password');
      expect(input(el, 'fname').required).to.equal(true);
      expect(input(el, 'company').required).to.equal(false);
      // No maxlength: a pasted value is never cut short in silence; its length is checked.
      expect(input(el, 'user').maxLength).to.equal(-1);
      expect(input(el, 'accept_terms').type).to.equal('checkbox');
      const captcha = await captchaOf(el);
      expect(captcha.closest('form')).to.equal(form);
    });

    it('pre-fills the dial prefix for the chosen country and shows its terms', async () => {
      const el = await registerForm();
      await chooseCountry(el, 'France');
      await until(() => input(el, 'mobile_number').value === '33');
      await until(() => terms(el)?.textContent?.includes('terms'));
      expect(el.querySelector('ct-terms')!.countryId).to.equal(await countryId('France'));
    });

    it('signs a user up, then says to check the email, and the activation email is in the outbox', async () => {
      const el = await registerForm();
      const user = username();
      await fillAll(el, user);
      const event = oneEvent(el, 'ct-registered');
      submit(el).click();
      const { detail } = await event;
      expect(detail).to.deep.equal({ user, emailAddress: `${user}@example.com`, testMode: false });
      expect(JSON.stringify(detail)).not.to.contain('Secret123');
      await until(() => part(el, 'title')!.textContent?.trim() === 'Check your email');
      expect(part(el, 'text')!.textContent).to.contain(`${user}@example.com`);
      const mail = (await outbox()).find((m) => m.to === `${user}@example.com`);
      expect(mail?.link).to.be.a('string');
    });
  });

  describe('attributes', () => {
    it('gives its captcha its own endpoint, language and string overrides', async () => {
      const strings = { 'captcha.refresh': 'Une autre image' };
      const el = await registerForm(
        html`<ct-register-form endpoint=${DOWN_ENDPOINT} locale="fr" .strings=${strings}></ct-register-form>`,
      );
      const captcha = el.querySelector('ct-captcha')!;
      // Its picture comes from the element's relay, which is down: no picture from another.
      await until(() => part(captcha, 'alert')?.textContent?.trim(), 'the captcha asked another relay');
      expect(part(captcha, 'image')).to.equal(null);
      expect(part(captcha, 'refresh')!.textContent!.trim()).to.equal('Une autre image');
      // The French table arrives on its own, after the list of languages.
      await until(() => part(captcha, 'label')!.textContent!.includes('caractères'), 'no French label');
    });

    it('test-mode checks the details without creating an account', async () => {
      const el = await registerForm(html`<ct-register-form test-mode></ct-register-form>`);
      expect(part(el, 'text')!.textContent).to.contain('Test mode');
      const user = username();
      await fillAll(el, user);
      const event = oneEvent(el, 'ct-registered');
      submit(el).click();
      expect((await event).detail.testMode).to.equal(true);
      expect((await outbox()).some((m) => m.to === `${user}@example.com`)).to.equal(false);
    });

    it('activation-redirect is sent with the sign-up', async () => {
      const el = await registerForm(
        html`<ct-register-form activation-redirect="https://example.com/welcome"></ct-register-form>`,
      );
      const user = username();
      await fillAll(el, user);
      submit(el).click();
      await oneEvent(el, 'ct-registered');
      const mail = (await outbox()).find((m) => m.to === `${user}@example.com`)!;
      const res = await fetch(new URL(mail.link!).pathname, { redirect: 'manual' });
      expect([301, 302, 303, 307, 0]).to.include(res.status);
    });

    it('force-create opens a second account for an email address that has one', async () => {
      const first = await createAccount();
      const el = await registerForm(html`<ct-register-form force-create></ct-register-form>`);
      await fillAll(el, username(), first.email);
      submit(el).click();
      await oneEvent(el, 'ct-registered');
    });

    it('terms-format="html" shows the terms as sanitised HTML', async () => {
      const el = await registerForm(html`<ct-register-form terms-format="html"></ct-register-form>`);
      await chooseCountry(el, 'South Africa');
      const box = await until(() => (terms(el)?.classList.contains('html') ? terms(el) : undefined));
      expect(box.querySelector('h1, h2, p')).to.be.instanceOf(HTMLElement);
      expect(box.querySelector('script, meta, title')).to.equal(null);
    });
  });

  describe('events', () => {
    it('marks a username that is taken, keeps every value, focuses it and shows a fresh captcha', async () => {
      const taken = await createAccount();
      const el = await registerForm();
      await fillAll(el, taken.user, 'someone.else@example.com');
      const first = el.querySelector('ct-captcha')!.captchaId;
      const event = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await event).detail).to.deep.include({ action: 'register', code: '439' });
      await until(() => errorOf(el, 'user').includes('already taken'));
      await until(() => document.activeElement === input(el, 'user'));
      expect(input(el, 'user').getAttribute('aria-invalid')).to.equal('true');
      expect(input(el, 'fname').value).to.equal('José');
      expect(input(el, 'email_address').value).to.equal('someone.else@example.com');
      expect(input(el, 'password').value).to.equal('Secret123');
      expect(input(el, 'accept_terms').checked).to.equal(true);
      await until(() => el.querySelector('ct-captcha')!.captchaId !== first, 'no fresh captcha');
    });

    it('says a wrong captcha code once, under a new picture, and focuses it', async () => {
      const el = await registerForm();
      await fillAll(el, username());
      const captcha = el.querySelector('ct-captcha')!;
      const right = await captchaCode(captcha.captchaId);
      type(captcha.shadowRoot!.querySelector('input')!, right === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA');
      const event = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await event).detail.code).to.equal('401');
      await until(
        () => part(captcha, 'error')!.textContent!.includes("don't match"),
        'nothing under the captcha',
      );
      expect(text(el, 'alert')).to.equal('Check the highlighted fields.');
      await until(() => document.activeElement === captcha, 'focus is not on the captcha');
      expect(input(el, 'fname').value).to.equal('José');
    });

    it('fires ct-email-activation-sent when the email is sent again', async () => {
      const el = await registerForm();
      const user = username();
      await fillAll(el, user);
      submit(el).click();
      await oneEvent(el, 'ct-registered');
      const before = (await outbox()).length;
      const event = oneEvent(el, 'ct-email-activation-sent');
      part(el, 'button')!.click();
      expect((await event).detail).to.deep.equal({ user });
      await until(() => part(el, 'status')!.textContent!.includes('again'));
      expect((await outbox()).length).to.equal(before + 1);
    });

    it('validates as the user goes, from the protocol constraints', async () => {
      const el = await registerForm();
      const email = input(el, 'email_address');
      type(email, 'not-an-email');
      email.dispatchEvent(new Event('blur'));
      await until(() => errorOf(el, 'email_address').includes('email address'));
      type(email, 'ok@example.com');
      await until(() => errorOf(el, 'email_address') === '');
    });

    it('tidies a mobile number written the way people write it when the field is left', async () => {
      const el = await registerForm();
      const mobile = input(el, 'mobile_number');
      type(mobile, '+27 (83) 123-4567');
      mobile.dispatchEvent(new Event('blur'));
      await until(() => mobile.value === '27831234567', 'the number was not tidied');
      expect(errorOf(el, 'mobile_number')).to.equal('');
    });

    it('keeps a pasted value whole and says when it is too long', async () => {
      const el = await registerForm();
      const email = input(el, 'email_address');
      const long = `${'a'.repeat(60)}@example.com`;
      type(email, long);
      email.dispatchEvent(new Event('blur'));
      await until(() => errorOf(el, 'email_address') === 'Use at most 64 characters.');
      expect(email.value).to.equal(long);
    });

    it('does not call a pre-filled dial prefix too short while errors are shown', async () => {
      const el = await registerForm();
      // Once the lists are in (and a country perhaps pre-selected), the number emptied.
      await until(() => (input(el, 'country_id') as unknown as HTMLSelectElement).options.length > 1);
      type(input(el, 'mobile_number'), '');
      submit(el).click();
      await until(() => errorOf(el, 'mobile_number'), 'no errors after an empty submit');
      await chooseCountry(el, 'France');
      await until(() => input(el, 'mobile_number').value === '33');
      expect(errorOf(el, 'mobile_number')).to.equal('');
    });
  });

  describe('keyboard', () => {
    it('submits with Enter and focuses the first invalid field', async () => {
      const el = await registerForm();
      input(el, 'fname').focus();
      await sendKeys({ type: 'Ada' });
      await sendKeys({ press: 'Enter' });
      await until(() => document.activeElement === input(el, 'sname'));
      expect(part(el, 'alert')!.textContent).to.contain('highlighted');
    });

    it('completes a sign-up by keyboard alone', async () => {
      const el = await registerForm();
      const user = username();
      const code = await captchaCode((await captchaOf(el)).captchaId);
      const countries = await until(() => {
        const s = input(el, 'country_id') as unknown as HTMLSelectElement;
        return s.options.length > 1 ? s : undefined;
      });
      void countries;
      input(el, 'fname').focus();
      const steps: string[] = ['Ada', 'Lovelace', `${user}@example.com`, 'Acme'];
      for (const text of steps) {
        await sendKeys({ type: text });
        await sendKeys({ press: 'Tab' });
      }
      // Country: typing a name selects it in a focused select.
      await sendKeys({ type: 'South Africa' });
      await until(() => input(el, 'mobile_number').value === '27');
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: '821234567' });
      await sendKeys({ press: 'Tab' });
      if (document.activeElement === input(el, 'account_id')) await sendKeys({ press: 'Tab' });
      await sendKeys({ type: user });
      await sendKeys({ press: 'Tab' });
      await sendKeys({ type: 'Secret123' });
      await sendKeys({ press: 'Tab' }); // Show password
      await until(() => terms(el));
      await sendKeys({ press: 'Tab' }); // the terms box
      await sendKeys({ press: 'Tab' }); // accept
      await sendKeys({ press: 'Space' });
      expect(input(el, 'accept_terms').checked).to.equal(true);
      await sendKeys({ press: 'Tab' }); // New picture
      await sendKeys({ press: 'Tab' }); // captcha code
      await sendKeys({ type: code });
      const event = oneEvent(el, 'ct-registered');
      await sendKeys({ press: 'Enter' });
      expect((await event).detail.user).to.equal(user);
    });
  });

  describe('failures', () => {
    it('tells the user the server cannot be reached, keeping what was typed', async () => {
      const el = await registerForm(html`<ct-register-form endpoint=${DOWN_ENDPOINT}></ct-register-form>`);
      await until(() => part(el, 'alert')!.textContent!.includes('connection'));
      type(input(el, 'fname'), 'Ada');
      expect(input(el, 'fname').value).to.equal('Ada');
    });

    it('tells the user to try again when the service is too slow, keeping what was typed', async () => {
      const el = await registerForm(html`<ct-register-form endpoint="/connect-slow"></ct-register-form>`);
      type(input(el, 'fname'), 'Ada');
      await until(() => part(el, 'alert')!.textContent!.includes('too long'));
      expect(input(el, 'fname').value).to.equal('Ada');
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      const el = await registerForm(html`<ct-register-form locale="fr"></ct-register-form>`);
      await until(() => submit(el).textContent?.trim() === 'Créer le compte', 'no French');
      expect(input(el, 'fname').labels![0]!.textContent).to.contain('Prénom');
      await captchaOf(el);
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left', async () => {
      const el = await registerForm(
        html`<ct-connect locale="ar"><ct-register-form></ct-register-form></ct-connect>`,
      );
      await until(() => submit(el).textContent?.trim() === 'إنشاء الحساب', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      expect(el.querySelector('form')!.dir).to.equal('rtl');
      await captchaOf(el);
      await expect(el).to.be.accessible();
    });
  });
});

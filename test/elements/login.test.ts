import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/login/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtLogin } from '../../src/elements/login/login.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import {
  captchaCode,
  createAccount,
  DOWN_ENDPOINT,
  input,
  outbox,
  part,
  resetEmulator,
  submit,
  type,
  until,
  username,
} from './helpers.ts';

const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

async function login(template = html`<ct-login></ct-login>`): Promise<CtLogin> {
  const el = await fixture<CtLogin>(template);
  const found = el.localName === 'ct-login' ? el : el.querySelector('ct-login')!;
  await until(() => found.querySelector('form'), 'no form');
  return found;
}

async function fill(el: CtLogin, user: string, password: string): Promise<void> {
  type(input(el, 'user'), user);
  type(input(el, 'password'), password);
}

async function loadedCaptcha(el: HTMLElement): Promise<CtCaptcha> {
  return until(() => {
    const c = el.querySelector('ct-captcha');
    return c?.captchaId ? c : undefined;
  }, 'no captcha');
}

describe('ct-login', () => {
  beforeEach(resetEmulator);

  describe('accessible', () => {
    it('is accessible when empty', async () => {
      const el = await login();
      await expect(el).to.be.accessible();
    });

    it('is accessible with fields marked after an empty submit', async () => {
      const el = await login();
      submit(el).click();
      await until(() => errorOf(el, 'user'));
      await expect(el).to.be.accessible();
    });

    it('is accessible with the captcha shown, the forgot-password view and the resend view', async () => {
      const account = await createAccount({ activate: false });
      const el = await login();
      await fill(el, account.user, account.password);
      submit(el).click();
      await until(() => input(el, 'email_address'), 'no resend view');
      await expect(el).to.be.accessible();
      part(el, 'link')!.click();
      await until(() => part(el, 'link')!.textContent!.includes('Forgot'));
      part(el, 'link')!.click();
      await loadedCaptcha(el);
      await expect(el).to.be.accessible();
    });

    it('is accessible when signed in', async () => {
      const account = await createAccount();
      const el = await login();
      await fill(el, account.user, account.password);
      submit(el).click();
      await until(() => part(el, 'button'), 'never signed in');
      expect(part(el, 'title')!.textContent!.trim(), 'a heading for who is signed in').to.equal(
        'Your account',
      );
      // On the heading, where a second Enter does nothing (issue 9, defect 5).
      await until(() => el.shadowRoot!.activeElement === part(el, 'title'), 'focus was dropped');
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('renders a real form in the light DOM that password managers recognise', async () => {
      const el = await login();
      const form = el.querySelector('form')!;
      expect(form.getRootNode()).to.equal(document);
      expect(form.slot).to.equal('form');
      const user = input(el, 'user');
      const password = input(el, 'password');
      expect(user.form).to.equal(form);
      expect(user.autocomplete).to.equal('username');
      expect(user.type).to.equal('text');
      expect(password.form).to.equal(form);
      expect(password.autocomplete).to.equal('current-password');
      expect(password.type).to.equal('password');
      expect(submit(el).type).to.equal('submit');
      expect(user.labels![0]!.textContent).to.contain('Username');
      expect(el.querySelector('ct-captcha')).to.equal(null);
    });

    it('signs in with what a password manager filled in', async () => {
      const account = await createAccount();
      const el = await login();
      // Autofill sets the value and fires input and change on the light-DOM inputs.
      await fill(el, account.user, account.password);
      const event = oneEvent(el, 'ct-authenticated');
      submit(el).click();
      const { detail } = await event;
      expect(detail.user).to.equal(account.user);
      expect(detail.userNumber).to.match(/^\d+$/);
      expect(JSON.stringify(detail)).not.to.contain(account.password);
      await until(
        () =>
          part(el, 'text')?.textContent?.includes(account.user) ||
          part(el, 'status')!.textContent!.includes(account.user),
      );
    });

    it('shows who is signed in after a reload, from the relay session', async () => {
      const account = await createAccount();
      const first = await login();
      await fill(first, account.user, account.password);
      submit(first).click();
      await oneEvent(first, 'ct-authenticated');
      // Another page of the site: a fresh store asks the relay.
      const { storeFor } = await import('../../src/context/connect-store.ts');
      await storeFor('/connect').load(true);
      const el = await fixture<CtLogin>(html`<ct-login></ct-login>`);
      await until(() => part(el, 'button'));
      expect(el.querySelector('form')).to.equal(null);
    });
  });

  describe('attributes', () => {
    it('works alone with its own endpoint and inside <ct-connect>', async () => {
      const alone = await login(html`<ct-login endpoint="/connect"></ct-login>`);
      expect(input(alone, 'user')).to.be.instanceOf(HTMLInputElement);
      const inside = await login(html`<ct-connect endpoint="/connect"><ct-login></ct-login></ct-connect>`);
      expect(input(inside, 'user')).to.be.instanceOf(HTMLInputElement);
    });

    it('gives the forgot-password captcha its own endpoint, language and string overrides', async () => {
      const strings = { 'captcha.refresh': 'Une autre image' };
      const el = await login(
        html`<ct-login endpoint=${DOWN_ENDPOINT} locale="fr" .strings=${strings}></ct-login>`,
      );
      part(el, 'link')!.click();
      const captcha = await until(() => el.querySelector('ct-captcha'), 'no captcha');
      // Its picture comes from the element's relay, which is down: no picture from another.
      await until(() => part(captcha, 'alert')?.textContent?.trim(), 'the captcha asked another relay');
      expect(part(captcha, 'image')).to.equal(null);
      expect(part(captcha, 'refresh')!.textContent!.trim()).to.equal('Une autre image');
      // The French table arrives on its own, after the list of languages.
      await until(() => part(captcha, 'label')!.textContent!.includes('caractères'), 'no French label');
    });
  });

  describe('events', () => {
    it('fires ct-error and marks nothing when the password is wrong', async () => {
      const account = await createAccount();
      const el = await login();
      await fill(el, account.user, 'Wrong1234');
      const event = oneEvent(el, 'ct-error');
      submit(el).click();
      const { detail } = await event;
      expect(detail).to.deep.include({ action: 'authenticate_user', code: '404' });
      await until(() => part(el, 'alert')!.textContent!.includes('wrong'));
      expect(input(el, 'user').value).to.equal(account.user);
    });

    it('fires ct-signed-out and shows the form again', async () => {
      const account = await createAccount();
      const el = await login();
      await fill(el, account.user, account.password);
      submit(el).click();
      await oneEvent(el, 'ct-authenticated');
      await until(() => part(el, 'button'));
      const event = oneEvent(el, 'ct-signed-out');
      part(el, 'button')!.click();
      expect((await event).detail.user).to.equal(account.user);
      await until(() => el.querySelector('form'));
      expect(part(el, 'status')!.textContent).to.contain('signed out');
    });

    it('forgets the password once signed in, even when the form goes away with the password field focused', async () => {
      const account = await createAccount();
      const el = await login();
      type(input(el, 'user'), account.user);
      // Typed for real, so Chromium owes a change event, and still focused when a script
      // (or a password manager) submits straight from the password field.
      input(el, 'password').focus();
      await sendKeys({ type: account.password });
      submit(el).click();
      await oneEvent(el, 'ct-authenticated');
      await until(() => part(el, 'button'));
      part(el, 'button')!.click();
      await oneEvent(el, 'ct-signed-out');
      await until(() => el.querySelector('form'));
      expect(input(el, 'password').value).to.equal('');
      expect(input(el, 'user').value).to.equal(account.user);
    });

    it('asks for a captcha after two wrong passwords and signs in with it', async () => {
      const account = await createAccount();
      const el = await login();
      for (let i = 0; i < 2; i++) {
        await fill(el, account.user, 'Wrong1234');
        submit(el).click();
        await oneEvent(el, 'ct-error');
      }
      expect(el.querySelector('ct-captcha')).to.equal(null);
      await fill(el, account.user, account.password);
      submit(el).click();
      const captcha = await loadedCaptcha(el);
      expect(part(el, 'alert')!.textContent).to.match(/picture/);
      // Focus went to the captcha's field; the password typed is still there.
      await until(
        () => document.activeElement === captcha && captcha.shadowRoot!.activeElement?.localName === 'input',
      );
      expect(input(el, 'password').value).to.equal(account.password);
      const code = await captchaCode(captcha.captchaId);
      await sendKeys({ type: code });
      const event = oneEvent(el, 'ct-authenticated');
      await sendKeys({ press: 'Enter' });
      expect((await event).detail.user).to.equal(account.user);
    });

    it('offers to resend the activation email when the address is not confirmed (103)', async () => {
      const account = await createAccount({ activate: false });
      const el = await login();
      await fill(el, account.user, account.password);
      submit(el).click();
      await until(() => input(el, 'email_address'), 'no resend view');
      expect(part(el, 'title')!.textContent).to.contain('Confirm your email');
      // The next step, not a failure: no alert, the title and intro say what to do.
      expect(part(el, 'alert')!.textContent!.trim()).to.equal('');
      expect(part(el, 'text')!.textContent).to.contain('activation email again');
      const before = (await outbox()).length;
      type(input(el, 'email_address'), `new-${account.email}`);
      const event = oneEvent(el, 'ct-email-activation-sent');
      submit(el).click();
      expect((await event).detail).to.deep.equal({
        user: account.user,
        emailAddress: `new-${account.email}`,
      });
      const mails = await outbox();
      expect(mails.length).to.equal(before + 1);
      expect(mails.at(-1)!.to).to.equal(`new-${account.email}`);
      await until(() => part(el, 'status')!.textContent!.includes('Activation email sent'));
    });

    it('emails a new password from the forgot-password view', async () => {
      const account = await createAccount();
      const el = await login();
      part(el, 'link')!.click();
      const captcha = await loadedCaptcha(el);
      type(input(el, 'user'), account.user);
      type(input(el, 'email_address'), account.email);
      const code = await captchaCode(captcha.captchaId);
      const field = captcha.shadowRoot!.querySelector('input')!;
      type(field, code);
      submit(el).click();
      await until(() => part(el, 'status')!.textContent!.includes('new password'));
      expect((await outbox()).some((m) => m.to === account.email && /password/i.test(m.text))).to.equal(true);
    });
  });

  describe('keyboard', () => {
    it('signs in by keyboard alone: focus, type, Tab, type, Enter', async () => {
      const account = await createAccount();
      const el = await login();
      input(el, 'user').focus();
      await sendKeys({ type: account.user });
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).to.equal(input(el, 'password'));
      await sendKeys({ type: account.password });
      const event = oneEvent(el, 'ct-authenticated');
      await sendKeys({ press: 'Enter' });
      expect((await event).detail.user).to.equal(account.user);
    });

    it('focuses the first invalid field after a refused submit', async () => {
      const el = await login();
      input(el, 'user').focus();
      await sendKeys({ type: 'has space' });
      await sendKeys({ press: 'Enter' });
      await until(() => document.activeElement === input(el, 'user'));
      expect(input(el, 'user').getAttribute('aria-invalid')).to.equal('true');
      expect(errorOf(el, 'user')).to.contain('letters');
      expect(errorOf(el, 'password')).to.contain('Fill in');
    });
  });

  describe('failures', () => {
    it('tells the user to check the connection when the relay is down, keeping what was typed', async () => {
      const el = await login(html`<ct-login endpoint=${DOWN_ENDPOINT}></ct-login>`);
      await fill(el, 'someone', 'Secret123');
      submit(el).click();
      await until(() => part(el, 'alert')!.textContent!.includes('connection'));
      expect(input(el, 'user').value).to.equal('someone');
      expect(input(el, 'password').value).to.equal('Secret123');
      await expect(el).to.be.accessible();
    });

    it('tells the user to wait when rate limited, keeping what was typed', async () => {
      const el = await login(html`<ct-login endpoint="/connect-limited"></ct-login>`);
      const user = username('limited');
      await fill(el, user, 'Secret123');
      submit(el).click();
      await oneEvent(el, 'ct-error');
      const event = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await event).detail.code).to.equal('rate_limited');
      await until(() => /Wait [\d,]+ seconds/.test(part(el, 'alert')!.textContent!));
      expect(input(el, 'user').value).to.equal(user);
    });

    it('tells the user to try again when the service is too slow, keeping what was typed', async () => {
      const el = await login(html`<ct-login endpoint="/connect-slow"></ct-login>`);
      await fill(el, 'someone', 'Secret123');
      const event = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await event).detail.code).to.equal('upstream_timeout');
      await until(() => part(el, 'alert')!.textContent!.includes('too long'));
      expect(input(el, 'password').value).to.equal('Secret123');
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      const el = await login(html`<ct-login locale="fr"></ct-login>`);
      await until(() => submit(el).textContent?.trim() === 'Se connecter', 'no French');
      expect(input(el, 'user').labels![0]!.textContent).to.contain('Nom d’utilisateur');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left, form included', async () => {
      const el = await login(html`<ct-connect locale="ar"><ct-login></ct-login></ct-connect>`);
      await until(() => submit(el).textContent?.trim() === 'تسجيل الدخول', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      expect(el.querySelector('form')!.dir).to.equal('rtl');
      // A username is Latin letters and digits: it reads left to right, as typed.
      expect(getComputedStyle(input(el, 'user')).direction).to.equal('ltr');
      await expect(el).to.be.accessible();
    });
  });
});

import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/sms-activate/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtSmsActivate } from '../../src/elements/sms-activate/sms-activate.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import {
  captchaCode,
  createAccount,
  DOWN_ENDPOINT,
  input,
  outbox,
  part,
  relay,
  resetEmulator,
  text,
  type,
  until,
} from './helpers.ts';

const button = (el: HTMLElement, name: string) =>
  input(el, name).form!.querySelector<HTMLButtonElement>('.ct-submit')!;
const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

/** A new, email-activated account, signed in through the relay at `endpoint`. */
async function signIn(endpoint = '/connect') {
  const account = await createAccount();
  const answer = await relay(
    'authenticate_user',
    { user: account.user, password: account.password },
    endpoint,
  );
  expect(answer.ok, JSON.stringify(answer)).to.equal(true);
  await storeFor(endpoint).load(true);
  return account;
}

async function mount(template = html`<ct-sms-activate></ct-sms-activate>`): Promise<CtSmsActivate> {
  const root = await fixture<HTMLElement>(template);
  return root.localName === 'ct-sms-activate'
    ? (root as CtSmsActivate)
    : root.querySelector('ct-sms-activate')!;
}

/** Mounted for a signed-in user whose number is not confirmed yet: the forms are shown. */
async function ready(template?: ReturnType<typeof html>): Promise<CtSmsActivate> {
  const el = await mount(template);
  await until(() => el.querySelector('[name="sms_activation_code"]'), 'no code form');
  return el;
}

async function lastCode(to: string): Promise<string> {
  const sms = await until(async () =>
    (await outbox()).reverse().find((m) => m.type === 'sms' && m.to === to),
  );
  return sms.code!;
}

describe('ct-sms-activate', () => {
  beforeEach(resetEmulator);

  describe('accessible', () => {
    it('is accessible when nobody is signed in', async () => {
      const el = await mount();
      await until(() => text(el, 'text').includes('Sign in'));
      await expect(el).to.be.accessible();
    });

    it('is accessible with the forms shown, a countdown running and a wrong code marked', async () => {
      await signIn();
      const el = await ready();
      await expect(el).to.be.accessible();
      button(el, 'mobile_number').click();
      await oneEvent(el, 'ct-sms-code-sent');
      type(input(el, 'sms_activation_code'), '000000');
      button(el, 'sms_activation_code').click();
      await until(() => errorOf(el, 'sms_activation_code'));
      await expect(el).to.be.accessible();
    });

    it('is accessible once the number is confirmed', async () => {
      await signIn();
      const el = await ready();
      button(el, 'mobile_number').click();
      type(input(el, 'sms_activation_code'), await lastCode('27821234567'));
      button(el, 'sms_activation_code').click();
      await oneEvent(el, 'ct-sms-activated');
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('tells a visitor who is not signed in to sign in first, and shows no form', async () => {
      const el = await mount();
      await until(() => text(el, 'text').includes('Sign in first'));
      expect(el.querySelector('form')).to.equal(null);
    });

    it('shows "not confirmed yet" as the next step, not as an error', async () => {
      await signIn();
      let errors = 0;
      const el = await mount();
      el.addEventListener('ct-error', () => errors++);
      await until(() => el.querySelector('form'));
      expect(text(el, 'text')).to.contain("isn't confirmed yet");
      expect(text(el, 'alert')).to.equal('');
      expect(errors).to.equal(0);
    });

    it('offers the code field to one-time-code autofill and the number field to phone autofill', async () => {
      await signIn();
      const el = await ready();
      const code = input(el, 'sms_activation_code');
      expect(code.form!.getRootNode()).to.equal(document);
      expect(code.autocomplete).to.equal('one-time-code');
      expect(code.inputMode).to.equal('numeric');
      expect(code.labels![0]!.textContent).to.contain('Code from the SMS');
      const mobile = input(el, 'mobile_number');
      expect(mobile.autocomplete).to.equal('tel');
      expect(mobile.type).to.equal('tel');
      expect(el.cooldown).to.equal(60);
    });

    it('shows a confirmed number as confirmed, with the number', async () => {
      const account = await signIn();
      await relay('send_activation_sms');
      await relay('validate_activation_sms', { sms_activation_code: await lastCode('27821234567') });
      const el = await mount();
      await until(() => text(el, 'text').includes('is confirmed'));
      expect(text(el, 'text')).to.contain('27821234567');
      expect(el.querySelector('form')).to.equal(null);
      expect(storeFor('/connect').snapshot.session).to.include({ user: account.user, smsActivated: true });
    });
  });

  describe('attributes', () => {
    it('works alone with its own endpoint and inside <ct-connect>', async () => {
      await signIn();
      const alone = await ready(html`<ct-sms-activate endpoint="/connect"></ct-sms-activate>`);
      expect(input(alone, 'mobile_number')).to.be.instanceOf(HTMLInputElement);
      const inside = await ready(
        html`<ct-connect endpoint="/connect"><ct-sms-activate></ct-sms-activate></ct-connect>`,
      );
      expect(input(inside, 'mobile_number')).to.be.instanceOf(HTMLInputElement);
    });

    it('once removed from the page, starts no calls when a late answer re-renders it and the session changes', async () => {
      await signIn();
      const el = await ready();
      const client = storeFor('/connect').client;
      const calls: string[] = [];
      client.call = function (this: typeof client, action, params) {
        calls.push(action);
        return Object.getPrototypeOf(this).call.call(this, action, params);
      };
      try {
        el.remove();
        // What a late answer does: it changes state, which asks for a render.
        el.requestUpdate();
        await el.updateComplete;
        storeFor('/connect').signedIn('someone-else', '1');
        await el.updateComplete;
        await new Promise((resolve) => setTimeout(resolve));
        expect(calls).to.deep.equal([]);
      } finally {
        delete (client as { call?: unknown }).call;
      }
    });

    it('cooldown: the send button waits with a visible countdown, then allows a new code', async () => {
      await signIn();
      const el = await ready(html`<ct-sms-activate cooldown="1"></ct-sms-activate>`);
      const send = button(el, 'mobile_number');
      expect(send.textContent!.trim()).to.equal('Send the code');
      send.click();
      await oneEvent(el, 'ct-sms-code-sent');
      await until(() => send.getAttribute('aria-disabled') === 'true');
      const countdown = document.getElementById(send.getAttribute('aria-describedby')!)!;
      expect(countdown.textContent).to.match(/new code in \d+ seconds?\./);
      expect(text(el, 'status')).to.match(/sent you a code/);
      // Pressed during the countdown: nothing is sent, the wait is repeated.
      const before = (await outbox()).length;
      send.click();
      await until(() => text(el, 'status').includes('You can ask for a new code in'));
      await until(() => send.getAttribute('aria-disabled') === 'false', 'the countdown never ended');
      expect(text(el, 'status')).to.equal('You can ask for a new code now.');
      expect(countdown.textContent!.trim()).to.equal('');
      expect(send.textContent!.trim()).to.equal('Send a new code');
      expect((await outbox()).length).to.equal(before);
      send.click();
      await oneEvent(el, 'ct-sms-code-sent');
      expect((await outbox()).length).to.equal(before + 1);
    });
  });

  describe('events', () => {
    it('sends the code, takes the code from the SMS and confirms the number', async () => {
      const account = await signIn();
      const el = await ready();
      const sent = oneEvent(el, 'ct-sms-code-sent');
      button(el, 'mobile_number').click();
      expect((await sent).detail).to.deep.equal({ user: account.user });
      const code = await lastCode('27821234567');
      await until(() => document.activeElement === input(el, 'sms_activation_code'));
      type(input(el, 'sms_activation_code'), code);
      const activated = oneEvent(el, 'ct-sms-activated');
      button(el, 'sms_activation_code').click();
      expect((await activated).detail).to.deep.equal({ user: account.user });
      await until(() => text(el, 'status').includes('confirmed'));
      expect(el.querySelector('form')).to.equal(null);
      expect(storeFor('/connect').snapshot.session!.smsActivated).to.equal(true);
      expect((await relay('sms_activation_status')).ok).to.equal(true);
    });

    it('sends the code to a corrected number', async () => {
      const account = await signIn();
      const el = await ready();
      type(input(el, 'mobile_number'), '27831112222');
      const sent = oneEvent(el, 'ct-sms-code-sent');
      button(el, 'mobile_number').click();
      expect((await sent).detail).to.deep.equal({ user: account.user, mobileNumber: '27831112222' });
      expect(await lastCode('27831112222')).to.match(/^\d{6}$/);
    });

    it('says the number a code went to when the visitor gave it, and takes a correction', async () => {
      await signIn();
      const el = await ready(html`<ct-sms-activate cooldown="0"></ct-sms-activate>`);
      type(input(el, 'mobile_number'), '27831112222');
      button(el, 'mobile_number').click();
      await until(() => text(el, 'text').startsWith('We sent the code to +27831112222.'), 'no number said');
      expect(text(el, 'text')).to.contain('Wrong number? Correct it below');
      // The number stays in its field, to be corrected there.
      expect(input(el, 'mobile_number').value).to.equal('27831112222');
      await expect(el).to.be.accessible();
      type(input(el, 'mobile_number'), '27833334444');
      const sent = oneEvent(el, 'ct-sms-code-sent');
      button(el, 'mobile_number').click();
      expect((await sent).detail.mobileNumber).to.equal('27833334444');
      await until(
        () => text(el, 'text').startsWith('We sent the code to +27833334444.'),
        'correction not said',
      );
      expect(await lastCode('27833334444')).to.match(/^\d{6}$/);
    });

    it('names no number for a code sent to the registered one: the API tells it only once confirmed', async () => {
      await signIn();
      const el = await ready();
      const sent = oneEvent(el, 'ct-sms-code-sent');
      button(el, 'mobile_number').click();
      await sent;
      await until(() => text(el, 'status').includes('We sent you a code'));
      expect(text(el, 'text')).to.contain("isn't confirmed yet");
      expect(text(el, 'text')).not.to.contain('+');
    });

    it('explains a blocked number (100) once, under the number field it points at', async () => {
      await signIn();
      const el = await ready();
      type(input(el, 'mobile_number'), '447700900123');
      const error = oneEvent(el, 'ct-error');
      button(el, 'mobile_number').click();
      expect((await error).detail).to.include({ action: 'send_activation_sms', code: '100' });
      await until(() => errorOf(el, 'mobile_number').includes("can't send SMS to this number"));
      expect(errorOf(el, 'mobile_number')).to.contain('Enter another mobile number');
      // Said once: the alert points at the field instead of repeating what it says.
      expect(text(el, 'alert')).to.equal('Check the highlighted fields.');
      expect(input(el, 'mobile_number').getAttribute('aria-invalid')).to.equal('true');
      await until(() => document.activeElement === input(el, 'mobile_number'));
      expect(input(el, 'mobile_number').value).to.equal('447700900123');
    });

    it('explains a destination that is not covered (101)', async () => {
      await signIn();
      const el = await ready();
      type(input(el, 'mobile_number'), '6721234567');
      const error = oneEvent(el, 'ct-error');
      button(el, 'mobile_number').click();
      expect((await error).detail.code).to.equal('101');
      await until(() => errorOf(el, 'mobile_number').includes("can't deliver SMS"));
      expect(errorOf(el, 'mobile_number')).to.contain('another country');
      expect(text(el, 'alert')).to.equal('Check the highlighted fields.');
    });

    it('explains that no more codes can be sent (102) and what to do instead', async () => {
      await signIn();
      const el = await ready(html`<ct-sms-activate cooldown="0"></ct-sms-activate>`);
      for (let i = 0; i < 5; i++) {
        const sent = oneEvent(el, 'ct-sms-code-sent');
        button(el, 'mobile_number').click();
        await sent;
        await until(() => button(el, 'mobile_number').getAttribute('aria-disabled') === 'false');
      }
      const error = oneEvent(el, 'ct-error');
      button(el, 'mobile_number').click();
      expect((await error).detail.code).to.equal('102');
      await until(() => text(el, 'alert').includes('Type the last code you received'));
    });

    it('explains a wrong code (418) at the code field, keeping it for correction', async () => {
      await signIn();
      const el = await ready();
      button(el, 'mobile_number').click();
      await oneEvent(el, 'ct-sms-code-sent');
      type(input(el, 'sms_activation_code'), '000000');
      const error = oneEvent(el, 'ct-error');
      button(el, 'sms_activation_code').click();
      expect((await error).detail.code).to.equal('418');
      await until(() => errorOf(el, 'sms_activation_code').includes('wrong or has expired'));
      expect(input(el, 'sms_activation_code').value).to.equal('000000');
      expect(document.activeElement).to.equal(input(el, 'sms_activation_code'));
    });

    it('treats "already confirmed" (108) as confirmed', async () => {
      await signIn();
      const el = await ready();
      // Confirmed meanwhile, in another tab.
      await relay('send_activation_sms');
      const code = await lastCode('27821234567');
      await relay('validate_activation_sms', { sms_activation_code: code });
      type(input(el, 'sms_activation_code'), code);
      let errors = 0;
      el.addEventListener('ct-error', () => errors++);
      const activated = oneEvent(el, 'ct-sms-activated');
      button(el, 'sms_activation_code').click();
      await activated;
      expect(errors).to.equal(0);
      await until(() => text(el, 'status').includes('already confirmed'));
      expect(text(el, 'alert')).to.equal('');
      expect(el.querySelector('form')).to.equal(null);
    });

    it('asks for a captcha when the API requires one (004) and sends the code with it', async () => {
      const account = await signIn();
      // Two wrong passwords elsewhere put the username in captcha-required state.
      for (let i = 0; i < 2; i++)
        await relay('authenticate_user', { user: account.user, password: 'Wrong1234' });
      const el = await ready();
      button(el, 'mobile_number').click();
      const captcha = await until(() => {
        const c = el.querySelector<CtCaptcha>('ct-captcha');
        return c?.captchaId ? c : undefined;
      }, 'no captcha');
      expect(text(el, 'alert')).to.match(/picture/);
      await expect(el).to.be.accessible();
      type(captcha.shadowRoot!.querySelector('input')!, await captchaCode(captcha.captchaId));
      const sent = oneEvent(el, 'ct-sms-code-sent');
      button(el, 'mobile_number').click();
      await sent;
      expect(await lastCode('27821234567')).to.match(/^\d{6}$/);
    });
  });

  describe('keyboard', () => {
    it('confirms the number by keyboard alone', async () => {
      await signIn();
      const el = await ready();
      input(el, 'mobile_number').focus();
      await sendKeys({ press: 'Enter' });
      await until(
        () => document.activeElement === input(el, 'sms_activation_code'),
        'focus did not move to the code',
      );
      await sendKeys({ type: await lastCode('27821234567') });
      const activated = oneEvent(el, 'ct-sms-activated');
      await sendKeys({ press: 'Enter' });
      await activated;
      await until(() => el.shadowRoot!.activeElement === part(el, 'title'), 'focus was lost with the form');
    });
  });

  describe('failures', () => {
    it('says the server cannot be reached, not "sign in first", when the relay is down', async () => {
      const el = await mount(html`<ct-sms-activate endpoint=${DOWN_ENDPOINT}></ct-sms-activate>`);
      await until(() => text(el, 'text').includes("couldn't reach the server"), text(el, 'text'));
      expect(text(el, 'text')).to.contain('try again');
      expect(text(el, 'text')).not.to.contain('Sign in');
      expect(el.querySelector('form')).to.equal(null);
      await expect(el).to.be.accessible();
    });

    it('tells the user to wait when rate limited, keeping the number typed', async () => {
      // Signing in spends the one account call an hour this relay allows the user.
      await signIn('/connect-limited');
      const el = await ready(html`<ct-sms-activate endpoint="/connect-limited"></ct-sms-activate>`);
      await until(() => /Wait [\d,]+ seconds/.test(text(el, 'alert')));
      type(input(el, 'mobile_number'), '27831112222');
      const error = oneEvent(el, 'ct-error');
      button(el, 'mobile_number').click();
      expect((await error).detail.code).to.equal('rate_limited');
      expect(input(el, 'mobile_number').value).to.equal('27831112222');
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      await signIn();
      const el = await ready(html`<ct-sms-activate locale="fr"></ct-sms-activate>`);
      await until(() => button(el, 'sms_activation_code').textContent!.trim() === 'Confirmer', 'no French');
      expect(text(el, 'title')).to.equal('Confirmez votre numéro de mobile');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left, forms included', async () => {
      await signIn();
      const el = await ready(html`<ct-connect locale="ar"><ct-sms-activate></ct-sms-activate></ct-connect>`);
      await until(() => button(el, 'sms_activation_code').textContent!.trim() === 'تأكيد', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      // Digits read left to right, as typed.
      expect(getComputedStyle(input(el, 'sms_activation_code')).direction).to.equal('ltr');
      await expect(el).to.be.accessible();
      // The number a code went to reads left to right, its + sign first.
      type(input(el, 'mobile_number'), '27831112222');
      button(el, 'mobile_number').click();
      await until(() => text(el, 'text').includes('\u2068+27831112222\u2069'), 'number not isolated');
    });
  });
});

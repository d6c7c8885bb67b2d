/**
 * Defects found reviewing the elements after the round of page-proof CSS, languages,
 * country pre-selection and error presentation, each shown as a visitor meets it.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import '../../src/elements/login/define.ts';
import '../../src/elements/captcha/define.ts';
import '../../src/elements/sms-activate/define.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import { createAccount, input, relay, resetEmulator, type, until } from './helpers.ts';

const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();

describe('review of the elements', () => {
  beforeEach(resetEmulator);

  it('checks a field left by keyboard after a touch that turned into a scroll', async () => {
    const el = await fixture<HTMLElement>(html`<ct-login></ct-login>`);
    const user = await until(() => el.querySelector<HTMLInputElement>('[name="user"]'));
    // A finger put down to scroll: the browser cancels the pointer, with no pointerup.
    dispatchEvent(new PointerEvent('pointerdown'));
    dispatchEvent(new PointerEvent('pointercancel'));
    try {
      type(user, 'x!');
      // Left with the on-screen keyboard's "next": no pointer at all.
      user.blur();
      await until(() => errorOf(el, 'user'), 'the field left was never checked');
      expect(user.getAttribute('aria-invalid')).to.equal('true');
    } finally {
      dispatchEvent(new PointerEvent('pointerup'));
    }
  });

  it('a captcha removed while its picture loads fetches no more pictures', async () => {
    // Every timer set from now on, by its delay: the removed captcha's is 70 ms.
    const delays: unknown[] = [];
    const setTimer = window.setTimeout;
    window.setTimeout = ((fn: () => void, ms?: number) => (
      delays.push(ms),
      setTimer(fn, ms)
    )) as typeof setTimeout;
    try {
      const removed = document.createElement('ct-captcha') as CtCaptcha;
      removed.refreshAfter = 0.07;
      document.body.append(removed);
      removed.remove();
      // A captcha on the page as a clock: three pictures of its own, each a round trip to
      // the relay started after the removed one's, whose answer has come by then.
      const clock = await fixture<CtCaptcha>(html`<ct-captcha refresh-after="0.05"></ct-captcha>`);
      const seen = new Set<string>();
      await until(() => seen.add(clock.captchaId).size > 3, 'the clock stopped');
      expect(delays, 'a timer left running by the removed captcha').not.to.include(70);
    } finally {
      window.setTimeout = setTimer;
    }
  });

  it('the SMS countdown goes on when the element is moved on the page', async () => {
    const account = await createAccount();
    expect(
      (await relay('authenticate_user', { user: account.user, password: account.password })).ok,
    ).to.equal(true);
    await storeFor('/connect').load(true);
    const el = await fixture<HTMLElement>(html`<ct-sms-activate cooldown="1"></ct-sms-activate>`);
    const mobile = await until(() => el.querySelector<HTMLInputElement>('[name="mobile_number"]'), 'no form');
    const send = mobile.form!.querySelector('.ct-submit')!;
    send.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    await oneEvent(el, 'ct-sms-code-sent');
    // Moved during the countdown (a tab or a dialog that re-parents its content).
    const home = el.parentElement!;
    el.remove();
    home.append(el);
    await until(() => send.getAttribute('aria-disabled') === 'false', 'the countdown never ended');
  });

  it('a rule for the form with an id the page gave the element wins, as the README says', async () => {
    const style = document.createElement('style');
    style.textContent = 'ct-login#signin .ct-submit { text-transform: uppercase; letter-spacing: 3px; }';
    document.head.append(style);
    try {
      const el = await fixture<HTMLElement>(html`<ct-login id="signin"></ct-login>`);
      const button = await until(() => el.querySelector('.ct-submit'), 'no form');
      expect(getComputedStyle(button).textTransform).to.equal('uppercase');
      expect(getComputedStyle(button).letterSpacing).to.equal('3px');
    } finally {
      style.remove();
    }
  });
});

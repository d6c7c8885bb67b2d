/**
 * What visitors expect of a finished sign-in product (issue 9, sections 4 and 5): a busy
 * submit button, focus where the next thing to type is, the password shown on request,
 * the rules before the first mistake, and a signed-in visitor told so.
 */
import { expect, fixture, oneEvent } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/index.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import {
  captchaCode,
  countryId,
  createAccount,
  input,
  part,
  relay,
  resetEmulator,
  submit,
  text,
  type,
  until,
} from './helpers.ts';

async function mount(markup: string): Promise<HTMLElement> {
  const el = await fixture<HTMLElement>(markup);
  await until(() => el.querySelector('form'), 'no form');
  return el;
}

describe('a finished product (issue 9)', () => {
  beforeEach(resetEmulator);

  it('keeps a sensible width on a wide page, and no card in a card on a phone', async () => {
    await setViewport({ width: 1280, height: 800 });
    const login = await mount('<ct-login></ct-login>');
    expect(input(login, 'user').getBoundingClientRect().width).to.be.below(520);
    await setViewport({ width: 360, height: 800 });
    const el = await mount('<ct-register-form></ct-register-form>');
    const select = await until(() => {
      const s = input(el, 'country_id') as unknown as HTMLSelectElement;
      return s.options.length > 1 ? s : undefined;
    });
    const chosen = select.options[1]!.value;
    type(select, chosen);
    // The chosen country's terms (not those of a country pre-selected before).
    const terms = await until(() => {
      const t = el.querySelector('ct-terms');
      return t?.countryId === chosen ? t.shadowRoot?.querySelector('[part~="content"]') : undefined;
    });
    // The terms box spans the form's width, not a card's inside a card.
    expect(terms.getBoundingClientRect().width).to.equal(input(el, 'fname').getBoundingClientRect().width);
    await setViewport({ width: 800, height: 600 });
  });

  it('shows the call running at the submit button itself (aria-busy and a spinner)', async () => {
    const el = await mount('<ct-login endpoint="/connect-slow"></ct-login>');
    type(input(el, 'user'), 'someone');
    type(input(el, 'password'), 'Secret123');
    const failed = oneEvent(el, 'ct-error');
    submit(el).click();
    await until(() => submit(el).getAttribute('aria-busy') === 'true', 'busy');
    expect(getComputedStyle(submit(el), '::before').animationName).to.equal('ct-spin');
    await expect(el).to.be.accessible();
    await failed;
    expect(submit(el).hasAttribute('aria-busy')).to.equal(false);
    expect(getComputedStyle(submit(el), '::before').content).to.equal('none');
  });

  it('forgot password focuses the email address, then the password once a new one is sent', async () => {
    const account = await createAccount();
    const el = await mount('<ct-login></ct-login>');
    type(input(el, 'user'), account.user);
    part(el, 'link')!.click();
    await until(() => document.activeElement === input(el, 'email_address'), 'email focused');
    type(input(el, 'email_address'), account.email);
    const captcha = await until(() => {
      const c = el.querySelector<CtCaptcha>('ct-captcha');
      return c?.captchaId ? c : undefined;
    });
    type(captcha.shadowRoot!.querySelector('input')!, await captchaCode(captcha.captchaId));
    submit(el).click();
    await until(() => text(el, 'status').includes('new password'));
    await until(() => document.activeElement === input(el, 'password'), 'password focused');
  });

  it('shows the password on request, as a pressed toggle, and hides it again to submit', async () => {
    const el = await mount('<ct-login></ct-login>');
    const password = input(el, 'password');
    const toggle = el.querySelector<HTMLButtonElement>('form .ct-reveal')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    expect(toggle.getAttribute('aria-label')).to.equal('Show password');
    toggle.click();
    await until(() => password.type === 'text');
    expect(toggle.getAttribute('aria-pressed')).to.equal('true');
    await expect(el).to.be.accessible();
    type(password, 'Secret123');
    submit(el).click();
    await until(() => password.type === 'password', 'hidden again for the browser to offer saving it');
  });

  it('tells the visitor the username and password rules before the first mistake', async () => {
    const el = await mount('<ct-register-form></ct-register-form>');
    const describedBy = (name: string) =>
      input(el, name)
        .getAttribute('aria-describedby')!
        .split(' ')
        .map((id) => document.getElementById(id)!.textContent!.trim())
        .join(' ');
    expect(describedBy('user')).to.match(/Letters A to Z, digits and @ . _ - +.*128/);
    expect(describedBy('password')).to.match(/6 to 32 characters/);
  });

  it('greets a visitor arriving from the activation link: the address is confirmed, sign in', async () => {
    const page = location.href;
    history.replaceState(null, '', `${location.pathname}?ct-activated`);
    try {
      const el = await mount('<ct-login></ct-login>');
      await until(() => text(el, 'status') === 'Your email address is confirmed. Sign in.');
    } finally {
      history.replaceState(null, '', page);
    }
  });

  it('"Sign in instead" under an address that has an account leads to the sign-in form', async () => {
    const taken = await createAccount();
    const root = await fixture<HTMLElement>(
      '<div><ct-login></ct-login><ct-register-form test-mode></ct-register-form></div>',
    );
    const [login, el] = [...root.children] as HTMLElement[];
    await until(() => el!.querySelector('form') && login!.querySelector('form'));
    type(input(el!, 'fname'), 'Ada');
    type(input(el!, 'sname'), 'Lovelace');
    type(input(el!, 'email_address'), taken.email);
    const select = await until(() => {
      const s = input(el!, 'country_id') as unknown as HTMLSelectElement;
      return s.options.length > 1 ? s : undefined;
    });
    type(select, select.options[1]!.value);
    type(input(el!, 'mobile_number'), '27821234567');
    type(input(el!, 'user'), `other${Date.now().toString(36)}`);
    type(input(el!, 'password'), 'Secret123');
    input(el!, 'accept_terms').click();
    const captcha = await until(() => {
      const c = el!.querySelector<CtCaptcha>('ct-captcha');
      return c?.captchaId ? c : undefined;
    });
    type(captcha.shadowRoot!.querySelector('input')!, await captchaCode(captcha.captchaId));
    submit(el!).click();
    const link = await until(() => el!.querySelector<HTMLAnchorElement>('form a.ct-link'), 'no link');
    expect(link.textContent!.trim()).to.equal('Sign in instead');
    await expect(el!).to.be.accessible();
    link.click();
    await until(() => document.activeElement === input(login!, 'user'), 'the sign-in form has focus');
  });

  it('remembers the country chosen on this device and chooses it again, with its dial prefix', async () => {
    const first = await mount('<ct-register-form></ct-register-form>');
    const select = await until(() => {
      const s = input(first, 'country_id') as unknown as HTMLSelectElement;
      return s.options.length > 1 ? s : undefined;
    });
    const south = [...select.options].find((o) => o.textContent!.trim() === 'South Africa')!.value;
    type(select, south);
    const again = await mount('<ct-register-form></ct-register-form>');
    await until(() => (input(again, 'country_id') as unknown as HTMLSelectElement).value === south);
    await until(() => input(again, 'mobile_number').value === '27');
    await until(() => again.querySelector('ct-terms'));
  });

  describe('the country pre-selected from the language region', () => {
    // The visitor's browser languages, as a browser set to them would give them.
    const speak = (languages: string[]) =>
      Object.defineProperty(navigator, 'languages', { value: languages, configurable: true });
    afterEach(() => delete (navigator as { languages?: unknown }).languages);
    const country = (el: HTMLElement) => input(el, 'country_id') as unknown as HTMLSelectElement;

    it("pre-selects the country of the visitor's languages, with its dial prefix and terms, and remembers nothing", async () => {
      speak(['fr', 'pt-BR', 'en-GB']);
      const el = await mount('<ct-register-form></ct-register-form>');
      const brazil = await countryId('Brazil');
      await until(() => country(el).value === brazil, 'Brazil not pre-selected');
      await until(() => input(el, 'mobile_number').value === '55', 'no dial prefix');
      await until(() => el.querySelector('ct-terms')?.countryId === brazil, 'no terms for Brazil');
      expect(input(el, 'accept_terms').checked).to.equal(false);
      expect(localStorage.getItem('ct-country')).to.equal(null);
      // A country the visitor chooses is theirs, and is remembered.
      const france = await countryId('France');
      type(country(el), france);
      await until(() => input(el, 'mobile_number').value === '33');
      expect(localStorage.getItem('ct-country')).to.equal(france);
    });

    it("falls back to the page's language region, and never over a remembered choice", async () => {
      speak(['pt']);
      const el = await mount('<div lang="de-CH"><ct-register-form></ct-register-form></div>');
      const form = el.querySelector('ct-register-form')!;
      const swiss = await countryId('Switzerland');
      await until(() => country(form).value === swiss, 'Switzerland not pre-selected');
      const south = await countryId('South Africa');
      localStorage.setItem('ct-country', south);
      const again = await mount('<div lang="de-CH"><ct-register-form></ct-register-form></div>');
      await until(() => country(again.querySelector('ct-register-form')!).value === south);
    });

    it('keeps a mobile number typed before the lists arrive, and pre-selects nothing without a region', async () => {
      speak(['en-ZA']);
      const el = await mount('<ct-register-form></ct-register-form>');
      type(input(el, 'mobile_number'), '447700900123');
      const south = await countryId('South Africa');
      await until(() => country(el).value === south, 'South Africa not pre-selected');
      expect(input(el, 'mobile_number').value).to.equal('447700900123');
      speak(['sw']);
      const none = await mount('<ct-register-form lang="sw"></ct-register-form>');
      await until(() => country(none).options.length > 1, 'no countries');
      expect(country(none).value).to.equal('');
      expect(input(none, 'mobile_number').value).to.equal('');
      expect(none.querySelector('ct-terms')).to.equal(null);
    });
  });

  it('tells a signed-in visitor they have an account instead of offering sign-up', async () => {
    const account = await createAccount();
    await relay('authenticate_user', { user: account.user, password: account.password });
    await storeFor('/connect').load(true);
    const el = await fixture<HTMLElement>('<ct-register-form></ct-register-form>');
    await until(() => text(el, 'text').includes(account.user));
    expect(el.querySelector('form')).to.equal(null);
    await expect(el).to.be.accessible();
  });
});

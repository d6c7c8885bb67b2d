import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/connect/define.ts';
import '../../src/elements/captcha/define.ts';
import '../../src/elements/login/define.ts';
import { CtConnect } from '../../src/elements/connect/connect.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import { addStrings } from '../../src/strings/index.ts';
import { createAccount, part, resetEmulator, until } from './helpers.ts';

describe('ct-connect', () => {
  beforeEach(resetEmulator);

  it('is accessible and renders its children in place', async () => {
    const el = await fixture<CtConnect>(html`<ct-connect><p>Hello</p></ct-connect>`);
    await expect(el).to.be.accessible();
    expect(getComputedStyle(el).display).to.equal('contents');
  });

  it('defaults to the /connect endpoint and the page language', async () => {
    const el = await fixture<CtConnect>(html`<ct-connect></ct-connect>`);
    expect(el.endpoint).to.equal('/connect');
    expect(el.locale).to.equal('');
  });

  it('gives its locale to the elements inside, even ones that upgrade before it', async () => {
    const root = await fixture(
      html`<div>
        <ct-connect locale="fr"><ct-captcha></ct-captcha></ct-connect>
      </div>`,
    );
    const captcha = root.querySelector('ct-captcha')!;
    await until(() => part(captcha, 'refresh')?.textContent?.trim() === 'Nouvelle image');
    root.querySelector('ct-connect')!.locale = 'ar';
    await until(() => part(captcha, 'base')?.getAttribute('dir') === 'rtl');
  });

  it('learns who is signed in from the relay on load, and shares one store per endpoint', async () => {
    const account = await createAccount();
    await fetch('/connect', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-CT-Connect': '1' },
      body: JSON.stringify({
        action: 'authenticate_user',
        params: { user: account.user, password: account.password },
      }),
    });
    const store = storeFor('/connect');
    await store.load(true);
    expect(store.snapshot.session?.user).to.equal(account.user);
    expect(storeFor(new URL('/connect', location.href).href)).to.equal(store);
  });

  it('lets a page override any string', async () => {
    addStrings('en', { 'captcha.refresh': 'Another one' });
    try {
      const el = await fixture(html`<ct-captcha locale="en"></ct-captcha>`);
      await until(() => part(el as HTMLElement, 'refresh')?.textContent?.trim() === 'Another one');
    } finally {
      addStrings('en', { 'captcha.refresh': 'New picture' });
    }
  });

  it('takes a dark theme from custom properties alone, shadow chrome and light-DOM form alike', async () => {
    const root = await fixture(
      html`<div
        style="--ct-color-surface:#111418;--ct-color-text:#e8eaed;--ct-color-border:#5f6670;--ct-color-primary:#8ab4f8;--ct-color-on-primary:#0b1a33"
      >
        <ct-login></ct-login>
      </div>`,
    );
    const login = root.querySelector('ct-login')!;
    const input = await until(() => login.querySelector<HTMLInputElement>('form [name="user"]'));
    expect(getComputedStyle(part(login, 'base')!).backgroundColor).to.equal('rgb(17, 20, 24)');
    expect(getComputedStyle(input).backgroundColor).to.equal('rgb(17, 20, 24)');
    expect(getComputedStyle(input).color).to.equal('rgb(232, 234, 237)');
    const submit = login.querySelector<HTMLElement>('form .ct-submit')!;
    expect(getComputedStyle(submit).backgroundColor).to.equal('rgb(138, 180, 248)');
    await expect(login).to.be.accessible();
  });
});

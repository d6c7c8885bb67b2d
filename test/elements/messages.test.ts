// The English messages for failed calls are a separate chunk, fetched with the first
// failure. These tests run in a page of their own, so that chunk has not loaded yet.
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand } from '@web/test-runner-commands';
import '../../src/elements/login/define.ts';
import type { CtLogin } from '../../src/elements/login/login.ts';
import { addStrings, loadLocale } from '../../src/strings/index.ts';
import { createAccount, DOWN_ENDPOINT, input, resetEmulator, type, until } from './helpers.ts';

const alert = (el: HTMLElement) => el.shadowRoot!.querySelector('[part~="alert"]')!.textContent!.trim();

async function signIn(el: CtLogin, user: string, password: string) {
  await until(() => el.querySelector('form'), 'no form');
  type(input(el, 'user'), user);
  type(input(el, 'password'), password);
  const error = oneEvent(el, 'ct-error');
  el.querySelector<HTMLButtonElement>('form .ct-submit')!.click();
  return (await error).detail;
}

describe('messages for failed calls', () => {
  beforeEach(resetEmulator);

  it('are not downloaded by a page where nothing has failed', async () => {
    const el = await fixture<CtLogin>(html`<ct-login></ct-login>`);
    await until(() => el.querySelector('form'), 'no form');
    await until(() => el.connect.ready, 'never asked who is signed in');
    const fetched = performance.getEntriesByType('resource').map((entry) => entry.name);
    expect(fetched.filter((url) => url.includes('en-messages'))).to.deep.equal([]);
  });

  describe('when their chunk cannot be downloaded', () => {
    beforeEach(() => executeServerCommand('block-urls', ['*/en-messages*']));
    afterEach(() => executeServerCommand('block-urls', []));

    it('still says the server cannot be reached, from the built-in table', async () => {
      const el = await fixture<CtLogin>(html`<ct-login endpoint=${DOWN_ENDPOINT}></ct-login>`);
      const detail = await signIn(el, 'someone', 'Secret123');
      expect(detail.code).to.equal('network');
      await until(() => alert(el).includes("couldn't reach the server"));
    });

    it("shows the API's own words for a refusal, keeping what was typed", async () => {
      const account = await createAccount();
      const el = await fixture<CtLogin>(html`<ct-login></ct-login>`);
      const detail = await signIn(el, account.user, 'Wrong1234');
      expect(detail.code).to.equal('404');
      expect(detail.message).to.not.equal('');
      await until(() => alert(el) === detail.message, 'no message shown');
      expect(input(el, 'user').value).to.equal(account.user);
      await expect(el).to.be.accessible();
    });

    it("lays the API's English words out left to right on a right-to-left page", async () => {
      // A language a page added itself, without messages for failed calls.
      addStrings('fa', { 'login.submit': 'ورود' });
      const account = await createAccount();
      const el = await fixture<CtLogin>(html`<ct-login locale="fa"></ct-login>`);
      const detail = await signIn(el, account.user, 'Wrong1234');
      await until(() => alert(el) === detail.message, 'no message shown');
      expect(el.shadowRoot!.querySelector('[part~="base"]')!.getAttribute('dir')).to.equal('rtl');
      expect(getComputedStyle(el.shadowRoot!.querySelector('[part~="alert"]')!).direction).to.equal('ltr');
    });
  });

  it("leave the text in English, with no uncaught error, when a language's file cannot be downloaded", async () => {
    await executeServerCommand('block-urls', ['*/fr.ts*', '*/fr-*.js']);
    const uncaught: unknown[] = [];
    const onRejection = (e: PromiseRejectionEvent) => uncaught.push(e.reason);
    addEventListener('unhandledrejection', onRejection);
    try {
      const el = await fixture<CtLogin>(html`<ct-login locale="fr"></ct-login>`);
      await loadLocale('fr'); // the element's own attempt: it settles, and does not reject
      await el.updateComplete;
      expect(el.querySelector('form .ct-submit')!.textContent!.trim()).to.equal('Sign in');
      await new Promise((resolve) => setTimeout(resolve));
      expect(uncaught).to.deep.equal([]);
    } finally {
      removeEventListener('unhandledrejection', onRejection);
      await executeServerCommand('block-urls', []);
    }
  });

  it('are downloaded for a later failure, once the page is back online', async () => {
    const account = await createAccount();
    const el = await fixture<CtLogin>(html`<ct-login></ct-login>`);
    const detail = await signIn(el, account.user, 'Wrong1234');
    expect(detail.message).to.contain('wrong');
    await until(() => alert(el).includes('The username or password is wrong'));
  });
});

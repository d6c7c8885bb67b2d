import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/buy-credits/define.ts';
import '../../src/elements/connect/define.ts';
import { safeBuyUrl, type CtBuyCredits } from '../../src/elements/buy-credits/buy-credits.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import { createAccount, DOWN_ENDPOINT, outbox, part, relay, resetEmulator, text, until } from './helpers.ts';

const buy = (el: HTMLElement) => el.querySelector<HTMLButtonElement>('form .ct-submit')!;

/** A new account, signed in through the relay at `endpoint`; SMS activated unless told not to. */
async function signIn(o: { endpoint?: string; sms?: boolean } = {}) {
  const endpoint = o.endpoint ?? '/connect';
  const account = await createAccount();
  await relay('authenticate_user', { user: account.user, password: account.password }, endpoint);
  if (o.sms !== false) {
    await relay('send_activation_sms', {}, endpoint);
    const sms = (await outbox()).reverse().find((m) => m.type === 'sms')!;
    await relay('validate_activation_sms', { sms_activation_code: sms.code! }, endpoint);
  }
  await storeFor(endpoint).load(true);
  return account;
}

async function mount(template = html`<ct-buy-credits></ct-buy-credits>`): Promise<CtBuyCredits> {
  const root = await fixture<HTMLElement>(template);
  const el =
    root.localName === 'ct-buy-credits' ? (root as CtBuyCredits) : root.querySelector('ct-buy-credits')!;
  // The button once the session is known, for a signed-in visitor only.
  await until(() => buy(el) ?? (el.connect.ready && !el.connect.session), 'no button');
  return el;
}

describe('ct-buy-credits', () => {
  beforeEach(resetEmulator);

  // Real tabs are opened; one left open puts this page in the background, where timers
  // slow down and later test files time out. Each is closed after its test.
  const tabs: (Window | null)[] = [];
  const open = window.open;
  before(() => {
    window.open = (...args) => {
      const tab = open.apply(window, args);
      tabs.push(tab);
      return tab;
    };
  });
  afterEach(() => {
    for (const tab of tabs.splice(0)) tab?.close();
  });
  after(() => {
    window.open = open;
  });

  describe('accessible', () => {
    it('is accessible when nobody is signed in', async () => {
      const el = await mount();
      await until(() => text(el, 'text').includes('Sign in'));
      await expect(el).to.be.accessible();
    });

    it('is accessible when signed in, and with an error shown', async () => {
      await signIn({ sms: false });
      const el = await mount();
      await expect(el).to.be.accessible();
      buy(el).click();
      await until(() => text(el, 'alert'));
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('tells a visitor to sign in first, with no button that could only fail', async () => {
      const el = await mount();
      await until(() => text(el, 'text') === 'Sign in to buy credits.');
      expect(el.querySelector('form')).to.equal(null);
    });

    it('shows a signed-in user a buy button in a real form', async () => {
      await signIn({ sms: false });
      const el = await mount();
      expect(buy(el).type).to.equal('submit');
      expect(buy(el).textContent!.trim()).to.equal('Buy credits');
      expect(el.allowHttpOrigin).to.equal('');
    });

    it('explains the new tab to a signed-in user', async () => {
      await signIn();
      const el = await mount(
        html`<ct-connect endpoint="/connect"><ct-buy-credits></ct-buy-credits></ct-connect>`,
      );
      await until(() => text(el, 'text').includes('opens in a new tab'));
    });
  });

  describe('the URL check', () => {
    it('opens https URLs', () => {
      expect(safeBuyUrl('https://www.clickatell.com/buy?auth_id=abc')).to.equal(
        'https://www.clickatell.com/buy?auth_id=abc',
      );
    });

    it('refuses javascript:, data:, other schemes, credentials and garbage', () => {
      for (const url of [
        'javascript:alert(1)',
        'JavaScript:alert(1)',
        ' javascript:alert(1)',
        'data:text/html,<script>alert(1)</script>',
        'vbscript:x',
        'file:///etc/passwd',
        'ftp://example.com/',
        'https://user:pass@evil.example/',
        '//evil.example/',
        'not a url',
        '',
        undefined,
      ]) {
        expect(safeBuyUrl(url, ['http://localhost:5173']), String(url)).to.equal(undefined);
      }
    });

    it('refuses http: except on the origins allowed for development', () => {
      expect(safeBuyUrl('http://evil.example/buy')).to.equal(undefined);
      expect(safeBuyUrl('http://localhost:5174/buy', ['http://localhost:5173'])).to.equal(undefined);
      expect(safeBuyUrl('http://localhost:5173/_emulator/buy/1', ['http://localhost:5173'])).to.equal(
        'http://localhost:5173/_emulator/buy/1',
      );
    });
  });

  describe('attributes', () => {
    it('allow-http-origin adds origins, and a same-origin relay allows the page’s own origin', async () => {
      const el = await mount(
        html`<ct-buy-credits allow-http-origin="http://a.test:1 http://b.test"></ct-buy-credits>`,
      );
      expect(el.httpOrigins).to.deep.equal(['http://a.test:1', 'http://b.test', location.origin]);
      const remote = await mount(html`<ct-buy-credits endpoint=${DOWN_ENDPOINT}></ct-buy-credits>`);
      expect(remote.httpOrigins).to.deep.equal([]);
    });
  });

  describe('events', () => {
    it('opens a fresh buy page in a new tab with no opener and no referrer, and keeps the URL out of the event', async () => {
      await signIn();
      const el = await mount();
      // A headless popup cannot be looked into: the "tab" here is a same-origin frame.
      const frame = document.createElement('iframe');
      frame.title = 'stand-in tab';
      document.body.append(frame);
      const tab = frame.contentWindow!;
      const opened: { href: string; rel: string }[] = [];
      tab.document.addEventListener(
        'click',
        (e) => {
          const a = e.target as HTMLAnchorElement;
          opened.push({ href: a.href, rel: a.rel });
          e.preventDefault();
        },
        true,
      );
      const real = window.open;
      window.open = () => tab;
      try {
        for (let i = 0; i < 2; i++) {
          const event = oneEvent(el, 'ct-buy-credits-opened');
          buy(el).click();
          const { detail } = await event;
          expect(detail).to.deep.equal({ origin: new URL(opened[i]!.href).origin });
        }
      } finally {
        window.open = real;
        frame.remove();
      }
      expect(opened).to.have.length(2);
      expect(opened[0]!.href).to.match(/^https:\/\/.*\/_emulator\/buy\//);
      expect(opened[1]!.href).not.to.equal(opened[0]!.href);
      expect(opened[0]!.rel).to.equal('noreferrer noopener');
      expect(tab.opener).to.equal(null);
      expect(text(el, 'status')).to.equal('The buy-credits page is open in a new tab.');
      await expect(el).to.be.accessible();
    });

    it('explains that the mobile number must be confirmed first (104)', async () => {
      await signIn({ sms: false });
      const el = await mount();
      const error = oneEvent(el, 'ct-error');
      buy(el).click();
      const { detail } = await error;
      expect(detail).to.include({ action: 'buy_credits_url', code: '104' });
      await until(() => text(el, 'alert').includes('Confirm your mobile number first'));
      expect(detail.message).to.equal(text(el, 'alert'));
    });

    it('explains that the email address must be confirmed first (103)', async () => {
      const account = await signIn({ sms: false });
      // Signing in needs a confirmed address, so the account loses it afterwards, as
      // when an address is changed and awaits confirmation.
      const state = await (await fetch('/_emulator/state')).json();
      for (const a of state.accounts) if (a.user === account.user) a.emailActivated = false;
      await fetch('/_emulator/state', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(state),
      });
      const el = await mount();
      const error = oneEvent(el, 'ct-error');
      buy(el).click();
      expect((await error).detail.code).to.equal('103');
      await until(() => text(el, 'alert').includes('Confirm your email address first'));
      await expect(el).to.be.accessible();
    });

    it('asks a user whose session has ended elsewhere to sign in again', async () => {
      await signIn({ sms: false });
      const el = await mount();
      // Signed out behind the page's back (another tab, an expired cookie).
      await fetch('/connect/logout', { method: 'POST', headers: { 'X-CT-Connect': '1' } });
      const error = oneEvent(el, 'ct-error');
      buy(el).click();
      expect((await error).detail.code).to.equal('not_signed_in');
      await until(() => text(el, 'alert').includes('Sign in again'));
      await until(() => !el.connect.session, 'the page still thinks someone is signed in');
      expect(el.querySelector('form')).to.equal(null);
    });

    it("does not show one user's messages to the next", async () => {
      await signIn({ sms: false });
      const el = await mount();
      el.setStatus('The buy-credits page is open in a new tab.');
      await el.connect.store.signOut();
      await until(() => !text(el, 'status'), 'the last user’s message is still shown');
    });
  });

  describe('keyboard', () => {
    it('opens the buy page by keyboard alone', async () => {
      await signIn();
      const el = await mount();
      buy(el).focus();
      const event = oneEvent(el, 'ct-buy-credits-opened');
      await sendKeys({ press: 'Enter' });
      expect((await event).detail.origin).to.match(/^https:/);
    });
  });

  describe('failures', () => {
    it('says the server cannot be reached, not "sign in", when the relay is down', async () => {
      const el = await mount(html`<ct-buy-credits endpoint=${DOWN_ENDPOINT}></ct-buy-credits>`);
      await until(() => text(el, 'text').includes("couldn't reach the server"), text(el, 'text'));
      expect(text(el, 'text')).not.to.contain('Sign in');
    });

    it('tells the user to wait when rate limited', async () => {
      await signIn({ endpoint: '/connect-limited', sms: false });
      const el = await mount(html`<ct-buy-credits endpoint="/connect-limited"></ct-buy-credits>`);
      const error = oneEvent(el, 'ct-error');
      buy(el).click();
      expect((await error).detail.code).to.equal('rate_limited');
      await until(() => /Wait [\d,]+ seconds/.test(text(el, 'alert')));
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      await signIn({ sms: false });
      const el = await mount(html`<ct-buy-credits locale="fr"></ct-buy-credits>`);
      await until(() => buy(el).textContent!.trim() === 'Acheter des crédits', 'no French');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left', async () => {
      await signIn({ sms: false });
      const el = await mount(html`<ct-connect locale="ar"><ct-buy-credits></ct-buy-credits></ct-connect>`);
      await until(() => buy(el).textContent!.trim() === 'شراء رصيد', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      expect(el.querySelector('form')!.dir).to.equal('rtl');
      await expect(el).to.be.accessible();
    });
  });
});

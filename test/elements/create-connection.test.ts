import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/elements/create-connection/define.ts';
import '../../src/elements/connect/define.ts';
import type { CtCreateConnection } from '../../src/elements/create-connection/create-connection.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import {
  createAccount,
  DOWN_ENDPOINT,
  part,
  relay,
  resetEmulator,
  submit,
  text,
  type,
  until,
} from './helpers.ts';

const field = <T extends HTMLElement = HTMLInputElement>(el: HTMLElement, name: string) =>
  el.querySelector<T>(`form [name="${name}"]`);
const input = (el: HTMLElement, name: string) => field(el, name)!;
const errorOf = (el: HTMLElement, name: string) =>
  input(el, name).closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();
const labelOf = (el: HTMLElement, name: string) => input(el, name).labels![0]!.textContent!.trim();

async function signIn(endpoint = '/connect') {
  const account = await createAccount();
  await relay('authenticate_user', { user: account.user, password: account.password }, endpoint);
  await storeFor(endpoint).load(true);
  return account;
}

/** Mounted, with the connection types listed. */
async function mount(template = html`<ct-create-connection></ct-create-connection>`) {
  const root = await fixture<HTMLElement>(template);
  const el =
    root.localName === 'ct-create-connection'
      ? (root as CtCreateConnection)
      : root.querySelector('ct-create-connection')!;
  // The form with its types listed once the session is known, for a signed-in visitor only.
  await until(
    () =>
      (field<HTMLSelectElement>(el, 'connection_id')?.options.length ?? 0) > 2 ||
      (el.connect.ready && !el.connect.session),
    'no connection types',
  );
  return el;
}

/** Chooses the option whose text is `label`, as a user does. */
function choose(el: HTMLElement, name: string, label: string): string {
  const select = field<HTMLSelectElement>(el, name)!;
  const option = [...select.options].find((o) => o.textContent!.trim() === label)!;
  type(select, option.value);
  return option.value;
}

describe('ct-create-connection', () => {
  beforeEach(resetEmulator);

  describe('accessible', () => {
    it('is accessible with the form empty', async () => {
      await signIn();
      const el = await mount();
      await expect(el).to.be.accessible();
    });

    it('is accessible with FTP chosen and fields marked', async () => {
      await signIn();
      const el = await mount();
      choose(el, 'connection_id', 'FTP API');
      await until(() => field(el, 'ftp_password'));
      type(input(el, 'dial_prefix'), 'abc');
      submit(el).click();
      await until(() => errorOf(el, 'ftp_password'));
      await expect(el).to.be.accessible();
    });

    it('is accessible showing the new API ID', async () => {
      await signIn();
      const el = await mount();
      submit(el).click();
      await oneEvent(el, 'ct-connection-created');
      await until(() => part(el, 'api-id'));
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('renders a real form with every parameter, the lists from the relay and their defaults chosen', async () => {
      await signIn();
      const el = await mount();
      const form = el.querySelector('form')!;
      expect(form.getRootNode()).to.equal(document);
      const types = field<HTMLSelectElement>(el, 'connection_id')!;
      expect([...types.options].map((o) => o.textContent!.trim())).to.include.members([
        'HTTP API',
        'FTP API',
        'SMPP API',
      ]);
      expect(types.selectedOptions[0]!.textContent!.trim()).to.equal('HTTP API');
      const callbacks = field<HTMLSelectElement>(el, 'callback_type_id')!;
      expect(callbacks.selectedOptions[0]!.textContent!.trim()).to.equal('HTTP GET');
      for (const name of [
        'api_description',
        'ip_address',
        'dial_prefix',
        'callback_url',
        'callback_username',
        'callback_password',
      ]) {
        expect(input(el, name).form, name).to.equal(form);
      }
      expect(input(el, 'callback_password').type).to.equal('password');
      expect(input(el, 'callback_password').autocomplete).to.equal('off');
      expect(field(el, 'ftp_password')).to.equal(null);
      expect(labelOf(el, 'dial_prefix')).to.equal('Default dial prefix (optional)');
    });

    it('tells a visitor who is not signed in to sign in first', async () => {
      const el = await mount();
      await until(() => text(el, 'text') === 'Sign in to add a connection.');
    });
  });

  describe('attributes', () => {
    it('works alone with its own endpoint and inside <ct-connect>', async () => {
      await signIn();
      const alone = await mount(html`<ct-create-connection endpoint="/connect"></ct-create-connection>`);
      expect(submit(alone).textContent!.trim()).to.equal('Add connection');
      const inside = await mount(
        html`<ct-connect endpoint="/connect"><ct-create-connection></ct-create-connection></ct-connect>`,
      );
      expect(submit(inside).textContent!.trim()).to.equal('Add connection');
    });
  });

  describe('events', () => {
    it('creates a connection and shows its new API ID', async () => {
      await signIn();
      const el = await mount();
      type(input(el, 'api_description'), 'Shop notifications');
      type(input(el, 'ip_address'), '203.0.113.7, 203.0.113.8');
      type(input(el, 'dial_prefix'), '27');
      type(input(el, 'callback_url'), 'https://shop.example/status');
      choose(el, 'callback_type_id', 'JSON POST');
      const event = oneEvent(el, 'ct-connection-created');
      submit(el).click();
      const { detail } = await event;
      expect(detail.apiId).to.match(/^\d{7}$/);
      expect(detail).to.deep.equal({ apiId: detail.apiId, connectionId: '2', connectionType: 'HTTP API' });
      await until(() => text(el, 'api-id') === detail.apiId);
      expect(text(el, 'result')).to.contain('HTTP API');
      expect(text(el, 'status')).to.equal('Connection added.');
      expect(el.shadowRoot!.activeElement).to.equal(part(el, 'result'));
      expect(el.querySelector('form')).to.equal(null);
    });

    it('asks for an FTP password only when the FTP type is chosen, and requires it then', async () => {
      await signIn();
      const el = await mount();
      const ftp = choose(el, 'connection_id', 'FTP API');
      await until(() => field(el, 'ftp_password'));
      expect(labelOf(el, 'ftp_password')).to.equal('FTP password');
      expect(input(el, 'ftp_password').required).to.equal(true);
      expect(input(el, 'ftp_password').type).to.equal('password');
      submit(el).click();
      await until(() => errorOf(el, 'ftp_password') === 'Fill in this field.');
      expect(document.activeElement).to.equal(input(el, 'ftp_password'));
      type(input(el, 'ftp_password'), 'ftpSecret1');
      await until(() => errorOf(el, 'ftp_password') === '');
      const event = oneEvent(el, 'ct-connection-created');
      submit(el).click();
      const { detail } = await event;
      expect(detail).to.include({ connectionId: ftp, connectionType: 'FTP API' });
      expect(JSON.stringify(detail)).not.to.contain('ftpSecret1');
    });

    it('hides the FTP password again when another type is chosen', async () => {
      await signIn();
      const el = await mount();
      choose(el, 'connection_id', 'FTP API');
      await until(() => field(el, 'ftp_password'));
      choose(el, 'connection_id', 'SMPP API');
      await until(() => field(el, 'ftp_password') === null);
    });

    it('checks fields with the protocol’s rules as the user goes', async () => {
      await signIn();
      const el = await mount();
      const prefix = input(el, 'dial_prefix');
      type(prefix, '+27');
      prefix.dispatchEvent(new Event('blur'));
      await until(() => errorOf(el, 'dial_prefix').includes('digits only'));
      expect(prefix.getAttribute('aria-invalid')).to.equal('true');
      type(prefix, '27');
      await until(() => errorOf(el, 'dial_prefix') === '');
      const ips = input(el, 'ip_address');
      type(ips, '203.0.113');
      ips.dispatchEvent(new Event('blur'));
      await until(() => errorOf(el, 'ip_address').includes('203.0.113 is not a valid'));
      const url = input(el, 'callback_url');
      type(url, 'javascript:alert(1)');
      url.dispatchEvent(new Event('blur'));
      await until(() => errorOf(el, 'callback_url').includes('https://'));
    });

    it('copies the API ID, or says how to copy it by hand', async () => {
      await signIn();
      const el = await mount();
      submit(el).click();
      const { detail } = await oneEvent(el, 'ct-connection-created');
      const copy = await until(() => part(el, 'button'));
      expect(copy.textContent!.trim()).to.equal('Copy API ID');
      copy.click();
      // Headless Chromium may refuse the clipboard; either way the user is told.
      await until(
        () => text(el, 'status') === 'API ID copied.' || text(el, 'alert').includes('copy it yourself'),
      );
      if (text(el, 'status') === 'API ID copied.') {
        expect(await navigator.clipboard.readText()).to.equal(detail.apiId);
        // Confirmed where the user clicked, too.
        await until(() => copy.textContent!.trim() === 'API ID copied.');
      }
    });

    it('starts a new, empty form with "Add another connection"', async () => {
      await signIn();
      const el = await mount();
      type(input(el, 'api_description'), 'First');
      submit(el).click();
      await oneEvent(el, 'ct-connection-created');
      await until(() => part(el, 'link'));
      part(el, 'link')!.click();
      await until(() => field(el, 'api_description'));
      expect(input(el, 'api_description').value).to.equal('');
      await until(() => document.activeElement === input(el, 'connection_id'));
    });

    it('asks a user whose session has ended elsewhere to sign in again, keeping what was typed', async () => {
      const account = await signIn();
      const el = await mount();
      type(input(el, 'api_description'), 'Kept');
      // Signed out behind the page's back (another tab, an expired cookie).
      await fetch('/connect/logout', { method: 'POST', headers: { 'X-CT-Connect': '1' } });
      const error = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await error).detail).to.include({ action: 'create_connection', code: 'not_signed_in' });
      await until(() => text(el, 'alert').includes('Sign in again'));
      await until(() => field(el, 'api_description') === null, 'the form stays for a signed-out visitor');
      await relay('authenticate_user', { user: account.user, password: account.password });
      await el.connect.store.load(true);
      await until(() => field(el, 'api_description'), 'no form after signing in again');
      expect(input(el, 'api_description').value).to.equal('Kept');
    });

    it("does not show one user's new API ID to the next", async () => {
      await signIn();
      const el = await mount();
      submit(el).click();
      await oneEvent(el, 'ct-connection-created');
      await until(() => part(el, 'api-id'));
      await el.connect.store.signOut();
      await until(() => !part(el, 'api-id') && !text(el, 'status'), 'the API ID is still shown');
      await signIn();
      await until(() => field(el, 'api_description'), 'no form for the next user');
      expect(part(el, 'api-id')).to.equal(null);
    });
  });

  describe('keyboard', () => {
    it('adds a connection by keyboard alone', async () => {
      await signIn();
      const el = await mount();
      input(el, 'connection_id').focus();
      await sendKeys({ press: 'Tab' });
      expect(document.activeElement).to.equal(input(el, 'api_description'));
      await sendKeys({ type: 'Typed by keyboard' });
      const event = oneEvent(el, 'ct-connection-created');
      await sendKeys({ press: 'Enter' });
      const { detail } = await event;
      await until(() => el.shadowRoot!.activeElement === part(el, 'result'));
      expect(text(el, 'api-id')).to.equal(detail.apiId);
    });
  });

  describe('failures', () => {
    it('tells the user to check the connection when the relay is down', async () => {
      const root = await fixture<CtCreateConnection>(
        html`<ct-create-connection endpoint=${DOWN_ENDPOINT}></ct-create-connection>`,
      );
      await until(() => text(root, 'alert').includes('Check your internet connection'));
      // Said once, in the alert; never "sign in" when nobody could be asked.
      expect(part(root, 'text')!.hidden).to.equal(true);
    });

    it('tells the user to wait when rate limited, keeping what was typed', async () => {
      await signIn('/connect-limited');
      const el = await mount(html`<ct-create-connection endpoint="/connect-limited"></ct-create-connection>`);
      type(input(el, 'api_description'), 'Kept');
      const error = oneEvent(el, 'ct-error');
      submit(el).click();
      expect((await error).detail.code).to.equal('rate_limited');
      await until(() => /Wait [\d,]+ seconds/.test(text(el, 'alert')));
      expect(input(el, 'api_description').value).to.equal('Kept');
    });
  });

  describe('locale', () => {
    it('speaks French', async () => {
      await signIn();
      const el = await mount(html`<ct-create-connection locale="fr"></ct-create-connection>`);
      await until(() => submit(el).textContent!.trim() === 'Ajouter la connexion', 'no French');
      expect(labelOf(el, 'connection_id')).to.contain('Type de connexion');
      await expect(el).to.be.accessible();
    });

    it('speaks Arabic right to left, form included', async () => {
      await signIn();
      const el = await mount(
        html`<ct-connect locale="ar"><ct-create-connection></ct-create-connection></ct-connect>`,
      );
      await until(() => submit(el).textContent!.trim() === 'إضافة الاتصال', 'no Arabic');
      expect(part(el, 'base')!.dir).to.equal('rtl');
      expect(getComputedStyle(input(el, 'api_description')).direction).to.equal('rtl');
      await expect(el).to.be.accessible();
    });
  });
});

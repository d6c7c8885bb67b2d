/**
 * The elements hold their own on a themed page: with real third-party stylesheets that
 * style bare elements (Bootstrap 5, water.css, simple.css) loaded into the page, every
 * field, label, select, checkbox, button and link of every element computes the same
 * styles, and sits at the same place, as on a blank page. A screenshot of each element
 * under each stylesheet is saved in test-output/page-css/.
 */
import { expect, fixture, html, oneEvent } from '@open-wc/testing';
import { executeServerCommand, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import type { CtCaptcha } from '../../src/elements/captcha/captcha.ts';
import '../../src/index.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import {
  captchaCode,
  countryId,
  createAccount,
  input,
  relay,
  resetEmulator,
  submit,
  type,
  until,
  username,
} from './helpers.ts';

/** Clicks the middle of `node` with the real mouse, after scrolling it into view. */
async function click(node: Element): Promise<void> {
  node.scrollIntoView({ block: 'center', behavior: 'instant' });
  const r = node.getBoundingClientRect();
  await sendMouse({
    type: 'click',
    position: [Math.round(r.x + r.width / 2), Math.round(r.y + r.height / 2)],
  });
}

const SHEETS = {
  bootstrap: '/node_modules/bootstrap/dist/css/bootstrap.min.css',
  water: '/node_modules/water.css/out/water.min.css',
  simple: '/node_modules/simpledotcss/simple.min.css',
};

const PROPS = [
  'box-sizing',
  'display',
  'padding-top',
  'padding-right',
  'padding-bottom',
  'padding-left',
  'border-top',
  'border-right',
  'border-bottom',
  'border-left',
  'border-radius',
  'background-color',
  'background-image',
  'color',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'line-height',
  'letter-spacing',
  'text-transform',
  'text-decoration-line',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'appearance',
  'box-shadow',
] as const;

// What a visitor sees and uses: fields, labels, selects, checkboxes, buttons and links,
// the text around them, and the boxes that lay them out.
const NODES = 'form,label,input,select,button,a,h2,p,[part],[class^="ct-"]';

/** Every such node of `host`, light and shadow, nested elements' shadows included. */
function nodes(host: Element): Element[] {
  const found: Element[] = [];
  const walk = (root: Element | ShadowRoot) => {
    for (const node of root.querySelectorAll(NODES)) found.push(node);
    for (const inner of root.querySelectorAll('*')) if (inner.shadowRoot) walk(inner.shadowRoot);
  };
  walk(host);
  if (host.shadowRoot) walk(host.shadowRoot);
  return found;
}

/** Where each node is (relative to its element) and what it computes, keyed by a readable path. */
function measure(hosts: Element[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const host of hosts) {
    const origin = host.getBoundingClientRect();
    nodes(host).forEach((node, i) => {
      const key = `${host.localName} #${i} <${node.localName}${node.className ? '.' + node.className : ''}${
        node.getAttribute('part') ? ' part=' + node.getAttribute('part') : ''
      }${node.getAttribute('name') ? ' name=' + node.getAttribute('name') : ''}>`;
      const r = node.getBoundingClientRect();
      const style = getComputedStyle(node);
      // A node that is not rendered (an empty error) has no place to compare.
      if (node.getClientRects().length)
        out[`${key} box`] = [r.x - origin.x, r.y - origin.y, r.width, r.height]
          .map((n) => n.toFixed(1))
          .join();
      for (const prop of PROPS) out[`${key} ${prop}`] = style.getPropertyValue(prop);
    });
  }
  return out;
}

/** Loads the stylesheet at `href` into the page; returns what removes it again. */
async function loadSheet(href: string): Promise<() => void> {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  const loaded = new Promise((resolve, reject) => {
    link.onload = resolve;
    link.onerror = reject;
  });
  document.head.append(link);
  await loaded;
  await new Promise(requestAnimationFrame);
  return () => link.remove();
}

async function screenshots(hosts: Element[], name: string): Promise<void> {
  for (const host of hosts) {
    const r = host.getBoundingClientRect();
    await executeServerCommand('screenshot', {
      name: `page-css/${name}-${host.localName}`,
      clip: { x: r.x + scrollX, y: r.y + scrollY, width: Math.ceil(r.width), height: Math.ceil(r.height) },
    });
  }
}

/** The differences between the blank page's measures and a themed page's. */
function differences(blank: Record<string, string>, themed: Record<string, string>): string[] {
  const keys = new Set([...Object.keys(blank), ...Object.keys(themed)]);
  return [...keys].filter((k) => blank[k] !== themed[k]).map((k) => `${k}: ${blank[k]} -> ${themed[k]}`);
}

/** Measures `hosts` on the blank page, then under each stylesheet, and compares. */
async function holdTheirOwn(hosts: Element[], state: string): Promise<void> {
  await Promise.all(
    hosts.map((h) => (h as HTMLElement & { updateComplete: Promise<unknown> }).updateComplete),
  );
  // axe finds nothing in this state.
  for (const host of hosts) await expect(host).to.be.accessible();
  const blank = measure(hosts);
  await screenshots(hosts, `${state}-blank`);
  for (const [name, href] of Object.entries(SHEETS)) {
    const remove = await loadSheet(href);
    try {
      const themed = measure(hosts);
      await screenshots(hosts, `${state}-${name}`);
      expect(differences(blank, themed), `${state} under ${name}`).to.deep.equal([]);
    } finally {
      remove();
    }
  }
}

describe('on a page styled by third-party stylesheets', () => {
  before(async () => {
    await setViewport({ width: 1280, height: 900 });
  });
  beforeEach(resetEmulator);

  it('the sign-in and sign-up forms look as on a blank page, errors shown or not', async () => {
    const root = await fixture<HTMLElement>(
      html`<div>
        <ct-login></ct-login>
        <ct-register-form></ct-register-form>
      </div>`,
    );
    const [login, register] = [...root.children] as HTMLElement[];
    const select = await until(
      () =>
        register!.querySelector<HTMLSelectElement>('[name="country_id"] option[value]:not([value=""])')
          ?.parentElement as HTMLSelectElement,
    );
    type(select, await countryId('South Africa'));
    await until(
      () => register!.querySelector('ct-terms')?.shadowRoot?.querySelector('[part~="content"]'),
      'no terms',
    );
    await until(() => register!.querySelector('ct-captcha')?.shadowRoot?.querySelector('img'), 'no captcha');
    await holdTheirOwn([login!, register!], 'signed-out');
    // Every field marked, every error said.
    login!.querySelector('form')!.requestSubmit();
    register!.querySelector('form')!.requestSubmit();
    await until(() => input(register!, 'user').getAttribute('aria-invalid') === 'true');
    await until(() => input(login!, 'user').getAttribute('aria-invalid') === 'true');
    await holdTheirOwn([login!, register!], 'errors');
  });

  it('the signed-in elements look as on a blank page', async () => {
    const account = await createAccount();
    const answer = await relay('authenticate_user', { user: account.user, password: account.password });
    expect(answer.ok).to.equal(true);
    await storeFor('/connect').load(true);
    const root = await fixture<HTMLElement>(
      html`<div>
        <ct-login></ct-login>
        <ct-sms-activate></ct-sms-activate>
        <ct-buy-credits></ct-buy-credits>
        <ct-create-connection></ct-create-connection>
      </div>`,
    );
    const [, sms, credits, connection] = [...root.children] as HTMLElement[];
    await until(() => sms!.querySelector('[name="sms_activation_code"]'), 'no code form');
    await until(() => credits!.querySelector('.ct-submit'), 'no buy button');
    await until(
      () => connection!.querySelector('[name="connection_id"] option[value]:not([value=""])'),
      'no types',
    );
    await holdTheirOwn([...root.children], 'signed-in');
  });

  for (const [name, href] of Object.entries(SHEETS))
    it(`signs up and signs in, by mouse and keyboard, under ${name}`, async () => {
      const remove = await loadSheet(href);
      try {
        const root = await fixture<HTMLElement>(
          html`<div>
            <ct-register-form test-mode></ct-register-form>
            <ct-login></ct-login>
          </div>`,
        );
        const [register, login] = [...root.children] as HTMLElement[];
        await until(() => register!.querySelector('form') && login!.querySelector('form'));
        const user = username();
        await click(input(register!, 'fname'));
        await sendKeys({ type: 'Ada' });
        type(input(register!, 'sname'), 'Lovelace');
        type(input(register!, 'email_address'), `${user}@example.com`);
        const select = await until(() => {
          const s = input(register!, 'country_id') as unknown as HTMLSelectElement;
          return s.options.length > 1 ? s : undefined;
        });
        type(select, await countryId('South Africa'));
        type(input(register!, 'mobile_number'), '27821234567');
        type(input(register!, 'user'), user);
        await click(input(register!, 'password'));
        await sendKeys({ type: 'Secret123' });
        // The terms shown in full first: the checkbox below them has found its place.
        await until(() =>
          register!.querySelector('ct-terms')?.shadowRoot?.querySelector('[part~="content"]'),
        );
        await click(input(register!, 'accept_terms'));
        expect(input(register!, 'accept_terms').checked).to.equal(true);
        const captcha = await until(() => {
          const c = register!.querySelector<CtCaptcha>('ct-captcha');
          return c?.captchaId ? c : undefined;
        });
        await click(captcha.shadowRoot!.querySelector('input')!);
        await sendKeys({ type: await captchaCode(captcha.captchaId) });
        const registered = oneEvent(register!, 'ct-registered');
        await click(submit(register!));
        expect((await registered).detail.testMode).to.equal(true);

        const account = await createAccount();
        await click(input(login!, 'user'));
        await sendKeys({ type: account.user });
        await click(input(login!, 'password'));
        await sendKeys({ type: account.password });
        const signedIn = oneEvent(login!, 'ct-authenticated');
        await click(submit(login!));
        expect((await signedIn).detail.user).to.equal(account.user);
      } finally {
        remove();
      }
    });
});

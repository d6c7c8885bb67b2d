// What a visitor reads when the API refuses for reasons on Clickatell's side: a blocked
// address (002), an account switched off (006), a call or the whole API switched off
// (007, 008), plain http refused (009). The emulator's faults (PUT /_emulator/faults)
// cause them; each element that can meet one shows its plain-words message.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/elements/buy-credits/define.ts';
import '../../src/elements/captcha/define.ts';
import '../../src/elements/create-connection/define.ts';
import '../../src/elements/login/define.ts';
import '../../src/elements/register-form/define.ts';
import '../../src/elements/sms-activate/define.ts';
import '../../src/elements/terms/define.ts';
import { storeFor } from '../../src/context/connect-store.ts';
import { messages } from '../../src/strings/en-messages.ts';
import type { CtElement } from '../../src/elements/internal/ct-element.ts';
import { createAccount, input, relay, resetEmulator, submit, text, type, until } from './helpers.ts';

type Faults = {
  blockedIps?: string[];
  inactiveUsers?: string[];
  disabledActions?: string[];
  apiDisabled?: boolean;
  requireHttps?: boolean;
};

async function setFaults(faults: Faults): Promise<void> {
  const response = await fetch('/_emulator/faults', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });
  expect(response.status).to.equal(200);
}

/** The fault that makes `action` answer `code`. */
function faultFor(code: string, action: string, user: string): Faults {
  switch (code) {
    case '002':
      // The relay in the test runner calls the emulator in the same process: no address.
      return { blockedIps: ['unknown'] };
    case '006':
      return { inactiveUsers: [user] };
    case '007':
      return { disabledActions: [action] };
    case '008':
      return { apiDisabled: true };
    default:
      return { requireHttps: true };
  }
}

/** A new account, signed in through the relay. */
async function signIn(): Promise<{ user: string; password: string }> {
  const account = await createAccount();
  await relay('authenticate_user', { user: account.user, password: account.password });
  await storeFor('/connect').load(true);
  return account;
}

/** The alert of `el`, or of the element inside it that made the call. */
const alertOf = (el: Element): string =>
  text(el, 'alert') || (el.querySelector('ct-captcha') ? text(el.querySelector('ct-captcha')!, 'alert') : '');

// Terms are a list call, which the relay caches once answered: each test asks for a
// country no other test asks for, so the call reaches the emulator.
let termsCountry = 150;

interface Case {
  readonly tag: string;
  /** The call the element makes that meets the fault. */
  readonly action: string;
  /** Needs a signed-in visitor. */
  readonly session?: boolean;
  /** Mounts the element and makes it call `action` after `before` has switched the fault on. */
  run(before: () => Promise<void>, account: { user: string; password: string }): Promise<Element>;
}

const mountWith = async (before: () => Promise<void>, template: ReturnType<typeof html>) => {
  await before();
  return fixture<CtElement>(template);
};

const cases: Case[] = [
  {
    tag: 'ct-captcha',
    action: 'get_captcha',
    run: (before) => mountWith(before, html`<ct-captcha></ct-captcha>`),
  },
  {
    tag: 'ct-register-form',
    action: 'get_captcha',
    run: (before) => mountWith(before, html`<ct-register-form></ct-register-form>`),
  },
  {
    tag: 'ct-terms',
    action: 'get_list_terms',
    run: (before) =>
      mountWith(before, html`<ct-terms country-id=${String(termsCountry++)} format="html"></ct-terms>`),
  },
  {
    tag: 'ct-login',
    action: 'authenticate_user',
    async run(before, account) {
      const el = await fixture<CtElement>(html`<ct-login></ct-login>`);
      await until(() => el.querySelector('form'), 'no form');
      await before();
      type(input(el, 'user'), account.user);
      type(input(el, 'password'), account.password);
      submit(el).click();
      return el;
    },
  },
  {
    tag: 'ct-sms-activate',
    action: 'sms_activation_status',
    session: true,
    run: (before) => mountWith(before, html`<ct-sms-activate></ct-sms-activate>`),
  },
  {
    tag: 'ct-buy-credits',
    action: 'buy_credits_url',
    session: true,
    async run(before) {
      const el = await fixture<CtElement>(html`<ct-buy-credits></ct-buy-credits>`);
      await until(() => submit(el), 'no button');
      await before();
      submit(el).click();
      return el;
    },
  },
  {
    tag: 'ct-create-connection',
    action: 'create_connection',
    session: true,
    async run(before) {
      const el = await fixture<CtElement>(html`<ct-create-connection></ct-create-connection>`);
      await until(
        () => (el.querySelector<HTMLSelectElement>('[name="connection_id"]')?.options.length ?? 0) > 2,
        'no connection types',
      );
      await before();
      submit(el).click();
      return el;
    },
  },
];

// The codes whose cause is on Clickatell's side, and the elements that can meet each:
// every element meets the flow's codes; only calls that name an account meet 006.
const CODES = ['002', '006', '007', '008', '009'] as const;
const ACCOUNT_CALLS = ['authenticate_user', 'sms_activation_status', 'buy_credits_url', 'create_connection'];

describe("refusals from Clickatell's side", () => {
  beforeEach(resetEmulator);
  after(resetEmulator);

  for (const code of CODES) {
    describe(`${code}`, () => {
      const expected = messages[`e.${code}`];
      for (const c of cases.filter((c) => code !== '006' || ACCOUNT_CALLS.includes(c.action))) {
        it(`${c.tag} says, in plain words, what happened and what to do next`, async () => {
          const account = c.session ? await signIn() : await createAccount();
          const el = await c.run(() => setFaults(faultFor(code, c.action, account.user)), account);
          await until(() => alertOf(el) === expected, `${c.tag} never showed ${code}: "${alertOf(el)}"`);
          expect(alertOf(el)).to.not.match(/\b\d{3}\b|Error/);
          await expect(el).to.be.accessible();
        });
      }
    });
  }

  it('ct-register-form takes an email address as the username, and still marks one with a space', async () => {
    const el = await fixture<CtElement>(html`<ct-register-form></ct-register-form>`);
    await until(() => el.querySelector('form [name="user"]'), 'no form');
    const field = input(el, 'user');
    const error = () => field.closest('.ct-field')!.querySelector('.ct-error')!.textContent!.trim();
    type(field, 'jane doe');
    field.dispatchEvent(new Event('blur'));
    field.dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    await until(() => error() !== '', 'a username with a space is not marked');
    type(field, 'jane.doe+sms@example.com');
    await until(() => error() === '', 'an email-shaped username is marked');
    expect(field.getAttribute('aria-invalid')).to.equal('false');
  });

  it('ct-login signs in with an email address as the username, as the Android app registered', async () => {
    const user = `jane.${Date.now().toString(36)}+sms@example.com`;
    const account = await createAccount({ user, email: user });
    const el = await fixture<CtElement>(html`<ct-login></ct-login>`);
    await until(() => el.querySelector('form'), 'no form');
    type(input(el, 'user'), account.user);
    type(input(el, 'password'), account.password);
    submit(el).click();
    await until(() => el.connect.session?.user === account.user, 'not signed in');
    expect(alertOf(el)).to.equal('');
  });
});

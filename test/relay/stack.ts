/**
 * The emulator on its own HTTP port with the relay in front of it on another, as a site
 * runs them: the relay reaches the emulator over loopback, tests reach the emulator's
 * admin API directly.
 */
import {
  createEmulator,
  countryByIso,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/index.ts';
import type { RelayOptions } from '../../src/relay/index.ts';
import { Browser, relayOver, serveLazy, TOKEN, type Served } from './helpers.ts';

export interface Stack {
  readonly emulator: Emulator;
  readonly emulatorUrl: string;
  readonly relay: Served & { lines: string[] };
  browser(origin?: string): Browser;
  /** The code of an issued captcha, from the admin API. */
  captchaCode(id: string): Promise<string>;
  /** The outbox, from the admin API. */
  outbox(to?: string): Promise<{ type: string; to: string; link?: string; code?: string; text: string }[]>;
  /** A fresh captcha through the relay, with its answer. */
  captcha(browser: Browser): Promise<{ captcha_id: string; captcha_code: string }>;
  close(): Promise<void>;
}

export const ZA = countryByIso('ZA')!;

export async function startStack(
  relayOptions: Partial<RelayOptions> = {},
  emulatorOptions: Partial<EmulatorOptions> = {},
): Promise<Stack> {
  let emulator: Emulator | undefined;
  const upstream = await serveLazy(
    (origin) => (emulator = createEmulator({ tokens: [TOKEN], origin, ...emulatorOptions })),
  );
  const relay = await relayOver(upstream.url, { devOrigins: [upstream.url], ...relayOptions });
  const stack: Stack = {
    emulator: emulator!,
    emulatorUrl: upstream.url,
    relay,
    browser: (origin) => new Browser(relay.url, relayOptions.path ?? '/connect', origin),
    async captchaCode(id) {
      const response = await fetch(`${upstream.url}/_emulator/captcha/${id}`);
      if (!response.ok) throw new Error(`no captcha ${id}: ${response.status}`);
      return ((await response.json()) as { code: string }).code;
    },
    async outbox(to) {
      const query = to === undefined ? '' : `?to=${encodeURIComponent(to)}`;
      return (await (await fetch(`${upstream.url}/_emulator/outbox${query}`)).json()) as never;
    },
    async captcha(browser) {
      const answer = await browser.call('get_captcha');
      if (!answer.body?.ok) throw new Error(`get_captcha failed: ${answer.text}`);
      const id = answer.body.values[0].captcha_id as string;
      return { captcha_id: id, captcha_code: await stack.captchaCode(id) };
    },
    async close() {
      await relay.close();
      await upstream.close();
    },
  };
  return stack;
}

/** Registration fields for a new account (captcha added by the caller). */
export function newAccount(n: string | number): Record<string, string> {
  return {
    user: `user${n}`,
    password: `secret${n}x`,
    fname: 'José',
    sname: "O'Brien",
    email_address: `user${n}@example.com`,
    country_id: ZA.id,
    mobile_number: `2782555${String(n).padStart(4, '0').slice(-4)}`,
    accept_terms: '1',
  };
}

/** Registers and email-activates an account through the relay. */
export async function activeAccount(
  stack: Stack,
  browser: Browser,
  n: string | number,
): Promise<Record<string, string>> {
  const account = newAccount(n);
  const registered = await browser.call('register', { ...account, ...(await stack.captcha(browser)) });
  if (!registered.body?.ok) throw new Error(`register failed: ${registered.text}`);
  const mail = (await stack.outbox(account['email_address'])).findLast((m) => m.link);
  const activated = await fetch(mail!.link!, { redirect: 'manual' });
  await activated.body?.cancel();
  if (activated.status >= 400) throw new Error(`activation failed: ${activated.status}`);
  return account;
}

/**
 * Test helpers: the emulator's admin API (served by the test runner beside the relay at
 * /connect) and accounts made the way a user makes them, through the relay.
 */
import { waitUntil } from '@open-wc/testing';
import { storeFor } from '../../src/context/connect-store.ts';
import type { OutboxMessage } from '../../src/emulator/store.ts';

export const ENDPOINT = '/connect';
/** A port nothing listens on: the relay is "down". */
export const DOWN_ENDPOINT = 'http://127.0.0.1:9/connect';

/** The relays a test signs in through (see web-test-runner.config.mjs). */
const SIGNED_IN_ENDPOINTS = [ENDPOINT, '/connect-limited', '/connect-php'];

/** Forgets every account, captcha, lock-out and message; signs out of every relay. */
export async function resetEmulator(): Promise<void> {
  await fetch('/_emulator/reset', { method: 'POST' });
  for (const endpoint of SIGNED_IN_ENDPOINTS) {
    await fetch(`${endpoint}/logout`, { method: 'POST', headers: { 'X-CT-Connect': '1' } });
    // The page-wide store still remembers the last test's session.
    await storeFor(endpoint).load(true);
  }
}

/** The code of an issued captcha, as the emulator's admin API reveals it. */
export async function captchaCode(captchaId: string): Promise<string> {
  const res = await fetch(`/_emulator/captcha/${captchaId}`);
  return ((await res.json()) as { code: string }).code;
}

export type { OutboxMessage };

export async function outbox(): Promise<OutboxMessage[]> {
  return (await (await fetch('/_emulator/outbox')).json()) as OutboxMessage[];
}

/** Calls the relay directly, as a page script would. */
export async function relay(action: string, params: Record<string, string> = {}, endpoint = ENDPOINT) {
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-CT-Connect': '1' },
    body: JSON.stringify({ action, params }),
  });
  return (await res.json()) as {
    ok: boolean;
    values?: Record<string, string>[];
    errors?: { code: string }[];
  };
}

/** Follows an emulator link (activation) on the test server's own origin. */
export async function follow(link: string): Promise<void> {
  const url = new URL(link);
  await fetch(url.pathname + url.search, { redirect: 'manual' });
}

let serial = 0;
/** A fresh username, unique within the run. */
export function username(prefix = 'user'): string {
  return `${prefix}${Date.now().toString(36)}${++serial}`;
}

/** The id of a country by name, from the relay's list. */
export async function countryId(name: string): Promise<string> {
  const list = await relay('get_list_country');
  return list.values!.find((c) => c.name === name)!.country_id!;
}

/** Registers an account through the relay (and activates its email unless told not to). */
export async function createAccount(
  o: { user?: string; password?: string; email?: string; activate?: boolean } = {},
): Promise<{ user: string; password: string; email: string }> {
  const user = o.user ?? username();
  const password = o.password ?? 'Secret123';
  const email = o.email ?? `${user}@example.com`;
  const captcha = await relay('get_captcha');
  const captcha_id = captcha.values![0]!.captcha_id!;
  const answer = await relay('register', {
    user,
    password,
    fname: 'Ada',
    sname: 'Lovelace',
    email_address: email,
    country_id: await countryId('South Africa'),
    mobile_number: '27821234567',
    accept_terms: '1',
    captcha_id,
    captcha_code: await captchaCode(captcha_id),
  });
  if (!answer.ok) throw new Error(`register failed: ${JSON.stringify(answer.errors)}`);
  if (o.activate !== false) {
    const mail = (await outbox()).reverse().find((m) => m.to === email && m.link);
    await follow(mail!.link!);
  }
  return { user, password, email };
}

/** Waits until `fn` returns something truthy, and returns it. */
export async function until<T>(
  fn: () => T | Promise<T>,
  message = 'condition not met',
): Promise<NonNullable<T>> {
  let result: T | undefined;
  await waitUntil(async () => (result = await fn()), message, { timeout: 5000 });
  return result as NonNullable<T>;
}

/** Types into an input the way a user (or a password manager) does: value, then events. */
export function type(input: HTMLInputElement | HTMLSelectElement, value: string): void {
  input.focus();
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The node carrying CSS part `name` in an element's shadow root. */
export const part = (el: Element, name: string) =>
  el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
/** The trimmed text of that part, '' when it is absent. */
export const text = (el: Element, name: string) => part(el, name)?.textContent?.trim() ?? '';
/** The light-DOM form input named after the API parameter `name`. */
export const input = (el: Element, name: string) =>
  el.querySelector<HTMLInputElement>(`form [name="${name}"]`)!;
/** The light-DOM form's submit button. */
export const submit = (el: Element) => el.querySelector<HTMLButtonElement>('form .ct-submit')!;

// The demo page's own behaviour: the outbox panel, the event log and the switchers.
// The elements themselves come from the package's entry point, as a site would load them.
import '../src/index.ts';
import type { OutboxMessage } from '../src/emulator/store.ts';
import { CT_EVENTS } from '../src/elements/internal/events.ts';
import type { CtRegisterForm } from '../src/elements/register-form/register-form.ts';
import { ACTION_NAMES } from '../src/protocol/actions.ts';
import type { Faults } from '../src/emulator/store.ts';
import { isRtl } from '../src/strings/index.ts';
import { TEXTS, en, type Key } from './texts.ts';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

// The demo page's own texts, in every language the elements speak (texts.ts); the
// elements bring their own. index.html holds the English ones too, marked with
// data-i18n="key" (text) or data-i18n-attr="attribute:key".
let locale = 'en';
let shownLocale = '';
const t = (key: Key): string => (TEXTS[locale] ?? en)[key];

/** Text that reads left to right (an address, a number, JSON), isolated from the text around it. */
function ltr(text: string): HTMLElement {
  const bdi = document.createElement('bdi');
  bdi.dir = 'ltr';
  bdi.textContent = text;
  return bdi;
}

/** `key`'s text with `{name}` filled in by `value`. */
function filledIn(key: Key, name: string, value: string): Node[] {
  const [before = '', after = ''] = t(key).split(`{${name}}`);
  return [document.createTextNode(before), ltr(value), document.createTextNode(after)];
}

/** `key`'s text with `{to}` filled in. */
function withRecipient(key: Key, to: string): Node[] {
  return filledIn(key, 'to', to);
}

function formatTime(el: HTMLTimeElement): void {
  el.textContent = new Date(el.dateTime).toLocaleTimeString(locale);
}

function time(iso: string): HTMLTimeElement {
  const el = document.createElement('time');
  el.dateTime = iso;
  formatTime(el);
  return el;
}

function renderMessage(message: OutboxMessage): HTMLLIElement {
  const li = document.createElement('li');
  li.append(time(message.at));
  const head = document.createElement('strong');
  head.append(
    ...(message.type === 'sms'
      ? withRecipient('outbox.sms', `+${message.to}`)
      : withRecipient('outbox.email', message.to)),
  );
  li.append(head);
  // The emulator writes its messages in English, whatever the page's language.
  if (message.subject) {
    const subject = document.createElement('span');
    subject.lang = 'en';
    subject.textContent = message.subject;
    li.append(document.createElement('br'), subject);
  }
  if (message.code) {
    const code = document.createElement('div');
    code.className = 'code';
    code.append(ltr(message.code));
    li.append(code);
  }
  if (message.link) {
    const link = document.createElement('a');
    link.href = message.link;
    link.target = '_blank';
    link.rel = 'noopener';
    link.append(message.type === 'email' ? t('outbox.link') : ltr(message.link));
    li.append(document.createElement('br'), link);
  }
  if (!message.code && !message.link) {
    const text = document.createElement('div');
    text.lang = 'en';
    text.textContent = message.text;
    li.append(text);
  }
  return li;
}

let messages: OutboxMessage[] = [];
function renderOutbox(): void {
  $('#outbox').replaceChildren(...messages.map(renderMessage).reverse());
}

async function pollOutbox(): Promise<void> {
  try {
    const response = await fetch('/_emulator/outbox');
    if (response.ok) {
      const latest = (await response.json()) as OutboxMessage[];
      if (latest.length < messages.length) {
        messages = [];
        $('#outbox').replaceChildren();
      }
      for (const message of latest.slice(messages.length)) $('#outbox').prepend(renderMessage(message));
      messages = latest;
    }
  } catch {
    // The dev server restarting; the next poll catches up.
  }
  setTimeout(pollOutbox, 1000);
}

for (const type of CT_EVENTS) {
  document.addEventListener(type, (event) => {
    const li = document.createElement('li');
    li.append(time(new Date().toISOString()));
    const name = document.createElement('strong');
    name.append(ltr(type));
    li.append(name);
    const detail = (event as CustomEvent).detail;
    if (detail !== undefined && detail !== null) {
      const pre = document.createElement('div');
      pre.append(ltr(JSON.stringify(detail)));
      li.append(pre);
    }
    $('#events').prepend(li);
  });
}

// The faults panel: switches for the emulator's PUT /_emulator/faults (docs/emulator.md).
const faultsForm = $<HTMLFormElement>('#faults');
const faultField = <T extends Element>(name: string) => faultsForm.querySelector<T>(`[name="${name}"]`)!;
faultField<HTMLSelectElement>('action').append(
  ...ACTION_NAMES.map((name) =>
    Object.assign(document.createElement('option'), { value: name, textContent: name }),
  ),
);
let faults: Faults | undefined;
let faultsError = '';

/** What the panel's status says: the codes switched on, or why the last change failed. */
function showFaults(): void {
  const status = $('#faults-status');
  if (faultsError) {
    status.replaceChildren(...filledIn('faults.failed', 'error', faultsError));
    return;
  }
  if (!faults) return;
  const codes = [
    faults.blockedIps.length > 0 && '002',
    faults.inactiveUsers.length > 0 && '006',
    faults.disabledActions.length > 0 && '007',
    faults.apiDisabled && '008',
    faults.requireHttps && '009',
  ].filter(Boolean);
  if (codes.length === 0) status.textContent = t('faults.none');
  else status.replaceChildren(...filledIn('faults.on', 'codes', codes.join(', ')));
}

/** Sets the switches from the emulator's faults. */
function fillFaults(from: Faults): void {
  faults = from;
  const check = (name: string, on: boolean) => (faultField<HTMLInputElement>(name).checked = on);
  check('blockIp', from.blockedIps.length > 0);
  check('inactive', from.inactiveUsers.length > 0);
  if (from.inactiveUsers[0]) faultField<HTMLInputElement>('user').value = from.inactiveUsers[0];
  check('disable', from.disabledActions.length > 0);
  if (from.disabledActions[0]) faultField<HTMLSelectElement>('action').value = from.disabledActions[0];
  check('apiDisabled', from.apiDisabled);
  check('requireHttps', from.requireHttps);
  showFaults();
}

async function faultsRequest(init?: RequestInit): Promise<Faults & { lastSourceIp?: string }> {
  const response = await fetch('/_emulator/faults', init);
  const body = (await response.json()) as Faults & { lastSourceIp?: string; error?: string };
  if (!response.ok) throw new Error(body.error ?? String(response.status));
  return body;
}

/** Sends the switches as they are now; the emulator's answer is what the panel then shows. */
async function sendFaults(): Promise<void> {
  const on = (name: string) => faultField<HTMLInputElement>(name).checked;
  const user = faultField<HTMLInputElement>('user').value.trim();
  try {
    // The relay's address is whatever the emulator saw the last call come from.
    const source = on('blockIp') ? ((await faultsRequest()).lastSourceIp ?? 'unknown') : undefined;
    const next = {
      blockedIps: source === undefined ? [] : [source],
      inactiveUsers: on('inactive') && user !== '' ? [user] : [],
      disabledActions: on('disable') ? [faultField<HTMLSelectElement>('action').value] : [],
      apiDisabled: on('apiDisabled'),
      requireHttps: on('requireHttps'),
    };
    faultsError = '';
    fillFaults(
      await faultsRequest({
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(next),
      }),
    );
  } catch (error) {
    faultsError = error instanceof Error ? error.message : String(error);
    showFaults();
  }
}
faultsForm.addEventListener('change', () => void sendFaults());
faultsForm.addEventListener('submit', (event) => event.preventDefault());
// Whoever signs in is the account the panel offers to switch off.
document.addEventListener('ct-authenticated', (event) => {
  const input = faultField<HTMLInputElement>('user');
  if (!faultField<HTMLInputElement>('inactive').checked) input.value = event.detail.user;
});

let mode: 'starting' | 'emulator' | 'live' = 'starting';
// In live mode, the upstream the relay talks to when it is not the real Connect API; the
// config tells once it arrives.
let upstream: string | undefined = undefined;

function showMode(): void {
  if (mode === 'live' && upstream !== undefined)
    $('#mode').replaceChildren(...filledIn('mode.upstream', 'upstream', upstream));
  else $('#mode').textContent = t(`mode.${mode}`);
}

/** Puts the demo's own texts in the current language, and the page's direction with them. */
function translate(): void {
  const root = document.documentElement;
  root.lang = locale;
  root.dir = isRtl(locale) ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n]')) {
    el.textContent = t(el.dataset['i18n'] as Key);
  }
  for (const el of document.querySelectorAll<HTMLElement>('[data-i18n-attr]')) {
    const [attribute = '', key = ''] = el.dataset['i18nAttr']!.split(':');
    el.setAttribute(attribute, t(key as Key));
  }
  showMode();
  showFaults();
  for (const el of document.querySelectorAll<HTMLTimeElement>('#events time')) formatTime(el);
  renderOutbox();
}

const settings = $<HTMLFormElement>('.switchers');
function applySettings(): void {
  const data = new FormData(settings);
  document.body.className = `theme-${String(data.get('theme'))}`;
  locale = String(data.get('locale'));
  $('#connect').setAttribute('locale', locale);
  if (locale !== shownLocale) {
    shownLocale = locale;
    translate();
  }
}
settings.addEventListener('change', applySettings);
// The browser may have restored the switchers' values on reload.
applySettings();

// The activation link brings the visitor back here, to the sign-in form.
$<CtRegisterForm>('ct-register-form').activationRedirect = new URL('#sign-in', location.href).href;

const config = (await (await fetch('/_demo/config')).json()) as {
  mode: 'emulator' | 'live';
  upstream?: string;
};
mode = config.mode;
upstream = config.upstream;
showMode();
if (mode === 'live') {
  $('#mode').classList.add('live');
  $<HTMLElement>('#outbox-panel').hidden = true;
  $<HTMLElement>('#faults-panel').hidden = true;
} else {
  void pollOutbox();
  faultsRequest().then(fillFaults, (error: unknown) => {
    faultsError = error instanceof Error ? error.message : String(error);
    showFaults();
  });
}

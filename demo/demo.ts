// The demo page's own behaviour: the outbox panel, the event log and the switchers.
// The elements themselves come from the package's entry point, as a site would load them.
import '../src/index.ts';
import type { OutboxMessage } from '../src/emulator/store.ts';
import { CT_EVENTS } from '../src/elements/internal/events.ts';
import type { CtRegisterForm } from '../src/elements/register-form/register-form.ts';
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
} else {
  void pollOutbox();
}

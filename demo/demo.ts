// The demo page's own behaviour: the outbox panel, the event log and the switchers.
// The elements themselves come from the package's entry point, as a site would load them.
import '../src/index.ts';
import type { OutboxMessage } from '../src/emulator/store.ts';
import { CT_EVENTS } from '../src/elements/internal/events.ts';

const $ = <T extends Element>(selector: string) => document.querySelector<T>(selector)!;

function time(iso: string): HTMLTimeElement {
  const el = document.createElement('time');
  el.dateTime = iso;
  el.textContent = new Date(iso).toLocaleTimeString();
  return el;
}

function renderMessage(message: OutboxMessage): HTMLLIElement {
  const li = document.createElement('li');
  li.append(time(message.at));
  const head = document.createElement('strong');
  head.textContent = message.type === 'sms' ? `SMS to +${message.to}` : `Email to ${message.to}`;
  li.append(head);
  if (message.subject) li.append(document.createElement('br'), message.subject);
  if (message.code) {
    const code = document.createElement('div');
    code.className = 'code';
    code.textContent = message.code;
    li.append(code);
  }
  if (message.link) {
    const link = document.createElement('a');
    link.href = message.link;
    link.target = '_blank';
    link.rel = 'noopener';
    link.textContent = message.type === 'email' ? 'Open the link' : message.link;
    li.append(document.createElement('br'), link);
  }
  if (!message.code && !message.link) {
    const text = document.createElement('div');
    text.textContent = message.text;
    li.append(text);
  }
  return li;
}

let shown = 0;
async function pollOutbox(): Promise<void> {
  try {
    const response = await fetch('/_emulator/outbox');
    if (response.ok) {
      const messages = (await response.json()) as OutboxMessage[];
      if (messages.length < shown) {
        $('#outbox').replaceChildren();
        shown = 0;
      }
      for (const message of messages.slice(shown)) $('#outbox').prepend(renderMessage(message));
      shown = messages.length;
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
    name.textContent = type;
    li.append(name);
    const detail = (event as CustomEvent).detail;
    if (detail !== undefined && detail !== null) {
      const pre = document.createElement('div');
      pre.textContent = JSON.stringify(detail);
      li.append(pre);
    }
    $('#events').prepend(li);
  });
}

const settings = $<HTMLFormElement>('.switchers');
settings.addEventListener('change', () => {
  const data = new FormData(settings);
  document.body.className = `theme-${String(data.get('theme'))}`;
  const locale = String(data.get('locale'));
  document.documentElement.lang = locale;
  $('#connect').setAttribute('locale', locale);
});

const config = (await (await fetch('/_demo/config')).json()) as { mode: 'emulator' | 'live' };
const mode = $('#mode');
if (config.mode === 'live') {
  mode.textContent = 'Live: the relay talks to the real Clickatell Connect API.';
  mode.classList.add('live');
  $<HTMLElement>('#outbox-panel').hidden = true;
} else {
  mode.textContent = 'Emulator: nothing leaves this machine.';
  void pollOutbox();
}

/**
 * Per-locale string tables and the one lookup every element uses. A page overrides any
 * string, or adds a locale, with `addStrings(locale, {key: text})` before or after the
 * elements render (they re-render on the `ct-strings-changed` window event).
 *
 * English is built in, but for most of its messages for failed calls, which load when
 * the first failure needs one (`loadMessages()`: a page where nothing fails never
 * downloads them). Other bundled locales load on first use (a page in French never
 * downloads Arabic), so the text shows in English for the moment that takes. Which
 * locales are bundled is itself in a small chunk (locales.ts), so each added language
 * costs the main file nothing.
 *
 * A key whose text depends on a number `{n}` is its `other` plural form, beside one entry
 * per other plural category the language uses (`tooShort.one`; Arabic also `.zero`,
 * `.two`, `.few`, `.many`), chosen with `Intl.PluralRules`, and the number is written with
 * `Intl.NumberFormat`. Durations (the SMS cooldown) are such numbers of seconds.
 */
import { en, type StringKey, type StringTable } from './en.ts';

export type { StringKey, StringTable };

const tables: Record<string, StringTable> = { en: { ...en } };

const loading: Record<string, Promise<void>> = {};
let messages: Promise<void> | undefined;

function changed(): void {
  globalThis.dispatchEvent?.(new Event('ct-strings-changed'));
}

/**
 * Loads a bundled locale's table (no-op for English, unknown or loaded ones). Never
 * rejects: when the table's file cannot be fetched (a site that uploaded only the main
 * file of the CDN build), the text stays in English and the browser's console shows the
 * failed download.
 */
export function loadLocale(locale: string): Promise<void> {
  const base = locale.toLowerCase().split('-')[0]!;
  return (loading[base] ??=
    base == 'en'
      ? Promise.resolve()
      : import('./locales.ts')
          .then((m) => m.load(base))
          .then(
            (table) => {
              if (!table) return;
              // Overrides a page added before the table arrived still win.
              tables[base] = { ...table, ...tables[base] };
              changed();
            },
            () => {},
          ));
}

let messagesSettled = false;

/**
 * How a failure's code maps to a message key, from the messages chunk (every locale
 * uses it): codes sharing one message, and the setup refusals only a site's owner can fix.
 */
export const failures: { alias: Record<string, string>; setup: RegExp } = { alias: {}, setup: /$^/ };

/**
 * Loads the English messages for failed calls; await it before showing one. Never
 * rejects: offline, the elements fall back to the relay's or the API's own words, and
 * the next failure tries the download again.
 */
export function loadMessages(): Promise<void> {
  return (messages ??= import('./en-messages.ts').then(
    (m) => {
      // Overrides a page added before the table arrived still win.
      tables.en = { ...m.messages, ...tables.en };
      failures.alias = m.alias;
      failures.setup = m.setup;
      messagesSettled = true;
      changed();
    },
    () => {
      messagesSettled = true;
      messages = undefined;
    },
  ));
}

/** True once `loadMessages()` has loaded the messages or given up trying. */
export function hasMessages(): boolean {
  return messagesSettled;
}

/** Locales written right to left. */
const RTL = /^(ar|he|fa|ur|ps|yi|dv|ku|sd|ug)\b/i;

/** Merges `table` into `locale`'s strings (a page's overrides, or a whole new locale). */
export function addStrings(locale: string, table: StringTable): void {
  const key = locale.toLowerCase();
  tables[key] = { ...tables[key], ...table };
  changed();
}

/** True when `locale` is written right to left. */
export function isRtl(locale: string): boolean {
  return RTL.test(locale);
}

/**
 * The text for `key` in `locale` ("fr-CA" falls back to "fr", then to English), with
 * `{name}` placeholders filled from `vars`; `overrides` (an element's own) come first.
 * With a number `n`, the key's form for that number's plural category (`key.one`,
 * `key.few`...; the key itself is the `other` form), and numbers written the locale's way. Undefined when no table has the key.
 */
export function lookup(
  locale: string,
  key: string,
  vars?: Readonly<Record<string, string | number>>,
  overrides?: StringTable,
): string | undefined {
  const lower = locale.toLowerCase();
  void loadLocale(lower);
  const n = vars?.['n'];
  const keys = [key];
  let format: (value: number) => string = String;
  if (typeof n == 'number')
    try {
      keys.unshift(`${key}.${new Intl.PluralRules(lower).select(n)}`);
      format = new Intl.NumberFormat(lower).format;
    } catch {
      // Not a valid language tag: the key's own (`other`) form, digits as they are.
    }
  for (const table of [overrides, tables[lower], tables[lower.split('-')[0]!], tables.en])
    for (const k of keys) {
      const text = table?.[k];
      if (text != null)
        return text.replace(/\{(\w+)\}/g, (m, name: string) => {
          const value = vars?.[name];
          return value == null ? m : typeof value == 'number' ? format(value) : value;
        });
    }
  return undefined;
}

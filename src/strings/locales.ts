/**
 * The bundled translations, each its own chunk, fetched when a locale is first asked for.
 * This list is a chunk of its own too (loaded by strings/index.ts for any locale but
 * English), so adding a language here adds nothing to the main file.
 */
import type { StringTable } from './en.ts';

const LOCALES: Record<string, () => Promise<StringTable>> = {
  fr: () => import('./fr.ts').then((m) => m.fr),
  ar: () => import('./ar.ts').then((m) => m.ar),
  es: () => import('./es.ts').then((m) => m.es),
  pt: () => import('./pt.ts').then((m) => m.pt),
  de: () => import('./de.ts').then((m) => m.de),
  it: () => import('./it.ts').then((m) => m.it),
  nl: () => import('./nl.ts').then((m) => m.nl),
  sw: () => import('./sw.ts').then((m) => m.sw),
  // Simplified Chinese, for every Chinese locale (zh, zh-CN, zh-Hans, and zh-TW too).
  zh: () => import('./zh-Hans.ts').then((m) => m.zhHans),
  ja: () => import('./ja.ts').then((m) => m.ja),
  he: () => import('./he.ts').then((m) => m.he),
};

/** The bundled locales, by language code (without region or script). */
export const BUNDLED: readonly string[] = Object.keys(LOCALES);

/** The table of the bundled locale `base` (a language code, lower case), or undefined. */
export function load(base: string): Promise<StringTable | undefined> {
  return LOCALES[base]?.() ?? Promise.resolve(undefined);
}

/**
 * Countries and dial prefixes as the emulator serves them, derived from the
 * `countries-list` data package (never a hand-typed table). Ids are stable: 1-based in
 * English-name order, so Afghanistan is 1.
 */
import { countries } from 'countries-list';

/** One country of get_list_country, with what the emulator needs to know about it. */
export interface Country {
  /** The id get_list_country hands out. */
  readonly id: string;
  /** ISO 3166-1 alpha-2 code, upper case. */
  readonly iso: string;
  readonly name: string;
  /** Dial prefixes, digits only, in the data package's order. */
  readonly prefixes: readonly string[];
}

const collator = new Intl.Collator('en', { sensitivity: 'base' });

/** Every country, in id order. */
export const COUNTRIES: readonly Country[] = Object.entries(countries)
  .map(([iso, data]) => ({ iso, name: data.name, prefixes: data.phone.map((p) => String(p)) }))
  .sort((a, b) => collator.compare(a.name, b.name) || a.iso.localeCompare(b.iso))
  .map((c, i) => ({ id: String(i + 1), ...c }));

const byId = new Map(COUNTRIES.map((c) => [c.id, c]));
const byIso = new Map(COUNTRIES.map((c) => [c.iso, c]));

/** The country with get_list_country id `id` (leading zeros allowed), or undefined. */
export function countryById(id: string): Country | undefined {
  return /^\d+$/.test(id) ? byId.get(String(Number(id))) : undefined;
}

/** The country with ISO code `iso` (any case), or undefined. */
export function countryByIso(iso: string): Country | undefined {
  return byIso.get(iso.toUpperCase());
}

/** One record per (country, dial prefix) pair, in country id order. */
export const COUNTRY_PREFIXES: readonly { country_id: string; prefix: string }[] = COUNTRIES.flatMap((c) =>
  c.prefixes.map((prefix) => ({ country_id: c.id, prefix })),
);

const allPrefixes = new Set(COUNTRY_PREFIXES.map((p) => p.prefix));

/** Whether `prefix` is the dial prefix of some country. */
export function isKnownDialPrefix(prefix: string): boolean {
  return allPrefixes.has(prefix);
}

/** Whether an international mobile number starts with any country's dial prefix. */
export function hasKnownDialPrefix(mobile: string): boolean {
  for (let n = 1; n <= 4 && n <= mobile.length; n++) if (allPrefixes.has(mobile.slice(0, n))) return true;
  return false;
}

/**
 * ISO 3166-1 alpha-2 codes for the API's English country names. get_list_country gives
 * only an internal id and an English name; the relay adds `iso_code` to each record
 * (a documented extension of the JSON contract, docs/relay.md) so that the browser can
 * show the name in the visitor's language (Intl.DisplayNames).
 *
 * Server side only (it carries the whole table): the browser never imports it. The
 * table is data (`COUNTRY_CODES` in country-table.ts, normalised name -> code, generated
 * by `npm run countries`, so the relay loads no data package) with one small normalising
 * rule (`countryKey`), so another relay (PHP) can have both generated from here.
 *
 * Names come from the `countries-list` data package (its name and its aliases), from
 * the CLDR English names Node's Intl knows, and from the older ISO 3166 short names the
 * API's list may still use ("Korea, Republic of", "Viet Nam"; scripts/country-codes.ts).
 * A name none of them matches gets no code, and the browser keeps the API's text.
 */
import { COUNTRY_CODES } from './country-table.ts';

export { COUNTRY_CODES };

/**
 * The form a name is matched in: no accents, lower case, "&" as "and", "St" as "Saint",
 * punctuation and a leading "the" left out, "X, Republic of" read as "Republic of X".
 */
export function countryKey(name: string): string {
  let text = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ');
  const comma = /^([^,]+),\s*([^,]+)$/.exec(text);
  if (comma && /\b(of|the)\s*$/.test(comma[2]!)) text = `${comma[2]} ${comma[1]}`;
  return text
    .replace(/[^a-z0-9]+/g, ' ')
    .replace(/\bst\b/g, 'saint')
    .replace(/\bthe\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ISO 3166-1 alpha-2 code for an English country name, or undefined. */
export function isoCodeFor(name: string): string | undefined {
  const key = countryKey(name);
  return COUNTRY_CODES[key] ?? COUNTRY_CODES[countryKey(name.replace(/\s*\([^)]*\)/g, ''))] ?? undefined;
}

/**
 * get_list_country's records with `iso_code` added where the name has one; a record
 * whose name matches nothing is left as it is.
 */
export function withIsoCodes<T extends Readonly<Record<string, string>>>(records: readonly T[]): T[] {
  return records.map((record) => {
    const code = isoCodeFor(record['name'] ?? '');
    return code ? { ...record, iso_code: code } : record;
  });
}

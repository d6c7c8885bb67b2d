/**
 * ISO 3166-1 alpha-2 codes for the API's English country names. get_list_country gives
 * only an internal id and an English name; the relay adds `iso_code` to each record
 * (a documented extension of the JSON contract, docs/relay.md) so that the browser can
 * show the name in the visitor's language (Intl.DisplayNames).
 *
 * Server side only (it carries the whole table): the browser never imports it. The
 * table is data (`COUNTRY_CODES`, normalised name -> code) with one small normalising
 * rule (`countryKey`), so another relay (PHP) can have both generated from here.
 *
 * Names come from the `countries-list` data package (its name and its aliases), from
 * the CLDR English names Node's Intl knows, and from the older ISO 3166 short names the
 * API's list may still use ("Korea, Republic of", "Viet Nam"). A name none of them
 * matches gets no code, and the browser keeps the API's text.
 */
import { countries } from 'countries-list';

// ISO 3166 short names and other spellings that neither source above has.
const OTHER_NAMES: Readonly<Record<string, string>> = {
  'Bolivia, Plurinational State of': 'BO',
  'Bonaire, Sint Eustatius and Saba': 'BQ',
  'Brunei Darussalam': 'BN',
  Burma: 'MM',
  'Cape Verde': 'CV',
  'Congo, The Democratic Republic of the': 'CD',
  'Democratic Republic of Congo': 'CD',
  Congo: 'CG',
  'Congo, Republic of the': 'CG',
  "Cote D'Ivoire": 'CI',
  'Czech Republic': 'CZ',
  'East Timor': 'TL',
  'Falkland Islands (Malvinas)': 'FK',
  'Great Britain': 'GB',
  'Heard Island and McDonald Islands': 'HM',
  'Holy See (Vatican City State)': 'VA',
  'Iran, Islamic Republic of': 'IR',
  "Korea, Democratic People's Republic of": 'KP',
  'Korea, Republic of': 'KR',
  "Lao People's Democratic Republic": 'LA',
  'Libyan Arab Jamahiriya': 'LY',
  Macedonia: 'MK',
  'Macedonia, the Former Yugoslav Republic of': 'MK',
  'Micronesia, Federated States of': 'FM',
  'Moldova, Republic of': 'MD',
  'Palestinian Territory, Occupied': 'PS',
  'Palestine, State of': 'PS',
  'Russian Federation': 'RU',
  'Saint Helena, Ascension and Tristan da Cunha': 'SH',
  Swaziland: 'SZ',
  'Syrian Arab Republic': 'SY',
  'Taiwan, Province of China': 'TW',
  'Tanzania, United Republic of': 'TZ',
  Turkey: 'TR',
  USA: 'US',
  'United States of America': 'US',
  'Venezuela, Bolivarian Republic of': 'VE',
  'Viet Nam': 'VN',
  'Virgin Islands, British': 'VG',
  'Virgin Islands, U.S.': 'VI',
};

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

/** Every known spelling, as `countryKey` writes it, with its ISO 3166-1 alpha-2 code. */
export const COUNTRY_CODES: Readonly<Record<string, string>> = /* @__PURE__ */ (() => {
  const english = new Intl.DisplayNames('en', { type: 'region' });
  const table: Record<string, string> = {};
  const add = (name: string | undefined, code: string): void => {
    if (!name) return;
    table[countryKey(name)] ??= code;
    // "Falkland Islands (Malvinas)" is also "Falkland Islands".
    const plain = name.replace(/\s*\([^)]*\)/g, '');
    if (plain !== name) table[countryKey(plain)] ??= code;
  };
  // The data package's own names first: they are what the emulator serves.
  for (const [code, data] of Object.entries(countries)) add(data.name, code);
  for (const [code, data] of Object.entries(countries))
    for (const alias of (data as { alias?: string[] }).alias ?? []) add(alias, code);
  for (const code of Object.keys(countries)) add(english.of(code), code);
  for (const [name, code] of Object.entries(OTHER_NAMES)) add(name, code);
  return table;
})();

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

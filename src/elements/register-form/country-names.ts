/**
 * The countries of get_list_country named in the visitor's language and in its
 * alphabetical order: Intl.DisplayNames from the ISO code the relay adds (`iso_code`),
 * Intl.Collator for the order. A country without a code, or on an English page, keeps
 * the API's English name, marked as English (`lang`). A chunk of its own, loaded with the
 * lists: nothing of it is needed for the form's first render.
 */
export interface CountryOption {
  readonly value: string;
  readonly label: string;
  readonly iso?: string | undefined;
  readonly lang?: string;
}

// The last naming of each list, for the language it was made in.
const named = new WeakMap<readonly CountryOption[], [string, CountryOption[]]>();

export function countryOptions(countries: readonly CountryOption[], lang: string): readonly CountryOption[] {
  const last = named.get(countries);
  if (last?.[0] === lang) return last[1];
  let options: CountryOption[];
  try {
    const names = /^en\b/i.test(lang) ? undefined : new Intl.DisplayNames(lang, { type: 'region' });
    const order = new Intl.Collator(lang);
    options = countries
      .map((c) => {
        const name = c.iso && names?.of(c.iso);
        // DisplayNames answers an unknown code with the code itself.
        return name && name !== c.iso ? { value: c.value, label: name } : { ...c, lang: 'en' };
      })
      .sort((a, b) => order.compare(a.label, b.label));
  } catch {
    // Not a language tag: the API's names, in the API's order.
    options = [...countries];
  }
  named.set(countries, [lang, options]);
  return options;
}

/**
 * The terms and conditions documents the emulator serves under /_emulator/terms/. They are
 * placeholders that look like terms, clearly marked as the emulator's, never legal text:
 * a main version, and a version of its own for each country the options name.
 */
import { countryByIso } from './countries.ts';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A small, valid HTML5 page. `body` is HTML the caller has escaped. */
export function htmlPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
</head>
<body>
${body}
</body>
</html>
`;
}

interface TermsText {
  readonly title: string;
  readonly sections: readonly (readonly [string, string])[];
}

function termsFor(iso: string | undefined): TermsText {
  const country = iso ? countryByIso(iso) : undefined;
  const where = country ? `${country.name} version` : 'main version';
  const law = country ? `the laws of ${country.name}` : 'the laws of South Africa';
  return {
    title: `Clickatell terms and conditions (${where}, emulated)`,
    sections: [
      [
        'About this document',
        'This is a stand-in served by the ct-connect emulator for development and tests. It is not a legal document and binds no one.',
      ],
      [
        '1. The service',
        'Clickatell provides a messaging service that lets the account holder send and receive SMS messages through its connections.',
      ],
      [
        '2. Your account',
        'You keep your username and password secret and are responsible for what is sent through your account.',
      ],
      [
        '3. Credits',
        'Messages are paid for with credits bought in advance. Unused credits expire as the price list says.',
      ],
      [
        '4. Acceptable use',
        'You send messages only to people who asked for them, and never spam, fraud or unlawful content.',
      ],
      ['5. Governing law', `These terms are governed by ${law}.`],
    ],
  };
}

/** The terms document `file` (`main.txt`, `za.html`, ...), or undefined when there is none. */
export function termsDocument(
  file: string,
  ownTerms: readonly string[],
): { body: string; contentType: string } | undefined {
  const match = /^([a-z]{2}|main)\.(txt|html)$/.exec(file);
  if (!match) return undefined;
  const [, key, format] = match as unknown as [string, string, 'txt' | 'html'];
  if (key !== 'main' && !ownTerms.some((iso) => iso.toLowerCase() === key)) return undefined;
  const terms = termsFor(key === 'main' ? undefined : key);
  if (format === 'txt') {
    const body = [terms.title, '', ...terms.sections.flatMap(([heading, text]) => [heading, text, ''])].join(
      '\n',
    );
    return { body, contentType: 'text/plain; charset=utf-8' };
  }
  const sections = terms.sections
    .map(([heading, text]) => `<h2>${escapeHtml(heading)}</h2>\n<p>${escapeHtml(text)}</p>`)
    .join('\n');
  return {
    body: htmlPage(terms.title, `<h1>${escapeHtml(terms.title)}</h1>\n${sections}`),
    contentType: 'text/html; charset=utf-8',
  };
}

/** The file name of the terms for a country (ISO code, or undefined for unknown). */
export function termsFile(
  iso: string | undefined,
  ownTerms: readonly string[],
  format: 'txt' | 'html',
): string {
  const own = iso !== undefined && ownTerms.some((code) => code.toUpperCase() === iso.toUpperCase());
  return `${own ? iso.toLowerCase() : 'main'}.${format}`;
}

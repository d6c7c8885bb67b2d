/**
 * HTML terms as the relay hands them to browsers: a tree of allowed elements and text
 * (`content_nodes` of a get_list_terms record; docs/relay.md, "HTML terms"). The relay
 * builds it from the terms document (src/relay/terms-html.ts); `<ct-terms>` builds DOM from
 * it with createElement and text nodes only, checking it against the same rules.
 */

/**
 * One node: a string is text; an array is an element, `[name, attributes, ...children]`,
 * its name one of TERMS_ELEMENTS and its attributes those the rules below allow.
 */
export type TermsNode = string | TermsElement;
export type TermsElement = [name: string, attributes: Record<string, string>, ...children: TermsNode[]];

/**
 * A get_list_terms record as the relay answers it: the API's fields, the document it points
 * at (`content`, as served) and, for an HTML document, the tree to show (`content_nodes`).
 */
export interface TermsRecord {
  readonly URL_location?: string;
  readonly content: string;
  readonly content_type: 'text/plain' | 'text/html';
  readonly content_nodes?: readonly TermsNode[];
}

/**
 * Elements kept, with the attributes each may carry besides `lang` and `dir`. The relay
 * drops some other elements with their content and unwraps the rest (src/relay/terms-html.ts).
 */
export const TERMS_ELEMENTS: Readonly<Record<string, readonly string[]>> = {
  h1: [],
  h2: [],
  h3: [],
  h4: [],
  h5: [],
  h6: [],
  p: [],
  div: [],
  br: [],
  hr: [],
  blockquote: [],
  pre: [],
  ul: [],
  ol: ['start', 'type'],
  li: [],
  dl: [],
  dt: [],
  dd: [],
  a: ['href'],
  b: [],
  strong: [],
  i: [],
  em: [],
  u: [],
  s: [],
  small: [],
  sub: [],
  sup: [],
  code: [],
  table: [],
  caption: [],
  thead: [],
  tbody: [],
  tfoot: [],
  tr: [],
  th: ['colspan', 'rowspan', 'scope'],
  td: ['colspan', 'rowspan'],
};

/**
 * Elements dropped with everything inside them, text included: scripts, styles, templates,
 * what only shows without scripting or in frames, embedded content, form controls and the
 * document's head. `svg` and `math` are never HTML elements to a parser that follows the
 * HTML standard (they open SVG and MathML, dropped as such), but are named for parsers
 * that give no namespaces (PHP's DOMDocument). Every other element is unwrapped: it goes,
 * its content stays.
 */
export const TERMS_DROPPED: readonly string[] = [
  'head',
  'title',
  'script',
  'style',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'iframe',
  'frame',
  'frameset',
  'object',
  'embed',
  'applet',
  'canvas',
  'audio',
  'video',
  'textarea',
  'select',
  'button',
  'svg',
  'math',
];

/** Elements nested deeper than this are unwrapped (their text kept). */
export const TERMS_MAX_DEPTH = 32;

/** The values each attribute may have, matched whole and case-sensitively. */
export const TERMS_ATTRIBUTE_VALUES: Readonly<Record<string, RegExp>> = {
  lang: /^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$/,
  dir: /^(?:ltr|rtl|auto)$/,
  start: /^[0-9]{1,9}$/,
  type: /^[1aAiI]$/,
  colspan: /^[0-9]{1,3}$/,
  rowspan: /^[0-9]{1,3}$/,
  scope: /^(?:row|col|rowgroup|colgroup)$/,
};

/**
 * A link target kept: `href` parsed by the URL standard's parser against `base`, when it
 * gives an http or https URL without user name or password, as that URL's serialisation.
 */
export function termsLink(href: string, base?: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  return url.href;
}

/**
 * The value attribute `name` of element `element` keeps, or undefined when it is dropped.
 * `base` resolves relative links (the relay passes the terms document's URL).
 */
export function termsAttribute(
  element: string,
  name: string,
  value: string,
  base?: string,
): string | undefined {
  if (!Object.hasOwn(TERMS_ELEMENTS, element)) return undefined;
  if (name !== 'lang' && name !== 'dir' && !TERMS_ELEMENTS[element]!.includes(name)) return undefined;
  if (name === 'href') return termsLink(value, base);
  return Object.hasOwn(TERMS_ATTRIBUTE_VALUES, name) && TERMS_ATTRIBUTE_VALUES[name]!.test(value)
    ? value
    : undefined;
}

/**
 * HTML terms made safe on the server: the document is parsed as a browser would (parse5,
 * the HTML standard's parsing algorithm, scripting enabled) and walked into the tree of
 * allowed elements and text that docs/relay.md specifies ("HTML terms"). Browsers never
 * parse the document: `<ct-terms>` builds DOM from the tree, so hostile markup has nothing
 * to run, nothing for a Content-Security-Policy to report and no serialisation to mutate.
 */
import { parse, type DefaultTreeAdapterTypes as P } from 'parse5';
import {
  TERMS_DROPPED,
  TERMS_ELEMENTS,
  TERMS_MAX_DEPTH,
  termsAttribute,
  type TermsElement,
  type TermsNode,
} from '../protocol/terms.ts';

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/**
 * Elements dropped with everything inside them (TERMS_DROPPED). Elements outside the HTML
 * namespace (inside `<svg>` or `<math>`) are dropped with their content too. Every other
 * element is unwrapped: it goes, its content stays.
 */
const DROPPED: ReadonlySet<string> = new Set(TERMS_DROPPED);

/** Appends text to `out`, joined to the text before it. */
function appendText(out: unknown[], text: string): void {
  if (text === '') return;
  const last = out.length - 1;
  if (last >= 0 && typeof out[last] === 'string') out[last] = (out[last] as string) + text;
  else out.push(text);
}

/**
 * The terms document `html`, fetched from `url` (which relative links resolve against), as
 * the children of its `<body>` in the terms tree.
 */
export function termsNodes(html: string, url: string): TermsNode[] {
  const doc = parse(html, { scriptingEnabled: true });
  const root = doc.childNodes.find((n): n is P.Element => n.nodeName === 'html');
  const body = root?.childNodes.find((n): n is P.Element => n.nodeName === 'body');
  const out: TermsNode[] = [];
  if (!body) return out;
  // `out` of an element is the element itself: its name and attributes, then its children.
  // Depth first without recursion: a document of nothing but nested tags stays cheap.
  const stack: { nodes: P.ChildNode[]; next: number; out: unknown[]; depth: number }[] = [
    { nodes: body.childNodes, next: 0, out, depth: 0 },
  ];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const node = frame.nodes[frame.next++];
    if (!node) {
      stack.pop();
      continue;
    }
    if (node.nodeName === '#text') {
      appendText(frame.out, (node as P.TextNode).value);
      continue;
    }
    if (!('tagName' in node)) continue; // comments
    if (node.namespaceURI !== HTML_NAMESPACE || DROPPED.has(node.tagName)) continue;
    const name = node.tagName;
    if (Object.hasOwn(TERMS_ELEMENTS, name) && frame.depth < TERMS_MAX_DEPTH) {
      const attributes: Record<string, string> = {};
      for (const attr of node.attrs) {
        if (attr.namespace !== undefined || Object.hasOwn(attributes, attr.name)) continue;
        const value = termsAttribute(name, attr.name, attr.value, url);
        if (value !== undefined) attributes[attr.name] = value;
      }
      const element: TermsElement = [name, attributes];
      frame.out.push(element);
      stack.push({ nodes: node.childNodes, next: 0, out: element, depth: frame.depth + 1 });
    } else {
      // Unwrapped: its content goes where it was.
      stack.push({ nodes: node.childNodes, next: 0, out: frame.out, depth: frame.depth });
    }
  }
  return out;
}

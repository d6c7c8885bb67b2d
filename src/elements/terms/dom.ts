/**
 * DOM from the relay's terms tree (`content_nodes`; docs/relay.md, "HTML terms"), with
 * createElement, setAttribute and text nodes only: no HTML is parsed in the browser, so
 * there is nothing for a Content-Security-Policy or Trusted Types to refuse. The tree is
 * checked against the same rules the relay applied; anything else is left out.
 */
import { TERMS_ELEMENTS, TERMS_MAX_DEPTH, termsAttribute } from '../../protocol/terms.ts';

function append(parent: Node, nodes: readonly unknown[], depth: number): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      parent.appendChild(document.createTextNode(node));
      continue;
    }
    if (!Array.isArray(node) || depth >= TERMS_MAX_DEPTH) continue;
    const [name, attributes] = node as unknown[];
    if (typeof name !== 'string' || !Object.hasOwn(TERMS_ELEMENTS, name)) continue;
    if (typeof attributes !== 'object' || attributes === null || Array.isArray(attributes)) continue;
    const element = document.createElement(name);
    for (const [attr, value] of Object.entries(attributes)) {
      const kept = typeof value === 'string' ? termsAttribute(name, attr, value) : undefined;
      if (kept !== undefined) element.setAttribute(attr, kept);
    }
    if (name === 'a') {
      element.setAttribute('target', '_blank');
      element.setAttribute('rel', 'noopener noreferrer');
    }
    append(element, node.slice(2), depth + 1);
    parent.appendChild(element);
  }
}

/** See `termsFragment`. */
export function build(nodes: unknown): DocumentFragment {
  const fragment = document.createDocumentFragment();
  if (Array.isArray(nodes)) append(fragment, nodes, 0);
  return fragment;
}

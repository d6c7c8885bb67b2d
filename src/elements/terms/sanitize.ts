/**
 * The terms sanitiser: DOMPurify and its settings, in a module of their own so that only
 * pages that show HTML terms download them (`sanitizeTerms` in terms.ts imports it).
 */
import create from 'dompurify';

// An instance of our own, so the hook below never touches a DOMPurify the page uses.
// Without a window (imported on a server), DOMPurify gives an unsupported instance with
// nothing to hook into; sanitizing only ever runs in a browser.
const purify = create();
purify.addHook?.('afterSanitizeAttributes', (node) => {
  if (node.nodeName === 'A' && node instanceof Element) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer');
  }
});

/** See `sanitizeTerms`. */
export function sanitize(dirty: string): DocumentFragment {
  return purify.sanitize(dirty, {
    RETURN_DOM_FRAGMENT: true,
    FORBID_TAGS: [
      'style',
      'form',
      'input',
      'button',
      'textarea',
      'select',
      'img',
      'video',
      'audio',
      'iframe',
    ],
    FORBID_ATTR: ['style', 'id', 'name'],
  });
}

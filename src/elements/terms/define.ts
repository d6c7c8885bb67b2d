import { CtTerms } from './terms.ts';

export { CtTerms };
if (globalThis.window && !customElements.get('ct-terms')) customElements.define('ct-terms', CtTerms);

declare global {
  interface HTMLElementTagNameMap {
    'ct-terms': CtTerms;
  }
}

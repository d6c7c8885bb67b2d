import { CtConnect } from './connect.ts';

export { CtConnect };
if (globalThis.window && !customElements.get('ct-connect')) customElements.define('ct-connect', CtConnect);

declare global {
  interface HTMLElementTagNameMap {
    'ct-connect': CtConnect;
  }
}

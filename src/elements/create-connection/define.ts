import '../captcha/define.ts';
import { CtCreateConnection } from './create-connection.ts';

export { CtCreateConnection };
if (globalThis.window && !customElements.get('ct-create-connection'))
  customElements.define('ct-create-connection', CtCreateConnection);

declare global {
  interface HTMLElementTagNameMap {
    'ct-create-connection': CtCreateConnection;
  }
}

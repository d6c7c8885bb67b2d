import '../captcha/define.ts';
import { CtLogin } from './login.ts';

export { CtLogin };
if (globalThis.window && !customElements.get('ct-login')) customElements.define('ct-login', CtLogin);

declare global {
  interface HTMLElementTagNameMap {
    'ct-login': CtLogin;
  }
}

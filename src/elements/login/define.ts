import '../captcha/define.ts';
import { CtLogin } from './login.ts';

export { CtLogin };
if (!customElements.get('ct-login')) customElements.define('ct-login', CtLogin);

declare global {
  interface HTMLElementTagNameMap {
    'ct-login': CtLogin;
  }
}

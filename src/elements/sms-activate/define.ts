import '../captcha/define.ts';
import { CtSmsActivate } from './sms-activate.ts';

export { CtSmsActivate };
if (globalThis.window && !customElements.get('ct-sms-activate'))
  customElements.define('ct-sms-activate', CtSmsActivate);

declare global {
  interface HTMLElementTagNameMap {
    'ct-sms-activate': CtSmsActivate;
  }
}

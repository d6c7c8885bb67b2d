import { CtCaptcha } from './captcha.ts';

export { CtCaptcha };
if (globalThis.window && !customElements.get('ct-captcha')) customElements.define('ct-captcha', CtCaptcha);

declare global {
  interface HTMLElementTagNameMap {
    'ct-captcha': CtCaptcha;
  }
}

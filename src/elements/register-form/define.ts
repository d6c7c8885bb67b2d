import '../captcha/define.ts';
import '../terms/define.ts';
import { CtRegisterForm } from './register-form.ts';

export { CtRegisterForm };
if (globalThis.window && !customElements.get('ct-register-form'))
  customElements.define('ct-register-form', CtRegisterForm);

declare global {
  interface HTMLElementTagNameMap {
    'ct-register-form': CtRegisterForm;
  }
}

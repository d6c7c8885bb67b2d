import '../captcha/define.ts';
import { CtBuyCredits } from './buy-credits.ts';

export { CtBuyCredits };
if (globalThis.window && !customElements.get('ct-buy-credits'))
  customElements.define('ct-buy-credits', CtBuyCredits);

declare global {
  interface HTMLElementTagNameMap {
    'ct-buy-credits': CtBuyCredits;
  }
}

/**
 * ct-connect's browser entry point: importing it registers every element. To register
 * one tag only, import `ct-connect/elements/ct-<name>.js`; to get a class without
 * registering anything, import `ct-connect/elements/<name>/<name>.js`.
 */
import './elements/connect/define.ts';
import './elements/captcha/define.ts';
import './elements/login/define.ts';
import './elements/register-form/define.ts';
import './elements/sms-activate/define.ts';
import './elements/buy-credits/define.ts';
import './elements/create-connection/define.ts';
import './elements/terms/define.ts';

export { CtConnect } from './elements/connect/connect.ts';
export { CtCaptcha } from './elements/captcha/captcha.ts';
export { CtLogin } from './elements/login/login.ts';
export { CtRegisterForm } from './elements/register-form/register-form.ts';
export { CtSmsActivate } from './elements/sms-activate/sms-activate.ts';
export { CtBuyCredits } from './elements/buy-credits/buy-credits.ts';
export { CtCreateConnection } from './elements/create-connection/create-connection.ts';
export { CtTerms } from './elements/terms/terms.ts';
export { ConnectClient } from './client/connect-client.ts';
export { ConnectError } from './client/connect-error.ts';
export { addStrings } from './strings/index.ts';
export type * from './elements/internal/events.ts';

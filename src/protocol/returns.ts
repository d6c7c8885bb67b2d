/**
 * The fields of each call's `<Value>` records in a successful answer, spelled as on the
 * wire. Only the XML codec and the emulator read them, so they sit apart from the tables
 * in actions.ts, which the browser loads.
 */
import type { ActionName } from './actions.ts';

/** Per call, the fields of each record it returns. */
export const RETURNS: Readonly<Record<ActionName, readonly string[]>> = {
  get_list_country: ['country_id', 'name'],
  get_list_country_prefix: ['country_id', 'prefix'],
  get_list_account: ['account_id', 'account_type'],
  get_list_terms: ['URL_location'],
  register: [],
  resend_email_activation: ['UserNumber'],
  authenticate_user: ['Usernumber'],
  forgot_password: [],
  get_captcha: ['captcha_id', 'captcha_image'],
  sms_activation_status: ['Cellphone', 'UserNumber'],
  send_activation_sms: [],
  validate_activation_sms: [],
  get_list_callback: ['callback_type_id', 'callback_type'],
  get_list_connection: ['connection_type_id', 'connection_type'],
  create_connection: ['api_id'],
  buy_credits_url: ['buy_url'],
};

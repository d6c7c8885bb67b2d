/**
 * The user guide's words for each call and parameter: the call's summary, and each
 * parameter's "Name" column and short description. Kept apart from the tables in
 * actions.ts, which the browser loads, because only documentation and servers read
 * them; the constraints themselves stay in actions.ts.
 */
import type { ActionName } from './actions.ts';

export interface ActionGuide {
  /** The guide's number for the call, 1 to 16. */
  readonly number: number;
  /** What the call does, in one sentence. */
  readonly summary: string;
  /** Per parameter (by wire name): the guide's "Name" column and its "Short Description", shortened. */
  readonly params: Readonly<Record<string, readonly [label: string, description: string]>>;
}

/** The guide's text for every call. */
export const GUIDE: Readonly<Record<ActionName, ActionGuide>> = {
  get_list_country: {
    number: 1,
    summary: 'All country names and their ids.',
    params: {},
  },
  get_list_country_prefix: {
    number: 2,
    summary: 'All country dial prefixes and their country ids.',
    params: {},
  },
  get_list_account: {
    number: 3,
    summary: 'The Clickatell account types and their ids.',
    params: {},
  },
  get_list_terms: {
    number: 4,
    summary: 'The terms and conditions for a country, or for the country of an IP address.',
    params: {
      country_id: [
        'Country Identification',
        'The country whose terms to return; 0 looks the country up from the IP address',
      ],
      client_ip_address: [
        'Client IP Address',
        'IP address of the visitor, used when country_id is 0 or left out',
      ],
      terms_format: ['Terms Format', 'Terms as text (1) or HTML (2)'],
    },
  },
  register: {
    number: 5,
    summary: 'Registers a new Clickatell account and emails its activation link.',
    params: {
      test_mode: ['Enable Test Mode', 'Validate without creating the account'],
      account_id: ['Account Type Identification', 'The account type, as returned by get_list_account'],
      user: ['Username', "The new account's username (unique)"],
      password: ['Password', 'The new password'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
      fname: ['First Name', "User's first name"],
      sname: ['Surname', "User's surname"],
      email_address: ['Email Address', "User's email address"],
      company: ['Company', "User's company name"],
      country_id: ['Country Identification', 'The country, as returned by get_list_country'],
      mobile_number: ['Mobile Number', "User's mobile number in international format"],
      email_format: ['Email Format', 'Emails as plain text (1) or HTML (2)'],
      weekly_update: ['Weekly Balance Update', 'A weekly credit balance email'],
      accept_terms: ['Accept Terms and Conditions', "The user agrees to Clickatell's terms and conditions"],
      force_create: [
        'Force Account Creation',
        'Create the account even when the email address has one already',
      ],
      coupon_code: ['Coupon Code', 'A coupon or promotional code'],
      activation_redirect: [
        'Email Activation Redirect URL',
        'Where the activation link sends the user afterwards',
      ],
    },
  },
  resend_email_activation: {
    number: 6,
    summary: 'Resends the activation email, optionally to a new address.',
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      email_address: ['Email Address', 'Update the address and resend the activation email to it'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  authenticate_user: {
    number: 7,
    summary: "Checks a user's username and password.",
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  forgot_password: {
    number: 8,
    summary: 'Emails the user a new, randomly generated password.',
    params: {
      user: ['Username', 'Clickatell account username'],
      email_address: ['Email Address', 'The email address of the account'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  get_captcha: {
    number: 9,
    summary: 'A new captcha: its id and its PNG image, URL-encoded.',
    params: {},
  },
  sms_activation_status: {
    number: 10,
    summary: 'Whether the account is SMS activated (error 104 when it is not).',
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  send_activation_sms: {
    number: 11,
    summary: 'Sends the SMS activation code, optionally to a new mobile number.',
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      mobile_number: ['Mobile Number', 'Update the mobile number and send the code to it'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  validate_activation_sms: {
    number: 12,
    summary: 'SMS activates the account with the code the user received.',
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      sms_activation_code: ['SMS Activation Code', 'The activation code received on the mobile handset'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  get_list_callback: {
    number: 13,
    summary: 'The MT callback types and their ids.',
    params: {},
  },
  get_list_connection: {
    number: 14,
    summary: 'The messaging API connection types and their ids.',
    params: {},
  },
  create_connection: {
    number: 15,
    summary: "Adds a messaging API connection to the user's account and returns its API ID.",
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      connection_id: [
        'API Connection Identification',
        'The connection type, as returned by get_list_connection',
      ],
      ftp_password: ['FTP Password', 'Password for the FTP server (FTP API connections only)'],
      api_description: ['Connection Description', 'A description that tells this connection apart'],
      ip_address: ['IP Lockdown', 'Comma separated IP addresses allowed to use the connection'],
      dial_prefix: ['Default Dial Prefix', 'Dial prefix that replaces a leading zero'],
      callback_url: ['Callback URL', 'URL that receives message status notifications'],
      callback_type_id: ['Callback Type', 'How the callback is sent, as returned by get_list_callback'],
      callback_username: ['Callback Username', 'Basic authentication username for the callback'],
      callback_password: ['Callback Password', 'Basic authentication password for the callback'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
  buy_credits_url: {
    number: 16,
    summary: "A one-off link into the user's Clickatell account to buy credits.",
    params: {
      user: ['Username', 'Clickatell account username'],
      password: ['Password', 'Clickatell account password'],
      captcha_id: ['Captcha Identification', 'The captcha identification number returned by get_captcha'],
      captcha_code: ['Captcha Code', 'The captcha code displayed on the supplied image'],
    },
  },
};

/**
 * The Clickatell Connect API as data: its 16 calls, every parameter of the user guide's
 * tables, and the fields each call returns. The emulator, the relay, the client and the
 * forms all derive their behaviour from these tables; nothing else restates them.
 *
 * Browser-safe: no XML, no Node APIs.
 */

/**
 * How a parameter's value is checked.
 * - `username`: the guide's "Alphanumeric", taken literally (A-Z, a-z, 0-9).
 * - `password`: A-Z, a-z, 0-9, no spaces.
 * - `name`: a person's or company's name: letters of any script, digits, spaces,
 *   apostrophes, hyphens and full stops (PROTOCOL.md: people are named José and O'Brien).
 * - `email`: an email address.
 * - `mobile`: digits only, international format without a leading + or 0.
 * - `id`: a non-negative whole number (an id from one of the list calls).
 * - `enum`: one of `values`.
 * - `url`: an absolute http or https URL.
 * - `ip`: an IPv4 or IPv6 address.
 * - `ip-list`: one or more comma separated IPv4 addresses.
 * - `dial-prefix`: 1 to 4 digits.
 * - `captcha-id`: 32 hexadecimal characters, as get_captcha issues them.
 * - `alnum`: A-Z, a-z, 0-9.
 * - `text`: any text XML can carry (no control characters other than tab and newlines).
 */
export type ParamKind =
  | 'username'
  | 'password'
  | 'name'
  | 'email'
  | 'mobile'
  | 'id'
  | 'enum'
  | 'url'
  | 'ip'
  | 'ip-list'
  | 'dial-prefix'
  | 'captcha-id'
  | 'alnum'
  | 'text';

/**
 * When a parameter must be present.
 * - `required`: always.
 * - `optional`: never.
 * - `when-locked`: only while the account or the source IP is in captcha-required state
 *   (the guide's "***" rows).
 */
export type Presence = 'required' | 'optional' | 'when-locked';

/** One parameter of a call, as the guide's parameter table gives it. */
export interface ParamSpec {
  /** The name on the wire (lower case; element names are matched case-insensitively). */
  readonly name: string;
  /** The guide's "Name" column. */
  readonly label: string;
  readonly presence: Presence;
  readonly kind: ParamKind;
  /** The error code answered when the value is missing or breaks a constraint. */
  readonly error: string;
  /** A different code for a missing value, where the guide has one (accept_terms: 410). */
  readonly missingError?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  /** For `enum`: the allowed values. */
  readonly values?: readonly string[];
  /** A value the enum must take for the call to go ahead (accept_terms must be 1). */
  readonly mustBe?: string;
  /** The value the API assumes when the parameter is left out. */
  readonly default?: string;
  /**
   * The parameter belongs to a particular choice of another one: it is required when
   * `param` equals `equals`, and refused otherwise (ftp_password and the FTP API).
   */
  readonly onlyWhen?: { readonly param: string; readonly equals: string };
  /** The guide's "Short Description", shortened. */
  readonly description: string;
}

/** Which side effects and rules of the emulator and relay apply to a call. */
export type ActionGroup = 'list' | 'captcha' | 'registration' | 'account';

/** One of the 16 calls. */
export interface ActionSpec {
  readonly name: ActionName;
  /** The guide's number for the call, 1 to 16. */
  readonly number: number;
  readonly summary: string;
  readonly group: ActionGroup;
  /** True when the call takes user + password (the relay fills them in from a session). */
  readonly authenticated: boolean;
  readonly params: readonly ParamSpec[];
  /** The fields of each `<Value>` record of a successful answer, spelled as on the wire. */
  readonly returns: readonly string[];
}

export type ActionName =
  | 'get_list_country'
  | 'get_list_country_prefix'
  | 'get_list_account'
  | 'get_list_terms'
  | 'register'
  | 'resend_email_activation'
  | 'authenticate_user'
  | 'forgot_password'
  | 'get_captcha'
  | 'sms_activation_status'
  | 'send_activation_sms'
  | 'validate_activation_sms'
  | 'get_list_callback'
  | 'get_list_connection'
  | 'create_connection'
  | 'buy_credits_url';

/** The connection type whose connections need an FTP password (get_list_connection). */
export const FTP_CONNECTION_ID = '4';

// Parameters that several calls share. Their constraints differ slightly per call in the
// guide (a password's minimum length is stated for some calls only), so each call takes
// the shared shape and overrides what its own table says.

const user = (maxLength = 128): ParamSpec => ({
  name: 'user',
  label: 'Username',
  presence: 'required',
  kind: 'username',
  error: '431',
  minLength: 1,
  maxLength,
  description: 'Clickatell account username',
});

const password = (minLength = 6, maxLength = 32): ParamSpec => ({
  name: 'password',
  label: 'Password',
  presence: 'required',
  kind: 'password',
  error: '432',
  minLength,
  maxLength,
  description: 'Clickatell account password',
});

const captchaId = (presence: Presence): ParamSpec => ({
  name: 'captcha_id',
  label: 'Captcha Identification',
  presence,
  kind: 'captcha-id',
  error: '400',
  description: 'The captcha identification number returned by get_captcha',
});

const captchaCode = (presence: Presence): ParamSpec => ({
  name: 'captcha_code',
  label: 'Captcha Code',
  presence,
  kind: 'alnum',
  error: '401',
  minLength: 1,
  maxLength: 6,
  description: 'The captcha code displayed on the supplied image',
});

const emailAddress = (presence: Presence, description: string): ParamSpec => ({
  name: 'email_address',
  label: 'Email Address',
  presence,
  kind: 'email',
  error: '416',
  maxLength: 64,
  description,
});

const mobileNumber = (presence: Presence, description: string): ParamSpec => ({
  name: 'mobile_number',
  label: 'Mobile Number',
  presence,
  kind: 'mobile',
  error: '417',
  minLength: 7,
  maxLength: 30,
  description,
});

const enumParam = (
  name: string,
  label: string,
  error: string,
  values: readonly string[],
  defaultValue: string,
  description: string,
): ParamSpec => ({
  name,
  label,
  presence: 'optional',
  kind: 'enum',
  error,
  values,
  default: defaultValue,
  description,
});

const accountCall = (
  name: ActionName,
  number: number,
  summary: string,
  middle: readonly ParamSpec[],
  returns: readonly string[],
  passwordSpec: ParamSpec = password(),
): ActionSpec => ({
  name,
  number,
  summary,
  group: 'account',
  authenticated: true,
  params: [user(), passwordSpec, ...middle, captchaId('when-locked'), captchaCode('when-locked')],
  returns,
});

const listCall = (
  name: ActionName,
  number: number,
  summary: string,
  returns: readonly string[],
): ActionSpec => ({ name, number, summary, group: 'list', authenticated: false, params: [], returns });

/** The 16 calls, in the guide's order. */
export const ACTIONS: readonly ActionSpec[] = [
  listCall('get_list_country', 1, 'All country names and their ids.', ['country_id', 'name']),
  listCall('get_list_country_prefix', 2, 'All country dial prefixes and their country ids.', [
    'country_id',
    'prefix',
  ]),
  listCall('get_list_account', 3, 'The Clickatell account types and their ids.', [
    'account_id',
    'account_type',
  ]),
  {
    name: 'get_list_terms',
    number: 4,
    summary: 'The terms and conditions for a country, or for the country of an IP address.',
    group: 'list',
    authenticated: false,
    params: [
      {
        name: 'country_id',
        label: 'Country Identification',
        presence: 'optional',
        kind: 'id',
        error: '406',
        default: '0',
        description: 'The country whose terms to return; 0 looks the country up from the IP address',
      },
      {
        name: 'client_ip_address',
        label: 'Client IP Address',
        presence: 'optional',
        kind: 'ip',
        error: '429',
        description: 'IP address of the visitor, used when country_id is 0 or left out',
      },
      enumParam('terms_format', 'Terms Format', '427', ['1', '2'], '1', 'Terms as text (1) or HTML (2)'),
    ],
    returns: ['URL_location'],
  },
  {
    name: 'register',
    number: 5,
    summary: 'Registers a new Clickatell account and emails its activation link.',
    group: 'registration',
    authenticated: false,
    params: [
      enumParam(
        'test_mode',
        'Enable Test Mode',
        '411',
        ['0', '1'],
        '0',
        'Validate without creating the account',
      ),
      {
        name: 'account_id',
        label: 'Account Type Identification',
        presence: 'optional',
        kind: 'id',
        error: '412',
        default: '1',
        description: 'The account type, as returned by get_list_account',
      },
      { ...user(), description: "The new account's username (unique)" },
      { ...password(), description: 'The new password' },
      captchaId('required'),
      captchaCode('required'),
      {
        name: 'fname',
        label: 'First Name',
        presence: 'required',
        kind: 'name',
        error: '433',
        minLength: 1,
        maxLength: 80,
        description: "User's first name",
      },
      {
        name: 'sname',
        label: 'Surname',
        presence: 'required',
        kind: 'name',
        error: '434',
        minLength: 1,
        maxLength: 80,
        description: "User's surname",
      },
      emailAddress('required', "User's email address"),
      {
        name: 'company',
        label: 'Company',
        presence: 'optional',
        kind: 'name',
        error: '435',
        maxLength: 80,
        default: 'Personal Use',
        description: "User's company name",
      },
      {
        name: 'country_id',
        label: 'Country Identification',
        presence: 'required',
        kind: 'id',
        error: '406',
        description: 'The country, as returned by get_list_country',
      },
      mobileNumber('required', "User's mobile number in international format"),
      enumParam(
        'email_format',
        'Email Format',
        '407',
        ['1', '2'],
        '1',
        'Emails as plain text (1) or HTML (2)',
      ),
      enumParam(
        'weekly_update',
        'Weekly Balance Update',
        '408',
        ['0', '1'],
        '0',
        'A weekly credit balance email',
      ),
      {
        name: 'accept_terms',
        label: 'Accept Terms and Conditions',
        presence: 'required',
        kind: 'enum',
        error: '409',
        missingError: '410',
        values: ['0', '1'],
        mustBe: '1',
        description: "The user agrees to Clickatell's terms and conditions",
      },
      enumParam(
        'force_create',
        'Force Account Creation',
        '413',
        ['0', '1'],
        '0',
        'Create the account even when the email address has one already',
      ),
      {
        name: 'coupon_code',
        label: 'Coupon Code',
        presence: 'optional',
        kind: 'alnum',
        error: '109',
        maxLength: 32,
        description: 'A coupon or promotional code',
      },
      {
        name: 'activation_redirect',
        label: 'Email Activation Redirect URL',
        presence: 'optional',
        kind: 'url',
        error: '415',
        maxLength: 2048,
        description: 'Where the activation link sends the user afterwards',
      },
    ],
    returns: [],
  },
  accountCall(
    'resend_email_activation',
    6,
    'Resends the activation email, optionally to a new address.',
    [emailAddress('optional', 'Update the address and resend the activation email to it')],
    ['UserNumber'],
    password(1, 32),
  ),
  accountCall('authenticate_user', 7, "Checks a user's username and password.", [], ['Usernumber']),
  {
    name: 'forgot_password',
    number: 8,
    summary: 'Emails the user a new, randomly generated password.',
    group: 'account',
    authenticated: false,
    params: [
      user(),
      emailAddress('required', 'The email address of the account'),
      captchaId('required'),
      captchaCode('required'),
    ],
    returns: [],
  },
  {
    name: 'get_captcha',
    number: 9,
    summary: 'A new captcha: its id and its PNG image, URL-encoded.',
    group: 'captcha',
    authenticated: false,
    params: [],
    returns: ['captcha_id', 'captcha_image'],
  },
  accountCall(
    'sms_activation_status',
    10,
    'Whether the account is SMS activated (error 104 when it is not).',
    [],
    ['Cellphone', 'UserNumber'],
  ),
  accountCall(
    'send_activation_sms',
    11,
    'Sends the SMS activation code, optionally to a new mobile number.',
    [mobileNumber('optional', 'Update the mobile number and send the code to it')],
    [],
  ),
  accountCall(
    'validate_activation_sms',
    12,
    'SMS activates the account with the code the user received.',
    [
      {
        name: 'sms_activation_code',
        label: 'SMS Activation Code',
        presence: 'required',
        kind: 'alnum',
        error: '418',
        minLength: 1,
        maxLength: 11,
        description: 'The activation code received on the mobile handset',
      },
    ],
    [],
  ),
  listCall('get_list_callback', 13, 'The MT callback types and their ids.', [
    'callback_type_id',
    'callback_type',
  ]),
  listCall('get_list_connection', 14, 'The messaging API connection types and their ids.', [
    'connection_type_id',
    'connection_type',
  ]),
  accountCall(
    'create_connection',
    15,
    "Adds a messaging API connection to the user's account and returns its API ID.",
    [
      {
        name: 'connection_id',
        label: 'API Connection Identification',
        presence: 'optional',
        kind: 'id',
        error: '419',
        default: '2',
        description: 'The connection type, as returned by get_list_connection',
      },
      {
        name: 'ftp_password',
        label: 'FTP Password',
        presence: 'optional',
        kind: 'alnum',
        error: '420',
        minLength: 1,
        maxLength: 10,
        onlyWhen: { param: 'connection_id', equals: FTP_CONNECTION_ID },
        description: 'Password for the FTP server (FTP API connections only)',
      },
      {
        name: 'api_description',
        label: 'Connection Description',
        presence: 'optional',
        kind: 'text',
        error: '428',
        description: 'A description that tells this connection apart',
      },
      {
        name: 'ip_address',
        label: 'IP Lockdown',
        presence: 'optional',
        kind: 'ip-list',
        error: '422',
        description: 'Comma separated IP addresses allowed to use the connection',
      },
      {
        name: 'dial_prefix',
        label: 'Default Dial Prefix',
        presence: 'optional',
        kind: 'dial-prefix',
        error: '421',
        description: 'Dial prefix that replaces a leading zero',
      },
      {
        name: 'callback_url',
        label: 'Callback URL',
        presence: 'optional',
        kind: 'url',
        error: '423',
        maxLength: 2048,
        description: 'URL that receives message status notifications',
      },
      {
        name: 'callback_type_id',
        label: 'Callback Type',
        presence: 'optional',
        kind: 'id',
        error: '424',
        default: '0',
        description: 'How the callback is sent, as returned by get_list_callback',
      },
      {
        name: 'callback_username',
        label: 'Callback Username',
        presence: 'optional',
        kind: 'alnum',
        error: '425',
        maxLength: 64,
        description: 'Basic authentication username for the callback',
      },
      {
        name: 'callback_password',
        label: 'Callback Password',
        presence: 'optional',
        kind: 'alnum',
        error: '426',
        maxLength: 64,
        description: 'Basic authentication password for the callback',
      },
    ],
    ['api_id'],
  ),
  accountCall(
    'buy_credits_url',
    16,
    "A one-off link into the user's Clickatell account to buy credits.",
    [],
    ['buy_url'],
    password(1, 32),
  ),
];

const byName = new Map<string, ActionSpec>(ACTIONS.map((a) => [a.name, a]));

/** Other spellings of action names the guide uses (PROTOCOL.md "Names the guide spells two ways"). */
export const ACTION_ALIASES: Readonly<Record<string, ActionName>> = {
  send_activation_status: 'sms_activation_status',
  resend_email_activation_email: 'resend_email_activation',
};

/** Other spellings of parameter names (matched after lower-casing). */
export const PARAM_ALIASES: Readonly<Record<string, string>> = {
  username: 'user',
};

/** The call named `name` (any case, aliases accepted), or undefined. */
export function getAction(name: string): ActionSpec | undefined {
  const key = name.trim().toLowerCase();
  return byName.get(ACTION_ALIASES[key] ?? key);
}

/** The canonical name of a parameter as received (any case, aliases accepted). */
export function canonicalParamName(name: string): string {
  const key = name.toLowerCase();
  return PARAM_ALIASES[key] ?? key;
}

/** The names of every call. */
export const ACTION_NAMES: readonly ActionName[] = ACTIONS.map((a) => a.name);

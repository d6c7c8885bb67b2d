/**
 * The Clickatell Connect API as data: its 16 calls, every parameter of the user guide's
 * tables. The emulator, the relay, the client and the
 * forms all derive their behaviour from these tables; nothing else restates them. The
 * guide's own words for each call and parameter are in guide.ts, out of the browser's way.
 *
 * Browser-safe: no XML, no Node APIs.
 */

/**
 * How a parameter's value is checked.
 * - `username`: A-Z, a-z, 0-9 and `@ . _ - +`: the guide says "Alphanumeric", but
 *   Clickatell's own Android app registered with the email address as the username, so
 *   the real API took email-shaped usernames (docs/protocol.md).
 * - `password`: A-Z, a-z, 0-9, no spaces.
 * - `name`: a person's or company's name: letters of any script, digits, spaces,
 *   apostrophes, hyphens and full stops (PROTOCOL.md: people are named José and O'Brien).
 * - `email`: an email address.
 * - `mobile`: digits only, international format without a leading + or 0.
 * - `id`: a non-negative whole number (an id from one of the list calls); the emulator
 *   reads "04" as "4" (`canonicalParams`), so every rule compares one spelling.
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
   * `param` equals `equals` (an id left out counts as 0, which no list gives: no choice),
   * and otherwise ignored, never checked, as the guide says of the IP address beside a
   * country (ftp_password and the FTP API; client_ip_address without a country).
   */
  readonly onlyWhen?: { readonly param: string; readonly equals: string };
}

/** Which side effects and rules of the emulator and relay apply to a call. */
export type ActionGroup = 'list' | 'captcha' | 'registration' | 'account';

/** One of the 16 calls. */
export interface ActionSpec {
  readonly name: ActionName;
  readonly group: ActionGroup;
  /** True when the call takes user + password (the relay fills them in from a session). */
  readonly authenticated: boolean;
  readonly params: readonly ParamSpec[];
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
  presence: 'required',
  kind: 'username',
  error: '431',
  minLength: 1,
  maxLength,
});

const password = (minLength = 6, maxLength = 32): ParamSpec => ({
  name: 'password',
  presence: 'required',
  kind: 'password',
  error: '432',
  minLength,
  maxLength,
});

const captchaId = (presence: Presence): ParamSpec => ({
  name: 'captcha_id',
  presence,
  kind: 'captcha-id',
  error: '400',
});

const captchaCode = (presence: Presence): ParamSpec => ({
  name: 'captcha_code',
  presence,
  kind: 'alnum',
  error: '401',
  minLength: 1,
  maxLength: 6,
});

const emailAddress = (presence: Presence): ParamSpec => ({
  name: 'email_address',
  presence,
  kind: 'email',
  error: '416',
  maxLength: 64,
});

const mobileNumber = (presence: Presence): ParamSpec => ({
  name: 'mobile_number',
  presence,
  kind: 'mobile',
  error: '417',
  minLength: 7,
  maxLength: 30,
});

const enumParam = (
  name: string,
  error: string,
  values: readonly string[],
  defaultValue: string,
): ParamSpec => ({
  name,
  presence: 'optional',
  kind: 'enum',
  error,
  values,
  default: defaultValue,
});

const accountCall = (
  name: ActionName,
  middle: readonly ParamSpec[],
  passwordSpec: ParamSpec = password(),
): ActionSpec => ({
  name,
  group: 'account',
  authenticated: true,
  params: [user(), passwordSpec, ...middle, captchaId('when-locked'), captchaCode('when-locked')],
});

const listCall = (name: ActionName): ActionSpec => ({
  name,
  group: 'list',
  authenticated: false,
  params: [],
});

/** The 16 calls, in the guide's order. */
export const ACTIONS: readonly ActionSpec[] = [
  listCall('get_list_country'),
  listCall('get_list_country_prefix'),
  listCall('get_list_account'),
  {
    name: 'get_list_terms',
    group: 'list',
    authenticated: false,
    params: [
      {
        name: 'country_id',
        presence: 'optional',
        kind: 'id',
        error: '406',
        default: '0',
      },
      {
        name: 'client_ip_address',
        presence: 'optional',
        kind: 'ip',
        error: '429',
        // "If both … the IP address will be ignored"; without a country it is the only way.
        onlyWhen: { param: 'country_id', equals: '0' },
      },
      enumParam('terms_format', '427', ['1', '2'], '1'),
    ],
  },
  {
    name: 'register',
    group: 'registration',
    authenticated: false,
    params: [
      enumParam('test_mode', '411', ['0', '1'], '0'),
      {
        name: 'account_id',
        presence: 'optional',
        kind: 'id',
        error: '412',
        default: '1',
      },
      user(),
      password(),
      captchaId('required'),
      captchaCode('required'),
      {
        name: 'fname',
        presence: 'required',
        kind: 'name',
        error: '433',
        minLength: 1,
        maxLength: 80,
      },
      {
        name: 'sname',
        presence: 'required',
        kind: 'name',
        error: '434',
        minLength: 1,
        maxLength: 80,
      },
      emailAddress('required'),
      {
        name: 'company',
        presence: 'optional',
        kind: 'name',
        error: '435',
        maxLength: 80,
        default: 'Personal Use',
      },
      {
        name: 'country_id',
        presence: 'required',
        kind: 'id',
        error: '406',
      },
      mobileNumber('required'),
      enumParam('email_format', '407', ['1', '2'], '1'),
      enumParam('weekly_update', '408', ['0', '1'], '0'),
      {
        name: 'accept_terms',
        presence: 'required',
        kind: 'enum',
        error: '409',
        missingError: '410',
        values: ['0', '1'],
        mustBe: '1',
      },
      enumParam('force_create', '413', ['0', '1'], '0'),
      {
        // The guide says only "Valid Clickatell Coupon Code": any text reaches the coupon
        // check, whose refusal says why (109 "Coupon Error: <why>").
        name: 'coupon_code',
        presence: 'optional',
        kind: 'text',
        error: '109',
      },
      {
        name: 'activation_redirect',
        presence: 'optional',
        kind: 'url',
        error: '415',
        maxLength: 2048,
      },
    ],
  },
  accountCall('resend_email_activation', [emailAddress('optional')], password(1, 32)),
  accountCall('authenticate_user', []),
  {
    name: 'forgot_password',
    group: 'account',
    authenticated: false,
    params: [user(), emailAddress('required'), captchaId('required'), captchaCode('required')],
  },
  {
    name: 'get_captcha',
    group: 'captcha',
    authenticated: false,
    params: [],
  },
  accountCall('sms_activation_status', []),
  accountCall('send_activation_sms', [mobileNumber('optional')]),
  accountCall('validate_activation_sms', [
    {
      name: 'sms_activation_code',
      presence: 'required',
      kind: 'alnum',
      error: '418',
      minLength: 1,
      maxLength: 11,
    },
  ]),
  listCall('get_list_callback'),
  listCall('get_list_connection'),
  accountCall('create_connection', [
    {
      name: 'connection_id',
      presence: 'optional',
      kind: 'id',
      error: '419',
      default: '2',
    },
    {
      name: 'ftp_password',
      presence: 'optional',
      kind: 'alnum',
      error: '420',
      minLength: 1,
      maxLength: 10,
      onlyWhen: { param: 'connection_id', equals: FTP_CONNECTION_ID },
    },
    {
      name: 'api_description',
      presence: 'optional',
      kind: 'text',
      error: '428',
    },
    {
      name: 'ip_address',
      presence: 'optional',
      kind: 'ip-list',
      error: '422',
    },
    {
      name: 'dial_prefix',
      presence: 'optional',
      kind: 'dial-prefix',
      error: '421',
    },
    {
      name: 'callback_url',
      presence: 'optional',
      kind: 'url',
      error: '423',
      maxLength: 2048,
    },
    {
      name: 'callback_type_id',
      presence: 'optional',
      kind: 'id',
      error: '424',
      default: '0',
    },
    {
      name: 'callback_username',
      presence: 'optional',
      kind: 'alnum',
      error: '425',
      maxLength: 64,
    },
    {
      name: 'callback_password',
      presence: 'optional',
      kind: 'alnum',
      error: '426',
      maxLength: 64,
    },
  ]),
  accountCall('buy_credits_url', [], password(1, 32)),
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
export const ACTION_NAMES: readonly ActionName[] = /* @__PURE__ */ ACTIONS.map((a) => a.name);

/**
 * The error table at the end of the Connect API user guide: every code with its message.
 * The "Possible errors" lists under each call use an older numbering that this table does
 * not define; answers.ts keeps them beside the codes each call can answer, and says which
 * codes of this table follow no call (436 and 440 duplicate 415 and 404).
 */

export interface ErrorSpec {
  readonly code: string;
  /** The guide's "Message" column: what an answer's `<Description>` carries. */
  readonly message: string;
  /** The guide's "Description" column. */
  readonly description: string;
}

const table: readonly (readonly [string, string, string])[] = [
  ['001', 'Success', 'API successfully executed.'],
  ['002', 'Source IP Address Blocked', 'The source IP address has been blocked by Clickatell.'],
  [
    '003',
    'Max IP auth attempts exceeded, captcha required',
    'Ten consecutive authentication failures from this source IP address; a captcha is required until a successful validation.',
  ],
  [
    '004',
    'Max user auth attempts exceeded, captcha required',
    'Two consecutive authentication failures on this username; a captcha is required until a successful validation.',
  ],
  ['005', 'Invalid Unique URL', 'The unique URL (token) is invalid.'],
  ['006', 'Account not active', 'The Clickatell account is not active.'],
  ['007', 'Command not allowed', 'The command has been disabled at a global or API level.'],
  ['008', 'Connect API disabled', 'The API has been disabled (no commands allowed).'],
  ['009', 'HTTP protocol not allowed, require HTTPS', 'The call was made over HTTP instead of HTTPS.'],
  ['100', 'Blocked Mobile Number', 'The activation mobile number has been blocked.'],
  ['101', 'Destination not covered', 'Delivery to the supplied mobile number is not available.'],
  [
    '102',
    'Max SMS activation attempts exceeded',
    'The account has exceeded the allowed number of SMS activation attempts.',
  ],
  ['103', 'Not email activated', 'The Clickatell account is not email activated.'],
  ['104', 'Not SMS activated', 'The Clickatell account is not SMS activated.'],
  [
    '105',
    'Matching account found (email address)',
    'An account with the same email address exists; force_create gets around this.',
  ],
  [
    '106',
    'Unable to create account due to restrictions',
    'The account cannot be registered because of trade embargo restrictions (IP address or country).',
  ],
  ['107', 'Account already email activated', 'The account is already email activated.'],
  ['108', 'Account already SMS activated', 'The account is already SMS activated.'],
  ['109', 'Coupon Error', 'The coupon could not be redeemed; the description says why.'],
  ['400', 'Invalid or missing captcha_ID', 'The captcha id is invalid or missing.'],
  ['401', 'Invalid or missing captcha_code', 'Valid captcha id with an invalid or missing captcha code.'],
  ['402', 'Captcha expired', 'The captcha has expired: 15 minutes or 1 failed attempt.'],
  ['403', 'Captcha already redeemed', 'The captcha has already been used.'],
  ['404', 'Authentication failed', 'Invalid username and/or password.'],
  ['405', 'Authentication failed', 'Invalid username and/or email address.'],
  ['406', 'Invalid or missing country ID', 'The country_id value is either invalid or missing.'],
  ['407', 'Invalid email_format', 'The email_format value is invalid.'],
  ['408', 'Invalid weekly update', 'The weekly_update value is invalid.'],
  ['409', 'Invalid accept_terms', 'The accept_terms value is invalid.'],
  ['410', 'Terms acceptance required', 'The accept_terms value is missing.'],
  ['411', 'Invalid Test_mode', 'The test_mode value is invalid.'],
  ['412', 'Invalid account_ID', 'The account_id is invalid.'],
  ['413', 'Invalid force_create', 'The force_create value is invalid.'],
  [
    '414',
    'Invalid or missing registration data',
    'One or more registration values are either invalid or missing.',
  ],
  ['415', 'Invalid activation_redirect', 'The activation_redirect URL is invalid.'],
  ['416', 'Invalid or missing email_address', 'The email_address value is either invalid or missing.'],
  ['417', 'Invalid or missing mobile_number', 'The mobile_number is either invalid or missing.'],
  [
    '418',
    'Invalid or missing sms_activation_code',
    'The sms_activation_code value is either invalid or missing.',
  ],
  ['419', 'Invalid connection_id', 'The connection_id value is invalid.'],
  ['420', 'Invalid or missing ftp_password', 'The ftp_password value is either invalid or missing.'],
  ['421', 'Invalid dial_prefix', 'The dial_prefix value is invalid.'],
  ['422', 'Invalid ip_address', 'The ip_address value is invalid.'],
  ['423', 'Invalid callback_URL', 'The callback_url value is invalid.'],
  ['424', 'Invalid callback_type', 'The callback_type value is invalid.'],
  ['425', 'Invalid callback_username', 'The callback_username value is invalid.'],
  ['426', 'Invalid callback_password', 'The callback_password is invalid.'],
  ['427', 'Invalid terms_format', 'The terms_format value is invalid.'],
  ['428', 'Invalid api_description', 'The api_description value is invalid.'],
  [
    '429',
    'Invalid or missing client_ip_address',
    'country_id was omitted so geo-IP location is used, and the IP address is missing or invalid.',
  ],
  ['430', 'Unknown service request', 'The service request is invalid.'],
  ['431', 'Invalid or missing username', 'The username is invalid or missing.'],
  ['432', 'Invalid or missing password', 'The password is invalid or missing.'],
  ['433', 'Invalid or missing firstname', 'The first name is invalid or missing.'],
  ['434', 'Invalid or missing surname', 'The surname is invalid or missing.'],
  ['435', 'Invalid or missing company', 'The company is invalid or missing.'],
  ['436', 'Invalid activation redirect', 'The activation_redirect URL is invalid.'],
  ['437', 'The credit value is not valid', 'The credit value passed is not a number or is empty.'],
  ['438', 'The user is not valid', 'The user number supplied does not match an existing account.'],
  ['439', 'Username is unavailable', 'The username provided is already in use.'],
  ['440', 'Incorrect username and/or password', 'The username and/or password combination is not valid.'],
  ['999', 'Unknown error', 'On error trap.'],
];

/** Every code of the guide's error table, keyed by code. */
// Marked pure so browser bundles that never read the table leave it out.
export const ERRORS: Readonly<Record<string, ErrorSpec>> = /* @__PURE__ */ (() =>
  Object.fromEntries(table.map(([code, message, description]) => [code, { code, message, description }])))();

export type ErrorCode = keyof typeof ERRORS;

/** The guide's message for `code`, or the message of 999 for a code the table lacks. */
export function errorMessage(code: string): string {
  return (ERRORS[code] ?? ERRORS['999']!).message;
}

/**
 * Codes that put an account call into captcha-required state: the next attempt must carry
 * captcha_id and captcha_code.
 */
export const CAPTCHA_REQUIRED_CODES: readonly string[] = ['003', '004'];

/** Codes that mean the captcha presented was not accepted and a new one is needed. */
export const CAPTCHA_REJECTED_CODES: readonly string[] = ['400', '401', '402', '403'];

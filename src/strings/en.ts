import type { messages } from './en-messages.ts';

/**
 * English, the reference table: with en-messages.ts, every key any element uses is here,
 * and the other locales translate these keys. `{name}` marks a value filled in at run time.
 */
export const en = {
  // Field validation, derived from the protocol's constraints (kind, length, presence).
  required: 'Fill in this field.',
  // The number {n}'s plural forms: the key itself is `other`, then one per category.
  'tooShort.one': 'Use at least {n} character.',
  tooShort: 'Use at least {n} characters.',
  'tooLong.one': 'Use at most {n} character.',
  tooLong: 'Use at most {n} characters.',
  invalid: 'Check this value.',
  'kind.id': 'Choose one of the options.',
  fix: 'Check the highlighted fields.',
  busy: 'Please wait…',
  choose: 'Choose…',
  optional: '(optional)',

  // What went wrong and what to do next, when the relay is out of reach, which must not
  // wait for a download that would fail the same way. The messages for every other
  // failure load with the first one, from en-messages.ts.
  'e.network':
    "We couldn't reach the server. Check your internet connection and try again; what you typed is kept.",

  // Parameter labels, shared by every form.
  'f.user': 'Username',
  'f.password': 'Password',
  'f.fname': 'First name',
  'f.sname': 'Last name',
  'f.email_address': 'Email address',
  'f.company': 'Company',
  'f.country_id': 'Country',
  'f.mobile_number': 'Mobile number',
  'f.account_id': 'Account type',
  'f.captcha_code': 'Type the characters shown in the picture',

  'captcha.alt': "Security picture of distorted characters. Can't read it? Ask for a new picture.",
  'captcha.refresh': 'New picture',
  'captcha.loading': 'Loading the picture…',
  'captcha.refreshed': 'A new picture is shown.',

  'login.title': 'Sign in',
  'login.account': 'Your account',
  'login.submit': 'Sign in',
  'login.forgot': 'Forgot your password?',
  'login.signedIn': 'Signed in as {user}.',
  'login.signOut': 'Sign out',
  'login.signedOut': 'You are signed out.',
  'resend.title': 'Confirm your email address',
  'resend.intro': 'We can send the activation email again, to the address you registered or to a new one.',
  'resend.email': 'New email address (leave empty to keep the registered one)',
  'resend.submit': 'Send the activation email',
  'resend.sent': 'Activation email sent. Open it and follow the link, then sign in.',
  'forgot.title': 'Reset your password',
  'forgot.intro': "Enter your username and your account's email address. We'll email you a new password.",
  'forgot.submit': 'Email me a new password',
  'forgot.sent': 'Check your email: we have sent you a new password.',
  'login.back': 'Back to sign in',

  'register.title': 'Create your account',
  'register.mobileHelp': 'International format, digits only, for example 27831234567.',
  'register.terms': 'Terms and conditions',
  'register.accept': 'I have read and accept the terms and conditions',
  'register.submit': 'Create account',
  'register.testMode': 'Test mode: the details are checked but no account is created.',
  'register.doneTitle': 'Check your email',
  'register.done': 'We sent an activation link to {email}. Open it, then sign in.',
  'register.doneTest': 'All details are valid. In test mode no account was created.',
  'register.resend': 'Send the email again',
  'register.resent': 'We sent the activation email again.',

  'sms.title': 'Confirm your mobile number',
  'sms.signIn': 'Sign in first, then confirm your mobile number here.',
  'sms.checking': 'Checking your mobile number…',
  'sms.intro':
    "Your mobile number isn't confirmed yet. We'll send you a code by SMS: type it here to confirm it.",
  'sms.done': 'Your mobile number is confirmed.',
  'sms.doneNumber': 'Your mobile number {number} is confirmed.',
  'sms.sendTitle': 'Send the code',
  'sms.codeTitle': 'Enter the code',
  'sms.numberHelp':
    'Leave empty for your registered number, or correct it: international format, digits only.',
  'sms.send': 'Send the code',
  'sms.resend': 'Send a new code',
  'sms.wait.one': 'You can ask for a new code in {n} second.',
  'sms.wait': 'You can ask for a new code in {n} seconds.',
  'sms.ready': 'You can ask for a new code now.',
  'sms.sent': 'We sent you a code by SMS: type it below.',
  'sms.sentTo': 'We sent the code to {number}. Wrong number? Correct it below and send a new code.',
  'sms.submit': 'Confirm',
  'sms.activated': 'Thank you: your mobile number is confirmed.',
  'f.sms_activation_code': 'Code from the SMS',

  'credits.title': 'Buy credits',
  'credits.intro': 'Buy message credits in your Clickatell account. The page opens in a new tab.',
  'credits.signIn': 'Sign in to buy credits.',
  'credits.button': 'Buy credits',
  'credits.opened': 'The buy-credits page is open in a new tab.',

  'connection.title': 'Add an API connection',
  'connection.intro': 'A connection lets your software send messages through your Clickatell account.',
  'connection.signIn': 'Sign in to add a connection.',
  'connection.ipHelp': 'Only these IP addresses may use it; separate them with commas.',
  'connection.prefixHelp': 'Replaces a leading 0 in the numbers you send to.',
  'connection.callbackHelp': 'Where we report the delivery status of your messages.',
  'connection.submit': 'Add connection',
  'connection.done': 'Connection added.',
  'connection.apiId': 'Your new {type} connection. Its API ID:',
  'connection.copy': 'Copy API ID',
  'connection.copied': 'API ID copied.',
  'connection.another': 'Add another connection',
  'f.connection_id': 'Connection type',
  'f.ftp_password': 'FTP password',
  'f.api_description': 'Description',
  'f.ip_address': 'Allowed IP addresses',
  'f.dial_prefix': 'Default dial prefix',
  'f.callback_url': 'Delivery callback URL',
  'f.callback_type_id': 'Callback type',
  'f.callback_username': 'Callback username',
  'f.callback_password': 'Callback password',

  'terms.title': 'Terms and conditions',
  'terms.loading': 'Loading the terms and conditions…',
  'terms.retry': 'Try again',

  'kind.ip-bad': '{ip} is not a valid IPv4 address. Separate addresses with commas.',
  'sms.doneTitle': 'Mobile number confirmed',
  show: 'Show',
  reveal: 'Show password',
  'help.user': 'Letters A to Z, digits and @ . _ - +, no spaces; at most {max} characters.',
  'help.password': 'Letters A to Z and digits, no spaces; {min} to {max} characters.',
  'register.signedIn': 'You are signed in as {user}: you already have an account.',
  'login.activated': 'Your email address is confirmed. Sign in.',
  'register.signInstead': 'Sign in instead',
};

export type StringKey = keyof typeof en | keyof typeof messages;
export type StringTable = Partial<Record<StringKey | (string & {}), string>>;

/**
 * English messages for failed calls: what went wrong and what to do next, per Connect API
 * code or relay refusal, and what a value of each kind must look like. Only needed once
 * a call or a field's check has failed, so they load when the first failure needs them
 * (strings/index.ts).
 */
// Codes that share one plain-words message, in every locale.
export const alias: Record<string, string> = {
  '004': '003',
  '440': '404',
  '402': '400',
  '403': '400',
  '409': '410',
  internal: '999',
  upstream_bad_answer: 'upstream_unreachable',
  unsafe_url: 'upstream_unreachable',
  sign_in_limited: 'rate_limited',
  store_unavailable: 'upstream_unreachable',
  // Values the site sets, not the visitor: only its owner can fix them.
  '407': 'setup',
  '408': 'setup',
  '411': 'setup',
  '413': 'setup',
  '427': 'setup',
};
// Refusals that only the site's owner can fix (token, allowlists, relay configuration).
export const setup =
  /^(00[5-9]|415|430|436|bad_request|unknown_param|unsendable_value|action_not_allowed|origin_not_allowed|header_missing|not_found|method_not_allowed|too_large|not_configured)$/;

export const messages = {
  // Checked as the visitor types, but rarely needed: a username with a space or an accent.
  // Until this chunk has loaded, such a username gets the general "Check this value."
  'kind.username': 'Use only letters A to Z, digits and @ . _ - +, no spaces.',
  'e.rate_limited': 'Too many attempts in a short time. Wait a moment, then try again.',
  'e.rate_limited_in.one': 'Too many attempts in a short time. Wait {n} second, then try again.',
  'e.rate_limited_in': 'Too many attempts in a short time. Wait {n} seconds, then try again.',
  'e.upstream_timeout':
    'The service is taking too long to answer. Try again in a moment; what you typed is kept.',
  'e.upstream_unreachable':
    'The service is not available right now. Try again in a few minutes; what you typed is kept.',
  'e.not_signed_in': 'Your session has ended. Sign in again.',
  'e.setup': "This site's connection to Clickatell is not working. Try again later or tell the site's owner.",
  'e.002':
    "Clickatell is refusing this site's requests right now. Try again later, or tell the site's owner; what you typed is kept.",
  'e.006': "This Clickatell account isn't active. Contact Clickatell support.",
  'e.007': "This action is turned off at the moment. Try again later or tell the site's owner.",
  'e.008':
    "The Clickatell service is turned off for this site at the moment. Try again later or tell the site's owner.",
  'e.009':
    "Clickatell refused this site's connection because it isn't secure. Tell the site's owner; trying again won't help.",
  'e.003': 'For your security, type the characters shown in the picture, then try again.',
  'e.103':
    "Your email address isn't confirmed yet. Open the activation email we sent you, or have it sent again.",
  'e.104': "Your mobile number isn't confirmed yet.",
  'e.105': 'An account with this email address already exists. Sign in instead, or use another address.',
  'e.106': "We can't open an account for this country or location.",
  'e.107': 'Your email address is already confirmed. You can sign in.',
  'e.108': 'Your mobile number is already confirmed.',
  'e.109': "This coupon code can't be used.",
  'e.400': 'The picture has expired. Type the characters shown in the new picture.',
  'e.401': "The characters don't match the picture. Type the characters shown in the new picture.",
  'e.404': 'The username or password is wrong. Check both and try again.',
  'e.405': "This username and email address don't belong to the same account. Check both and try again.",
  'e.439': 'This username is already taken. Choose another one.',
  'e.999': 'Something went wrong on our side. Try again in a moment; what you typed is kept.',
  'e.100': "We can't send SMS to this number. Enter another mobile number, then send the code again.",
  'e.101':
    "We can't deliver SMS to this number yet. Enter a mobile number in another country or network, then send the code again.",
  'e.102':
    "We've sent as many codes to this account as we can. Type the last code you received, or contact Clickatell support.",
  'e.418': 'This code is wrong or has expired. Type the code from the latest SMS, or send a new code.',
  'credits.103':
    'Confirm your email address first: open the activation email we sent you. Then you can buy credits.',
  'credits.104':
    'Confirm your mobile number first, with the code we send you by SMS. Then you can buy credits.',
  'e.414': 'Some of your details are missing or not valid. Check the form and try again.',
  'e.416': 'Enter a valid email address.',
  'e.417': 'Enter a valid mobile number in international format.',
  'e.419': 'Choose a connection type.',
  'e.420': 'Enter a valid FTP password.',
  'e.421': 'Check the default dial prefix: digits only, without +.',
  'e.422': 'Check the allowed IP addresses.',
  'e.423': 'Check the delivery callback URL.',
  'e.424': 'Choose a callback type.',
  'e.425': 'Check the callback username.',
  'e.426': 'Check the callback password.',
  'e.428': 'Check the description.',
  'e.429': "We couldn't tell your country from your connection. Choose your country.",
  'e.431': 'Enter a valid username.',
  'e.432': 'Enter a valid password.',
  'e.433': 'Enter a valid first name.',
  'e.434': 'Enter a valid last name.',
  'e.435': 'Enter a valid company name.',
  'e.437': 'Choose a valid number of credits.',
  'e.438': "We couldn't find your account. Sign in again.",
  // What each kind of value must look like: shown once the visitor has typed one that
  // does not (until this chunk arrives, "Check this value.", then this, in place).
  'kind.alnum': 'Use only letters A to Z and digits, no spaces.',
  'kind.name': 'Use letters, digits, spaces, apostrophes, hyphens or full stops.',
  'kind.email': 'Enter an email address such as name@example.com.',
  'kind.mobile': 'Use international format: digits only, no + or leading 0.',
  'kind.url': 'Enter a full web address starting with https://.',
  'kind.ip-list': 'Enter IP addresses separated by commas.',
  'kind.dial-prefix': 'Enter the dial prefix, digits only, without +.',
  // Failures of the elements' own (a blocked tab, a link not safe to open, the clipboard).
  'credits.blocked': 'Your browser blocked the new tab. Allow pop-ups for this site, then try again.',
  'credits.unsafe':
    "We didn't open the buy-credits page: its link isn't safe. Try again later or tell the site's owner.",
  'connection.copyFailed': "We couldn't copy the API ID. Select it and copy it yourself.",
  // An empty choice, in the words of the API's code for it (until this chunk arrives,
  // "Choose one of the options.", then this, in place).
  'e.406': 'Choose your country.',
  'e.410': 'Read and accept the terms and conditions to continue.',
  'e.412': 'Choose an account type.',
};

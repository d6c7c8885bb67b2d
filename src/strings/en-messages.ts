/**
 * English messages for failed calls: what went wrong and what to do next, per Connect API
 * code or relay refusal. Only needed once a call has failed, and every call is awaited,
 * so they load when the first failure needs them (strings/index.ts).
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
};
// Refusals that only the site's owner can fix (token, allowlists, relay configuration).
export const setup =
  /^(00[5-9]|415|430|436|bad_request|unknown_param|unsendable_value|action_not_allowed|origin_not_allowed|header_missing|not_found|method_not_allowed|too_large|not_configured)$/;

export const messages = {
  'e.rate_limited': 'Too many attempts in a short time. Wait a moment, then try again.',
  'e.rate_limited_in': 'Too many attempts in a short time. Wait {n} seconds, then try again.',
  'e.upstream_timeout':
    'The service is taking too long to answer. Try again in a moment; what you typed is kept.',
  'e.upstream_unreachable':
    'The service is not available right now. Try again in a few minutes; what you typed is kept.',
  'e.not_signed_in': 'Your session has ended. Sign in again.',
  'e.setup': "This site's connection to Clickatell is not working. Try again later or tell the site's owner.",
  'e.002': 'Access from your network has been blocked. Contact Clickatell support.',
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
};

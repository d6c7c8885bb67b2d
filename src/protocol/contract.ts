/**
 * The JSON contract between the browser and the relay (DESIGN.md "Browser - relay
 * contract"), shared by the relay, which answers it, and the client, which calls it.
 * Browser-safe.
 */

/** The header every call to the relay carries; it forces a CORS preflight cross-site. */
export const CLIENT_HEADER = 'X-CT-Connect';
export const CLIENT_HEADER_VALUE = '1';

/** `POST <endpoint>` body. */
export interface ConnectRequest {
  readonly action: string;
  readonly params?: Readonly<Record<string, string>>;
}

/** One error: a Connect API code ("404") or a relay code ("rate_limited"). */
export interface ConnectErrorItem {
  readonly code: string;
  readonly message: string;
  /** The parameter the error concerns, when it concerns one. */
  readonly field?: string;
}

export interface ConnectSuccess {
  readonly action: string;
  readonly ok: true;
  /**
   * One record per `<Value>`, field names spelled as the call's `returns` list says. A
   * get_list_terms record also carries the document, with a tree for HTML (`TermsRecord`).
   */
  readonly values: readonly Readonly<Record<string, string>>[];
  /** Unix seconds, from the API's `<Timestamp>`. */
  readonly timestamp: number;
}

export interface ConnectFailure {
  readonly action: string | null;
  readonly ok: false;
  readonly errors: readonly ConnectErrorItem[];
  readonly timestamp: number;
}

export type ConnectResponse = ConnectSuccess | ConnectFailure;

/** `GET <endpoint>/session` answer while signed in. */
export interface SessionInfo {
  readonly user: string;
  readonly userNumber: string;
}

/** `GET <endpoint>/session` answer, always 200: who is signed in, or `user: null` when nobody is. */
export type SessionAnswer = SessionInfo | { readonly user: null };

/**
 * Refusals by the relay itself, before or instead of a Connect API answer: the HTTP status
 * it answers with and the plain-words message. The client turns each into a typed error.
 */
export const RELAY_ERRORS = {
  bad_request: { status: 400, message: 'The request is not a JSON object with an action.' },
  too_long: { status: 400, message: 'The value is longer than the Connect API accepts.' },
  unknown_param: { status: 400, message: 'The call does not take this parameter.' },
  unsendable_value: { status: 400, message: 'The value holds characters that cannot be sent.' },
  not_signed_in: { status: 401, message: 'Nobody is signed in.' },
  action_not_allowed: { status: 403, message: 'This action is not allowed here.' },
  origin_not_allowed: { status: 403, message: 'Calls from this origin are not allowed.' },
  header_missing: { status: 403, message: 'The X-CT-Connect header is missing.' },
  not_found: { status: 404, message: 'There is nothing here.' },
  method_not_allowed: { status: 405, message: 'This method is not allowed here.' },
  too_large: { status: 413, message: 'The request is too large.' },
  rate_limited: { status: 429, message: 'Too many requests; try again shortly.' },
  sign_in_limited: { status: 429, message: 'Too many failed sign-ins; try again later.' },
  internal: { status: 500, message: 'The relay failed unexpectedly.' },
  upstream_unreachable: { status: 502, message: 'The Connect API could not be reached.' },
  upstream_bad_answer: { status: 502, message: 'The Connect API gave an answer that could not be read.' },
  unsafe_url: { status: 502, message: 'The Connect API gave a link to a place this site does not trust.' },
  store_unavailable: {
    status: 503,
    message: 'The relay cannot check sessions right now; try again shortly.',
  },
  // A relay inside a host that is not set up yet (the WordPress plugin without a token).
  not_configured: { status: 503, message: 'The relay is not set up yet.' },
  upstream_timeout: { status: 504, message: 'The Connect API took too long to answer.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type RelayErrorCode = keyof typeof RELAY_ERRORS;

/**
 * Connect API codes that mean the credentials no longer work: when a call the relay filled
 * from the session gets one, the relay revokes the session and clears its cookie.
 */
export const SESSION_ENDING_CODES: readonly string[] = ['404'];

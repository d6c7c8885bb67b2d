/**
 * The reference relay: the only door between the browser and the Connect API. It answers
 * the JSON contract of DESIGN.md ("Browser - relay contract"), holds the token, keeps the
 * session in a sealed cookie, and refuses what should not reach the API. Fetch-standard,
 * so it runs on Node (through toNodeListener) and on any Fetch-based host.
 */
import { getAction, ACTION_NAMES, type ActionSpec } from '../protocol/actions.ts';
import { errorMessage } from '../protocol/errors.ts';
import { fieldForCode, unknownParams } from '../protocol/validate.ts';
import {
  CLIENT_HEADER,
  CLIENT_HEADER_VALUE,
  RELAY_ERRORS,
  type ConnectErrorItem,
  type ConnectResponse,
  type RelayErrorCode,
  type SessionInfo,
} from '../protocol/contract.ts';
import { buildRequest, CodecError, formBody, parseResponse, type ResponseDocument } from '../protocol/xml.ts';
import { withIsoCodes } from '../protocol/country-codes.ts';
import { decodeUtf8, HttpError, readBody, type ConnectionInfo, type FetchHandler } from '../server/http.ts';
import { DEFAULT_RATE_LIMITS, rateCheck, type RateCheck, type RateLimitOptions } from './rate-limit.ts';
import { heldBody } from './held-body.ts';
import {
  clearedSessionCookie,
  deriveSessionKey,
  openSession,
  readSessionCookie,
  sealSession,
  sessionCookie,
  type CookieSettings,
  type SessionData,
} from './session.ts';

/** createRelay's options. Only `token` and `sessionSecret` are required. */
export interface RelayOptions {
  /** The Connect API: a base URL, or an in-process handler such as the emulator. Default `https://connect.clickatell.com`. */
  readonly upstream?: string | FetchHandler | undefined;
  /** The Connect API authentication token. Required; it never leaves the server. */
  readonly token: string;
  /** The secret the session cookie is sealed with; at least 32 characters. Required. */
  readonly sessionSecret: string;
  /** The endpoint path; `<path>/session` and `<path>/logout` sit beside it. Default `/connect`. */
  readonly path?: string | undefined;
  /** Exact origins (scheme://host[:port]) allowed to call cross-origin. Default none: same origin only. */
  readonly allowOrigins?: readonly string[] | undefined;
  /** The page is on another site: cookies become `SameSite=None; Secure; Partitioned`. Default false. */
  readonly crossSite?: boolean | undefined;
  /** Longest wait for the Connect API (and a terms document), in ms. Default 10000. */
  readonly timeoutMs?: number | undefined;
  /** Believe X-Forwarded-For / -Proto / -Host from a reverse proxy in front. Default false. */
  readonly trustProxy?: boolean | undefined;
  /** The actions browsers may call. Default all 16. */
  readonly allowedActions?: readonly string[] | undefined;
  /** How long answers of the list calls are cached, in ms; 0 turns the cache off. Default 300000. */
  readonly listCacheMs?: number | undefined;
  /** Rate limits per client IP and per username. Default 600/min per IP, 30/min per username. */
  readonly rateLimits?: RateLimitOptions | undefined;
  /** Largest request body accepted, in bytes. Default 65536. */
  readonly maxBodyBytes?: number | undefined;
  /** Largest upstream answer (or terms document) read, in bytes. Default 2000000. */
  readonly maxUpstreamBytes?: number | undefined;
  /** Session lifetime, in seconds. Default 28800 (8 hours). */
  readonly sessionMaxAgeS?: number | undefined;
  /** Extra origins (http allowed) trusted for terms and buy URLs: the emulator's own. Default none. */
  readonly devOrigins?: readonly string[] | undefined;
  /** Hosts whose https URLs are trusted for terms and buy URLs. Default the upstream URL's host. */
  readonly trustedHosts?: readonly string[] | undefined;
  /** The time, epoch ms, for session expiry and the list cache. Default `Date.now`. */
  readonly clock?: (() => number) | undefined;
  /** The fetch used to reach a URL upstream (the API and terms documents). Default the global fetch. */
  readonly fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Where the one log line per call goes. Default standard error. */
  readonly log?: ((line: string) => void) | undefined;
}

/** The relay: a Fetch-standard handler for `<path>`, `<path>/session` and `<path>/logout`. */
export type Relay = Required<FetchHandler>;

const DEFAULTS = {
  upstream: 'https://connect.clickatell.com',
  path: '/connect',
  timeoutMs: 10_000,
  listCacheMs: 300_000,
  maxBodyBytes: 65_536,
  maxUpstreamBytes: 2_000_000,
  sessionMaxAgeS: 28_800,
} as const;

const MIN_SECRET_LENGTH = 32;
const MAX_CACHE_ENTRIES = 1_000;
// The base URL of an in-process upstream; it never goes on the network.
const IN_PROCESS_BASE = 'https://upstream.invalid';

/**
 * An answer's headers: a plain record, which the Node adapter writes on its fast path,
 * until Set-Cookie needs values of its own. Every answer, preflights included, starts
 * uncacheable and unsniffable.
 */
class ReplyHeaders {
  private readonly fields: Record<string, string> = {
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  };
  private readonly cookies: string[] = [];
  set(name: string, value: string): void {
    this.fields[name] = value;
  }
  cookie(value: string): void {
    this.cookies.push(value);
  }
  init(): HeadersInit {
    if (this.cookies.length === 0) return this.fields;
    const headers = new Headers(this.fields);
    for (const value of this.cookies) headers.append('set-cookie', value);
    return headers;
  }
}

/**
 * A refusal by the relay: one of RELAY_ERRORS, maybe about one field, with the code's
 * message unless a more precise one says what was wrong.
 */
class Refusal extends HttpError {
  constructor(
    code: RelayErrorCode,
    readonly field?: string,
    extra: { readonly headers?: Readonly<Record<string, string>>; readonly message?: string } = {},
  ) {
    super(RELAY_ERRORS[code].status, code, extra.message ?? RELAY_ERRORS[code].message, extra.headers);
  }
}

function isBlank(value: string | undefined): boolean {
  return value === undefined || value === '';
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Node reports IPv4 peers on dual-stack sockets as ::ffff:a.b.c.d; the API wants a.b.c.d.
function normaliseIp(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1]! : ip;
}

/**
 * A body as bytes, refused past `max`. One the node:http transport already holds whole is
 * taken as it is. A declared length is read whole (HTTP framing holds the body to it, and
 * on Node this takes the adapter's fast path instead of a web stream); an undeclared one is
 * counted as it streams.
 */
async function readCapped(
  message: Request | Response,
  max: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const held = heldBody(message);
  if (held) {
    if (held.byteLength > max) throw onTooLarge();
    return held;
  }
  const declared = message.headers.get('content-length');
  if (declared === null || !/^\d+$/.test(declared)) return readBody(message as Request, max, onTooLarge);
  if (Number(declared) > max) {
    await message.body?.cancel().catch(() => {});
    throw onTooLarge();
  }
  const bytes = new Uint8Array(await message.arrayBuffer());
  if (bytes.byteLength > max) throw onTooLarge();
  return bytes;
}

// An in-process upstream may ignore the signal; the relay stops waiting all the same.
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new Error('aborted'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

// Fetch-based hosts may have no `process`; console.error is the standard error there.
function defaultLog(line: string): void {
  const stderr = (globalThis as { process?: { stderr?: { write(text: string): unknown } } }).process?.stderr;
  if (stderr) stderr.write(`${line}\n`);
  else console.error(line);
}

function originOf(value: string, what: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  // "localhost:5330" parses as a URL whose origin is "null", the origin of every data: and
  // javascript: URL too: trusting it would trust those.
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new TypeError(`${what} "${value}" is not an origin such as https://www.example.com.`);
  }
  return url.origin;
}

/** The relay for `options`: a FetchHandler to mount with toNodeListener or a Fetch-based host. */
export function createRelay(options: RelayOptions): Relay {
  if (typeof options.token !== 'string' || options.token === '') {
    throw new TypeError('createRelay: a token is required (the Connect API authentication token).');
  }
  if (typeof options.sessionSecret !== 'string' || options.sessionSecret.length < MIN_SECRET_LENGTH) {
    throw new TypeError(
      `createRelay: sessionSecret must be at least ${MIN_SECRET_LENGTH} characters long (for example 64 random hex digits).`,
    );
  }
  const token = options.token;
  const upstream = options.upstream ?? DEFAULTS.upstream;
  const handler = typeof upstream === 'string' ? undefined : upstream;
  const upstreamBase = (typeof upstream === 'string' ? upstream : IN_PROCESS_BASE).replace(/\/+$/, '');
  let upstreamHost: string | undefined;
  try {
    upstreamHost = typeof upstream === 'string' ? new URL(upstreamBase).hostname : undefined;
  } catch {
    throw new TypeError(`createRelay: upstream "${upstream as string}" is not a URL.`);
  }
  const upstreamUrl = `${upstreamBase}/${encodeURIComponent(token)}`;
  const path = (options.path ?? DEFAULTS.path).replace(/\/+$/, '');
  if (!path.startsWith('/')) throw new TypeError(`createRelay: path "${path}" must start with "/".`);
  const sessionPath = `${path}/session`;
  const logoutPath = `${path}/logout`;
  const allowOrigins = new Set((options.allowOrigins ?? []).map((o) => originOf(o, 'allowOrigins entry')));
  const devOrigins = new Set((options.devOrigins ?? []).map((o) => originOf(o, 'devOrigins entry')));
  // URLs an in-process upstream hands out on its own base point back at it, so they are safe.
  if (handler) devOrigins.add(IN_PROCESS_BASE);
  const trustedHosts = new Set(
    (options.trustedHosts ?? (upstreamHost ? [upstreamHost] : [])).map((h) => h.toLowerCase()),
  );
  const crossSite = options.crossSite ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const trustProxy = options.trustProxy ?? false;
  const listCacheMs = options.listCacheMs ?? DEFAULTS.listCacheMs;
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULTS.maxBodyBytes;
  const maxUpstreamBytes = options.maxUpstreamBytes ?? DEFAULTS.maxUpstreamBytes;
  const sessionMaxAgeS = options.sessionMaxAgeS ?? DEFAULTS.sessionMaxAgeS;
  const clock = options.clock ?? Date.now;
  const fetchUpstream = options.fetch ?? ((url: string, init: RequestInit) => fetch(url, init));
  const log = options.log ?? defaultLog;
  const allowed = new Set<string>();
  for (const name of options.allowedActions ?? ACTION_NAMES) {
    const spec = getAction(name);
    if (!spec) throw new TypeError(`createRelay: allowedActions names an unknown action "${name}".`);
    allowed.add(spec.name);
  }
  const limitIp: RateCheck = rateCheck(options.rateLimits?.perIp ?? DEFAULT_RATE_LIMITS.perIp, 'ct-relay-ip');
  const limitUser: RateCheck = rateCheck(
    options.rateLimits?.perUser ?? DEFAULT_RATE_LIMITS.perUser,
    'ct-relay-user',
  );
  const cookieSettings: CookieSettings = { path, crossSite, maxAgeS: sessionMaxAgeS };
  const keyPromise = deriveSessionKey(options.sessionSecret);
  const cache = new Map<string, { expires: number; body: ConnectResponse }>();
  const inflight = new Map<string, Promise<Outcome>>();

  const now = (): number => Math.floor(clock() / 1000);

  // ---- answers -----------------------------------------------------------------------

  function json(body: unknown, status: number, headers: ReplyHeaders): Response {
    let text = JSON.stringify(body);
    // The token has no business in an answer; should an upstream ever echo it, it stops here.
    if (text.includes(token)) text = text.split(token).join('[redacted]');
    headers.set('content-type', 'application/json; charset=utf-8');
    return new Response(text, { status, headers: headers.init() });
  }

  function refusalBody(action: string | null, error: HttpError): ConnectResponse {
    const item: ConnectErrorItem =
      error instanceof Refusal && error.field !== undefined
        ? { code: error.code, message: error.message, field: error.field }
        : { code: error.code, message: error.message };
    return { action, ok: false, errors: [item], timestamp: now() };
  }

  // ---- origin, CORS, client ----------------------------------------------------------

  function ownOrigins(request: Request, url: URL): string[] {
    const own = [url.origin];
    if (trustProxy) {
      const host = request.headers.get('x-forwarded-host')?.split(',')[0]?.trim();
      const proto =
        request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? url.protocol.slice(0, -1);
      if (host) own.push(`${proto}://${host}`);
    }
    return own;
  }

  /** CORS headers for the request's origin; throws when the origin is not allowed. */
  function checkOrigin(request: Request, url: URL, headers: ReplyHeaders): void {
    headers.set('vary', 'Origin');
    const origin = request.headers.get('origin');
    if (origin === null) return;
    if (ownOrigins(request, url).includes(origin)) return;
    if (!allowOrigins.has(origin)) throw new Refusal('origin_not_allowed');
    headers.set('access-control-allow-origin', origin);
    headers.set('access-control-allow-credentials', 'true');
    headers.set('access-control-expose-headers', 'Retry-After');
  }

  function clientIp(request: Request, info: ConnectionInfo | undefined): string | undefined {
    if (trustProxy) {
      const first = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
      if (first) return normaliseIp(first);
    }
    return info?.remoteAddress ? normaliseIp(info.remoteAddress) : undefined;
  }

  async function limit(check: RateCheck, key: string): Promise<void> {
    const decision = await check(key);
    if (!decision.ok)
      throw new Refusal('rate_limited', undefined, {
        headers: { 'retry-after': String(decision.retryAfterS) },
      });
  }

  // ---- sessions ----------------------------------------------------------------------

  interface SessionLookup {
    readonly session?: SessionData;
    /** A cookie was sent but gave no session: clear it. */
    readonly stale: boolean;
  }

  async function lookupSession(request: Request): Promise<SessionLookup> {
    const value = readSessionCookie(request.headers.get('cookie'));
    if (value === undefined || value === '') return { stale: false };
    const opened = await openSession(value, await keyPromise, clock(), sessionMaxAgeS);
    return typeof opened === 'string' ? { stale: true } : { session: opened, stale: false };
  }

  // ---- upstream ----------------------------------------------------------------------

  /** One upstream exchange under the timeout: a 2xx answer and its body, or a refusal. */
  async function exchange(
    url: string,
    init: RequestInit,
  ): Promise<{ bytes: Uint8Array; response: Response }> {
    // The timeout is the only signal: a call whose browser went away still runs to its end
    // upstream (a registration is not left half made), and abort signals are among the
    // costliest objects per call on Node.
    const timer = new AbortController();
    let timedOut = false;
    const timeout = setTimeout(() => {
      timedOut = true;
      timer.abort();
    }, timeoutMs);
    const signal = timer.signal;
    try {
      let response: Response;
      try {
        const full: RequestInit = { ...init, redirect: 'manual', signal };
        response = await abortable(
          handler ? handler.fetch(new Request(url, full)) : fetchUpstream(url, full),
          signal,
        );
      } catch {
        throw new Refusal(timedOut ? 'upstream_timeout' : 'upstream_unreachable');
      }
      // A redirect (manual mode gives 3xx, or an opaque status 0), a 4xx or a 5xx is no answer.
      if (response.status < 200 || response.status > 299) {
        await response.body?.cancel().catch(() => {});
        throw new Refusal('upstream_bad_answer');
      }
      try {
        const bytes = await abortable(
          readCapped(response, maxUpstreamBytes, () => new Refusal('upstream_bad_answer')),
          signal,
        );
        return { bytes, response };
      } catch (error) {
        if (timedOut) throw new Refusal('upstream_timeout');
        if (error instanceof Refusal) throw error;
        throw new Refusal('upstream_unreachable');
      }
    } finally {
      clearTimeout(timeout);
    }
  }

  async function callApi(spec: ActionSpec, params: Record<string, string>): Promise<ResponseDocument> {
    let xml: string;
    try {
      xml = buildRequest(spec.name, params);
    } catch (error) {
      if (error instanceof CodecError) throw new Refusal('unsendable_value', error.field);
      throw error;
    }
    // The content type is not checked: an XML answer labelled text/html (PHP's default) is
    // still an answer, and an HTML page fails to parse as one.
    const { bytes } = await exchange(upstreamUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/xml, application/xml' },
      body: formBody(xml),
    });
    const text = decodeUtf8(bytes, () => new Refusal('upstream_bad_answer'));
    try {
      return parseResponse(text, { maxLength: maxUpstreamBytes });
    } catch {
      throw new Refusal('upstream_bad_answer');
    }
  }

  /** `raw` when it is a URL the relay may fetch or hand to a browser, else undefined. */
  function trustedUrl(raw: string | undefined): URL | undefined {
    if (raw === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return undefined;
    }
    if (url.username !== '' || url.password !== '') return undefined;
    if (devOrigins.has(url.origin)) return url;
    if (url.protocol === 'https:' && trustedHosts.has(url.hostname.toLowerCase())) return url;
    return undefined;
  }

  async function fetchTerms(raw: string | undefined): Promise<{ content: string; content_type: string }> {
    const url = trustedUrl(raw);
    if (!url) throw new Refusal('unsafe_url');
    const { bytes, response } = await exchange(url.href, { headers: { accept: 'text/html, text/plain' } });
    const content = decodeUtf8(bytes, () => new Refusal('upstream_bad_answer'));
    const type = response.headers.get('content-type') ?? '';
    return { content, content_type: /html/i.test(type) ? 'text/html' : 'text/plain' };
  }

  // ---- the endpoints -----------------------------------------------------------------

  interface Outcome {
    readonly status: number;
    readonly body: unknown;
    readonly action?: string;
  }

  async function readCall(request: Request): Promise<{ spec: ActionSpec; params: Record<string, string> }> {
    const bytes = await readCapped(request, maxBodyBytes, () => new Refusal('too_large'));
    const text = decodeUtf8(bytes, () => new Refusal('bad_request'));
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new Refusal('bad_request');
    }
    if (!isPlainObject(body)) throw new Refusal('bad_request');
    if (typeof body['action'] !== 'string' || body['action'] === '')
      throw new Refusal('bad_request', 'action');
    const spec = getAction(body['action']);
    if (!spec || !allowed.has(spec.name)) throw new Refusal('action_not_allowed', 'action');
    const raw = body['params'] ?? {};
    if (!isPlainObject(raw))
      throw new Refusal('bad_request', 'params', {
        message: 'params must be an object whose values are strings.',
      });
    const params: Record<string, string> = {};
    for (const [name, value] of Object.entries(raw)) {
      if (typeof value !== 'string')
        throw new Refusal('bad_request', name, {
          message: `The value of ${name} in params must be a string.`,
        });
      params[name] = value;
    }
    const unknown = unknownParams(spec, params);
    if (unknown.length > 0) throw new Refusal('unknown_param', unknown[0]);
    return { spec, params };
  }

  async function handleCall(
    request: Request,
    info: ConnectionInfo | undefined,
    headers: ReplyHeaders,
    state: { action?: string },
  ): Promise<Outcome> {
    const { spec, params: sent } = await readCall(request);
    state.action = spec.name;
    let params = sent;
    let usedSession = false;
    if (spec.authenticated && isBlank(sent['password'])) {
      const { session, stale } = await lookupSession(request);
      if (stale) headers.cookie(clearedSessionCookie(cookieSettings, new URL(request.url)));
      // The elements keep the username, so a call may name the signed-in user and still
      // rely on the session for the password.
      const sameUser =
        isBlank(sent['user']) ||
        (session !== undefined && sent['user']!.toLowerCase() === session.user.toLowerCase());
      if (session && sameUser) {
        params = { user: session.user, password: session.password };
        for (const [name, value] of Object.entries(sent))
          if (name !== 'user' && name !== 'password') params[name] = value;
        usedSession = true;
      } else if (!session && isBlank(sent['user']) && spec.name !== 'authenticate_user') {
        // A sign-in form sent empty stays the API's to answer (431/432 on the fields).
        throw new Refusal('not_signed_in');
      }
    }
    if (
      spec.name === 'get_list_terms' &&
      isBlank(params['client_ip_address']) &&
      (isBlank(params['country_id']) || params['country_id'] === '0')
    ) {
      // With a country the API ignores the IP; leaving it out keeps one cache entry per country.
      const ip = clientIp(request, info);
      if (ip) params = { ...params, client_ip_address: ip };
    }
    if (spec.group === 'account' && !isBlank(params['user']))
      await limit(limitUser, params['user']!.toLowerCase());

    const cacheKey =
      spec.group === 'list' && listCacheMs > 0
        ? `${spec.name}\n${JSON.stringify(Object.entries(params).sort())}`
        : undefined;
    if (cacheKey === undefined) return forward(spec, params, usedSession, request, headers);
    const hit = cache.get(cacheKey);
    if (hit && hit.expires > clock()) return { status: 200, body: hit.body };
    if (hit) cache.delete(cacheKey);
    // Identical list calls in flight share one upstream call: a cold cache under load
    // costs the API one call, not one per visitor. List calls set no cookies, so the
    // answer headers of the first caller are the only ones touched.
    let pending = inflight.get(cacheKey);
    if (!pending) {
      pending = forward(spec, params, usedSession, request, headers).then((outcome) => {
        const body = outcome.body as ConnectResponse;
        if (body.ok) {
          if (cache.size >= MAX_CACHE_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(cacheKey, { expires: clock() + listCacheMs, body });
        }
        return outcome;
      });
      const settled = (): void => void inflight.delete(cacheKey);
      pending.then(settled, settled);
      inflight.set(cacheKey, pending);
    }
    return pending;
  }

  /** The call made upstream and its answer turned into the JSON contract. */
  async function forward(
    spec: ActionSpec,
    params: Record<string, string>,
    usedSession: boolean,
    request: Request,
    headers: ReplyHeaders,
  ): Promise<Outcome> {
    const doc = await callApi(spec, params);
    if (doc.result === 'Error') {
      const errors = doc.errors.map((e): ConnectErrorItem => {
        // 109's text is the coupon's own reason, which the guide says to pass on.
        const message = e.code === '109' && e.description !== '' ? e.description : errorMessage(e.code);
        const field = fieldForCode(spec, e.code);
        return field === undefined ? { code: e.code, message } : { code: e.code, message, field };
      });
      if (usedSession && errors.some((e) => e.code === '404')) {
        headers.cookie(clearedSessionCookie(cookieSettings, new URL(request.url)));
      }
      return { status: 200, body: { action: spec.name, ok: false, errors, timestamp: doc.timestamp } };
    }

    let values = doc.values;
    if (spec.name === 'get_list_terms') {
      values = await Promise.all(
        values.map(async (record) => ({ ...record, ...(await fetchTerms(record['URL_location'])) })),
      );
    }
    // A documented extension of the contract: each country's ISO 3166 code (docs/relay.md).
    if (spec.name === 'get_list_country') values = withIsoCodes(values);
    if (spec.name === 'buy_credits_url' && values.some((record) => !trustedUrl(record['buy_url']))) {
      throw new Refusal('unsafe_url');
    }
    if (spec.name === 'authenticate_user' && !usedSession) {
      const record = values[0] ?? {};
      const userNumber = record['Usernumber'] ?? record['UserNumber'] ?? '';
      const sealed = await sealSession(
        { user: params['user']!, password: params['password']!, userNumber, issuedAt: clock() },
        await keyPromise,
      );
      headers.cookie(sessionCookie(sealed, cookieSettings, new URL(request.url)));
    }
    const body: ConnectResponse = { action: spec.name, ok: true, values, timestamp: doc.timestamp };
    return { status: 200, body };
  }

  async function handleSession(request: Request, headers: ReplyHeaders): Promise<Outcome> {
    const { session, stale } = await lookupSession(request);
    if (stale) headers.cookie(clearedSessionCookie(cookieSettings, new URL(request.url)));
    if (!session) throw new Refusal('not_signed_in');
    const body: SessionInfo = { user: session.user, userNumber: session.userNumber };
    return { status: 200, body };
  }

  function routeOf(pathname: string): 'call' | 'session' | 'logout' | undefined {
    if (pathname === path) return 'call';
    if (pathname === sessionPath) return 'session';
    if (pathname === logoutPath) return 'logout';
    return undefined;
  }

  const METHODS = { call: 'POST', session: 'GET', logout: 'POST' } as const;

  async function handle(
    request: Request,
    info: ConnectionInfo | undefined,
    state: { action?: string },
  ): Promise<Response> {
    const url = new URL(request.url);
    const headers = new ReplyHeaders();
    try {
      const route = routeOf(url.pathname);
      if (!route) throw new Refusal('not_found');
      state.action = route === 'call' ? '-' : route;
      checkOrigin(request, url, headers);
      const method = METHODS[route];
      if (request.method === 'OPTIONS') {
        headers.set('access-control-allow-methods', `${method}, OPTIONS`);
        headers.set('access-control-allow-headers', `Content-Type, ${CLIENT_HEADER}`);
        headers.set('access-control-max-age', '600');
        headers.set('allow', `${method}, OPTIONS`);
        return new Response(null, { status: 204, headers: headers.init() });
      }
      if (request.method !== method && !(method === 'GET' && request.method === 'HEAD')) {
        throw new Refusal('method_not_allowed', undefined, { headers: { allow: `${method}, OPTIONS` } });
      }
      // The custom header cannot be sent cross-site without a CORS preflight, which only
      // allowed origins pass: with the origin check it is what stops forged requests.
      const clientHeader = request.headers.get(CLIENT_HEADER);
      if (clientHeader !== CLIENT_HEADER_VALUE) {
        const message =
          clientHeader === null ? undefined : `The ${CLIENT_HEADER} header must be ${CLIENT_HEADER_VALUE}.`;
        throw new Refusal('header_missing', undefined, { message });
      }
      await limit(limitIp, clientIp(request, info) ?? 'unknown');
      let outcome: Outcome;
      if (route === 'call') outcome = await handleCall(request, info, headers, state);
      else if (route === 'session') outcome = await handleSession(request, headers);
      else {
        headers.cookie(clearedSessionCookie(cookieSettings, url));
        outcome = { status: 200, body: { ok: true } };
      }
      return json(outcome.body, outcome.status, headers);
    } catch (error) {
      const known = error instanceof HttpError ? error : new Refusal('internal');
      for (const [name, value] of Object.entries(known.headers)) headers.set(name, value);
      const action = state.action !== undefined && getAction(state.action) ? state.action : null;
      return json(refusalBody(action, known), known.status, headers);
    }
  }

  return {
    async fetch(request, info) {
      const started = performance.now();
      const state: { action?: string } = {};
      const response = await handle(request, info, state);
      const ms = (performance.now() - started).toFixed(1);
      // Never params: they hold passwords. Only names the relay itself knows go in.
      log(`relay ${request.method} ${state.action ?? '-'} ${response.status} ${ms}ms`);
      return response;
    },
    handles(url) {
      return routeOf(url.pathname) !== undefined;
    },
  };
}

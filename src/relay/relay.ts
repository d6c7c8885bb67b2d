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
  type SessionAnswer,
} from '../protocol/contract.ts';
import { buildRequest, CodecError, formBody, parseResponse, type ResponseDocument } from '../protocol/xml.ts';
import { withIsoCodes } from '../protocol/country-codes.ts';
import { decodeUtf8, HttpError, readBody, type ConnectionInfo, type FetchHandler } from '../server/http.ts';
import {
  DEFAULT_RATE_LIMITS,
  DEFAULT_SIGN_IN_LIMITS,
  failureCounter,
  rateCheck,
  type FailureCounter,
  type RateCheck,
  type RateLimitOptions,
  type RateLimitSetting,
  type SignInLimitOptions,
} from './rate-limit.ts';
import { heldBody } from './held-body.ts';
import { memoryStore, type RelayStore } from './store.ts';
import { termsNodes } from './terms-html.ts';
import type { TermsRecord } from '../protocol/terms.ts';
import {
  clearedSessionCookie,
  deriveKeyHasher,
  deriveSessionKey,
  newSessionId,
  openSession,
  readSessionCookie,
  sealSession,
  sessionCookie,
  sessionCookieName,
  type CookieSettings,
  type SessionData,
} from './session.ts';

/**
 * Which proxies in front of the relay are believed about the client's address:
 * - `true`: one, which appends the peer it saw to X-Forwarded-For (nginx's
 *   `$proxy_add_x_forwarded_for`, most load balancers): the rightmost entry is the client;
 * - a number n: n such proxies in a row (a CDN, then a load balancer): the n-th entry from
 *   the right;
 * - a list of proxy addresses and CIDR ranges: entries are read from the right, skipping
 *   those proxies, and the first other address is the client (only when the peer itself
 *   is one of them).
 * Never the leftmost entry, which the client writes itself.
 */
export type TrustProxySetting = boolean | number | readonly string[];

/** How the client's IP appears in the log line: not at all, truncated (/24, /48), or whole. */
export type LogClientIp = 'off' | 'truncated' | 'full';

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
  /** Believe X-Forwarded-For / -Proto / -Host from the proxies in front (see TrustProxySetting). Default false. */
  readonly trustProxy?: TrustProxySetting | undefined;
  /**
   * The client's address, for hosts that give it another way (Bun's `server.requestIP`,
   * Deno's `info.remoteAddr`, Workers' `CF-Connecting-IP`): called with the request and
   * the second argument the host passed to `relay.fetch`. When it returns nothing the
   * relay goes on as without it. Default none.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- whatever the host passes
  readonly clientIp?: ((request: Request, context: any) => string | null | undefined) | undefined;
  /** Put the client's IP in the log line, for tracing abuse. Default `'off'`. */
  readonly logClientIp?: LogClientIp | undefined;
  /** Where counters and revocations live. Default this process's memory (`memoryStore`). */
  readonly store?: RelayStore | undefined;
  /** Failed sign-ins allowed per client IP and per username. Default 5 per 15 min each. */
  readonly signInLimits?: SignInLimitOptions | undefined;
  /** Longest value of a parameter the protocol gives no maximum length. Default 256. */
  readonly maxParamLength?: number | undefined;
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
  /** A session unused this long, in seconds, ends. Default 3600 (1 hour). */
  readonly sessionIdleS?: number | undefined;
  /** Extra origins (http allowed) trusted for terms and buy URLs: the emulator's own. Default none. */
  readonly devOrigins?: readonly string[] | undefined;
  /**
   * Hosts whose https URLs are trusted for terms and buy URLs, on the default port (write
   * `host:port` for another). Default the upstream URL's host and the hosts the real API
   * hands out (DOCUMENTED_HOSTS).
   */
  readonly trustedHosts?: readonly string[] | undefined;
  /**
   * A trusted host whose terms are fetched over plain http when the API gives an http URL.
   * Default none: http terms URLs on trusted hosts are fetched over https.
   */
  readonly httpTermsHost?: string | undefined;
  /** The time, epoch ms, for session expiry and the list cache. Default `Date.now`. */
  readonly clock?: (() => number) | undefined;
  /** The fetch used to reach a URL upstream (the API and terms documents). Default the global fetch. */
  readonly fetch?: ((url: string, init: RequestInit) => Promise<Response>) | undefined;
  /** Where the one log line per call goes. Default standard error. */
  readonly log?: ((line: string) => void) | undefined;
}

/**
 * The relay: a Fetch-standard handler for `<path>`, `<path>/session` and `<path>/logout`.
 * `fetch`'s second argument is the connection (the Node adapter's), or whatever the host
 * gives (Bun's server, Deno's info), for the `clientIp` option to read.
 */
export type Relay = Required<FetchHandler> & {
  fetch(request: Request, context?: unknown): Promise<Response>;
};

const DEFAULTS = {
  upstream: 'https://connect.clickatell.com',
  path: '/connect',
  timeoutMs: 10_000,
  listCacheMs: 300_000,
  maxBodyBytes: 65_536,
  maxUpstreamBytes: 2_000_000,
  sessionMaxAgeS: 28_800,
  sessionIdleS: 3_600,
  maxParamLength: 256,
} as const;

/**
 * The hosts the real Connect API hands out links on: the guide's examples give the buy
 * page at https://www.clickatell.com/... and the terms at http://www.clickatell.com/sdk/terms.txt.
 */
export const DOCUMENTED_HOSTS: readonly string[] = ['www.clickatell.com'];

// The API's answer to a wrong password (the guide's 404): a failed sign-in, and for a call
// the relay filled from the session, a sign that the session's password is no longer good.
const AUTH_FAILED = '404';

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
  private readonly cookies = new Map<string, string>();
  set(name: string, value: string): void {
    this.fields[name] = value;
  }
  /** A Set-Cookie value; a later one of the same name (a clear after a re-seal) replaces it. */
  cookie(value: string): void {
    this.cookies.set(value.slice(0, value.indexOf('=')), value);
  }
  init(): HeadersInit {
    if (this.cookies.size === 0) return this.fields;
    const headers = new Headers(this.fields);
    for (const value of this.cookies.values()) headers.append('set-cookie', value);
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

/** An IPv4 or IPv6 address as 32 or 128 bits, or undefined when it is neither. */
function ipBits(ip: string): { v6: boolean; value: bigint } | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p) => p > 255)) return undefined;
    return { v6: false, value: parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n) };
  }
  if (!ip.includes(':') || !/^[0-9a-f:.]+$/i.test(ip)) return undefined;
  let text = ip.toLowerCase();
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (tail) {
    const low = ipBits(tail[1]!);
    if (!low) return undefined;
    const v = low.value;
    text = `${text.slice(0, -tail[1]!.length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return { v6: true, value: groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n) };
}

/** A matcher for a list of addresses and CIDR ranges (IPv4 and IPv6). */
function ipMatcher(entries: readonly string[]): (ip: string) => boolean {
  const ranges = entries.map((entry) => {
    const [address = '', prefix] = entry.trim().split('/');
    const bits = ipBits(normaliseIp(address));
    const width = bits?.v6 ? 128 : 32;
    const length = prefix === undefined ? width : Number(prefix);
    if (!bits || !/^\d+$/.test(prefix ?? '0') || !Number.isInteger(length) || length < 0 || length > width)
      throw new TypeError(`createRelay: trustProxy entry "${entry}" is not an IP address or CIDR range.`);
    const shift = BigInt(width - length);
    return { v6: bits.v6, shift, base: bits.value >> shift };
  });
  return (ip) => {
    const bits = ipBits(ip);
    return bits !== undefined && ranges.some((r) => r.v6 === bits.v6 && bits.value >> r.shift === r.base);
  };
}

/** An address cut to its network for the log: IPv4 to /24, IPv6 to /48. */
function truncateIp(ip: string): string {
  const bits = ipBits(ip);
  if (!bits) return '?';
  if (!bits.v6) return `${ip.split('.').slice(0, 3).join('.')}.0`;
  const top = bits.value >> 80n;
  return `${[top >> 32n, (top >> 16n) & 0xffffn, top & 0xffffn].map((g) => g.toString(16)).join(':')}::`;
}

/** The length of `value` in characters (code points), as the API counts it. */
function charLength(value: string, max: number): number {
  return value.length <= max ? value.length : [...value].length;
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
    (options.trustedHosts ?? [...(upstreamHost ? [upstreamHost] : []), ...DOCUMENTED_HOSTS]).map((h) =>
      h.toLowerCase(),
    ),
  );
  const httpTermsHost = options.httpTermsHost?.toLowerCase();
  const crossSite = options.crossSite ?? false;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const trustProxy = options.trustProxy ?? false;
  const hostClientIp = options.clientIp;
  if (typeof trustProxy === 'number' && !(Number.isInteger(trustProxy) && trustProxy >= 0))
    throw new TypeError(`createRelay: trustProxy ${trustProxy} is not a number of proxies.`);
  const isTrustedProxy = Array.isArray(trustProxy) ? ipMatcher(trustProxy) : undefined;
  const logClientIp = options.logClientIp ?? 'off';
  const maxParamLength = options.maxParamLength ?? DEFAULTS.maxParamLength;
  const sessionIdleS = options.sessionIdleS ?? DEFAULTS.sessionIdleS;
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
  const store = options.store ?? memoryStore(clock);
  const limiterOf = (setting: RateLimitSetting, prefix: string) =>
    'consume' in setting ? setting : store.limiter(setting, prefix);
  const limitIp: RateCheck = rateCheck(
    limiterOf(options.rateLimits?.perIp ?? DEFAULT_RATE_LIMITS.perIp, 'ct-ip'),
  );
  const limitUser: RateCheck = rateCheck(
    limiterOf(options.rateLimits?.perUser ?? DEFAULT_RATE_LIMITS.perUser, 'ct-user'),
  );
  const failedIp = failureCounter(
    store.limiter(options.signInLimits?.perIp ?? DEFAULT_SIGN_IN_LIMITS.perIp, 'ct-fail-ip'),
  );
  const failedUser = failureCounter(
    store.limiter(options.signInLimits?.perUser ?? DEFAULT_SIGN_IN_LIMITS.perUser, 'ct-fail-user'),
  );
  const cookieSettings: CookieSettings = { path, crossSite, maxAgeS: sessionMaxAgeS };
  const keyPromise = deriveSessionKey(options.sessionSecret);
  const hasherPromise = deriveKeyHasher(options.sessionSecret);
  const hashKey = async (value: string): Promise<string> => (await hasherPromise)(value);
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

  // The entry the nearest proxy wrote: the last one (proxies append).
  function lastEntry(request: Request, name: string): string | undefined {
    const value = request.headers.get(name);
    if (value === null) return undefined;
    const last = value.slice(value.lastIndexOf(',') + 1).trim();
    return last === '' ? undefined : last;
  }

  function ownOrigins(request: Request, url: URL): string[] {
    const own = [url.origin];
    if (trustProxy !== false && trustProxy !== 0) {
      const host = lastEntry(request, 'x-forwarded-host');
      const proto = lastEntry(request, 'x-forwarded-proto') ?? url.protocol.slice(0, -1);
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

  /**
   * The client's address: the peer's, or with `trustProxy` the one the trusted proxies
   * recorded (see TrustProxySetting), never the client-written leftmost entry.
   */
  function clientIp(request: Request, info: ConnectionInfo | undefined): string | undefined {
    const given = hostClientIp?.(request, info);
    if (given) return normaliseIp(given);
    const peer = info?.remoteAddress ? normaliseIp(info.remoteAddress) : undefined;
    if (trustProxy === false || trustProxy === 0) return peer;
    const chain = (request.headers.get('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => normaliseIp(entry.trim()))
      .filter((entry) => entry !== '');
    if (isTrustedProxy) {
      // Only a peer that is one of the proxies wrote the header; walk back past the others.
      // A peer the host does not tell is no known proxy: the header may be the client's own.
      if (peer === undefined || !isTrustedProxy(peer)) return peer;
      for (let i = chain.length - 1; i >= 0; i--) if (!isTrustedProxy(chain[i]!)) return chain[i];
      return chain[0] ?? peer;
    }
    const hops = trustProxy === true ? 1 : (trustProxy as number);
    // Fewer entries than proxies: the request did not come through all of them.
    return chain.length >= hops ? chain[chain.length - hops] : peer;
  }

  function logIp(ip: string | undefined): string {
    if (logClientIp === 'off') return '';
    if (ip === undefined) return ' ip=-';
    return ` ip=${logClientIp === 'full' ? ip : truncateIp(ip)}`;
  }

  async function limit(check: RateCheck, key: string): Promise<void> {
    const decision = await check(await hashKey(key));
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

  /** The session the cookie holds, before any check with the store. */
  async function openCookie(request: Request): Promise<SessionData | 'none' | 'stale'> {
    const name = sessionCookieName(cookieSettings, new URL(request.url));
    const value = readSessionCookie(request.headers.get('cookie'), name);
    if (value === undefined || value === '') return 'none';
    const opened = await openSession(value, await keyPromise, clock(), sessionMaxAgeS, sessionIdleS);
    return typeof opened === 'string' ? 'stale' : opened;
  }

  async function storeCall<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch {
      // Sessions fail closed: a revocation the store cannot confirm is not assumed away.
      throw new Refusal('store_unavailable');
    }
  }

  /** Seconds left of a session's absolute lifetime. */
  const lifeLeftS = (session: SessionData): number =>
    Math.max(0, Math.floor((session.issuedAt + sessionMaxAgeS * 1000 - clock()) / 1000));

  // A used session's cookie is sealed again with a fresh last-seen time, at most this often.
  const refreshMs = Math.min(60, sessionIdleS / 10) * 1000;

  /**
   * The signed-in session: sealed by this relay, within its lifetime and idle timeout, not
   * revoked and of the store's generation. A used session is sealed again (idle timeout).
   */
  async function lookupSession(request: Request, headers: ReplyHeaders): Promise<SessionLookup> {
    const opened = await openCookie(request);
    if (opened === 'none') return { stale: false };
    if (opened === 'stale') return { stale: true };
    if (!(await storeCall(() => store.sessionLive(opened.id, opened.generation)))) return { stale: true };
    if (clock() - opened.lastSeen >= refreshMs) {
      const sealed = await sealSession({ ...opened, lastSeen: clock() }, await keyPromise);
      headers.cookie(sessionCookie(sealed, cookieSettings, new URL(request.url), lifeLeftS(opened)));
    }
    return { session: opened, stale: false };
  }

  /** Ends `session` everywhere: its id is revoked for the rest of its lifetime. */
  async function revoke(session: SessionData): Promise<void> {
    await storeCall(() => store.revoke(session.id, lifeLeftS(session) * 1000 + 1000));
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
    // `host` carries the port when it is not https's 443: a trusted host is trusted on the
    // default port only, unless trustedHosts names host:port.
    if (url.protocol === 'https:' && trustedHosts.has(url.host.toLowerCase())) return url;
    return undefined;
  }

  /**
   * The terms URL to fetch: a trusted one, with an http URL on a trusted host fetched over
   * https (the real API gives http://www.clickatell.com/sdk/terms.txt), unless that host
   * is `httpTermsHost`.
   */
  function termsUrl(raw: string | undefined): URL | undefined {
    const url = trustedUrl(raw);
    if (url || raw === undefined) return url;
    let plain: URL;
    try {
      plain = new URL(raw);
    } catch {
      return undefined;
    }
    if (plain.protocol !== 'http:' || plain.port !== '') return undefined;
    if (httpTermsHost !== undefined && plain.hostname.toLowerCase() === httpTermsHost) {
      return plain.username === '' && plain.password === '' ? plain : undefined;
    }
    plain.protocol = 'https:';
    return trustedUrl(plain.href);
  }

  async function fetchTerms(raw: string | undefined): Promise<Omit<TermsRecord, 'URL_location'>> {
    const url = termsUrl(raw);
    if (!url) throw new Refusal('unsafe_url');
    const { bytes, response } = await exchange(url.href, { headers: { accept: 'text/html, text/plain' } });
    const content = decodeUtf8(bytes, () => new Refusal('upstream_bad_answer'));
    const type = response.headers.get('content-type') ?? '';
    if (!/html/i.test(type)) return { content, content_type: 'text/plain' };
    // HTML is made safe here, never in the browser: the tree of allowed elements and text.
    return { content, content_type: 'text/html', content_nodes: termsNodes(content, url.href) };
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
    // Before sessions, limits and the upstream: no limiter key or upstream call grows with
    // what a client sends.
    for (const param of spec.params) {
      const value = params[param.name];
      const max = param.maxLength ?? maxParamLength;
      if (value !== undefined && charLength(value, max) > max)
        throw new Refusal('too_long', param.name, {
          message: `The value of ${param.name} is longer than ${max} characters.`,
        });
    }
    return { spec, params };
  }

  async function handleCall(
    request: Request,
    headers: ReplyHeaders,
    state: { action?: string; ip?: string },
  ): Promise<Outcome> {
    const { spec, params: sent } = await readCall(request);
    state.action = spec.name;
    let params = sent;
    let usedSession: SessionData | undefined;
    if (spec.authenticated && isBlank(sent['password'])) {
      const { session, stale } = await lookupSession(request, headers);
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
        usedSession = session;
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
      const ip = state.ip;
      if (ip) params = { ...params, client_ip_address: ip };
    }
    const signIn: SignIn = {};
    if (spec.authenticated) {
      signIn.ipKey = await hashKey(state.ip ?? 'unknown');
      if (!isBlank(params['user'])) signIn.userKey = await hashKey(params['user']!.toLowerCase());
    }
    if (spec.authenticated && !usedSession && !isBlank(params['password'])) {
      // A sign-in with a password: refused without asking the API once this client or this
      // username has failed too often, so no one client trips the API's lock-out of the
      // relay's IP, which every visitor shares.
      // The failure is counted before the API is asked, so sign-ins sent all at once
      // cannot all slip under the limit; one that does not fail gives it back.
      const counters: [FailureCounter, string][] = [[failedIp, signIn.ipKey!]];
      if (signIn.userKey !== undefined) counters.push([failedUser, signIn.userKey]);
      const waits = await Promise.all(counters.map(([counter, key]) => counter.reserve(key)));
      const wait = Math.max(...waits);
      if (wait > 0) {
        await Promise.all(
          counters.filter((_, i) => waits[i] === 0).map(([counter, key]) => counter.release(key)),
        );
        throw new Refusal('sign_in_limited', undefined, { headers: { 'retry-after': String(wait) } });
      }
      signIn.reserved = counters;
      try {
        if (spec.name === 'authenticate_user') signIn.generation = await storeCall(() => store.generation());
        if (spec.group === 'account' && !isBlank(params['user']))
          await limit(limitUser, params['user']!.toLowerCase());
        return await forward(spec, params, usedSession, request, headers, signIn);
      } catch (error) {
        if (signIn.reserved !== undefined)
          await Promise.all(signIn.reserved.map(([counter, key]) => counter.release(key)));
        throw error;
      }
    }
    if (spec.group === 'account' && !isBlank(params['user']))
      await limit(limitUser, params['user']!.toLowerCase());

    const cacheKey =
      spec.group === 'list' && listCacheMs > 0
        ? `${spec.name}\n${JSON.stringify(Object.entries(params).sort())}`
        : undefined;
    if (cacheKey === undefined) return forward(spec, params, usedSession, request, headers, signIn);
    const hit = cache.get(cacheKey);
    if (hit && hit.expires > clock()) return { status: 200, body: hit.body };
    if (hit) cache.delete(cacheKey);
    // Identical list calls in flight share one upstream call: a cold cache under load
    // costs the API one call, not one per visitor. List calls set no cookies, so the
    // answer headers of the first caller are the only ones touched.
    let pending = inflight.get(cacheKey);
    if (!pending) {
      pending = forward(spec, params, usedSession, request, headers, {}).then((outcome) => {
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

  /** What an account call's answer is counted against: hashed keys, and a sign-in's generation. */
  interface SignIn {
    ipKey?: string;
    userKey?: string;
    generation?: string;
    /** The failures a sign-in counted ahead, until its answer settles them. */
    reserved?: [FailureCounter, string][] | undefined;
  }

  /** The call made upstream and its answer turned into the JSON contract. */
  async function forward(
    spec: ActionSpec,
    params: Record<string, string>,
    usedSession: SessionData | undefined,
    request: Request,
    headers: ReplyHeaders,
    signIn: SignIn,
  ): Promise<Outcome> {
    const doc = await callApi(spec, params);
    if (spec.authenticated && signIn.ipKey !== undefined) {
      const keys: [typeof failedIp, string][] = [[failedIp, signIn.ipKey]];
      if (signIn.userKey !== undefined) keys.push([failedUser, signIn.userKey]);
      const reserved = signIn.reserved;
      // Settled here: a failure counted ahead stays counted, or is cleared or given back.
      signIn.reserved = undefined;
      const failed = doc.result === 'Error' && doc.errors.some((e) => e.code === AUTH_FAILED);
      if (failed && reserved === undefined)
        await Promise.all(keys.map(([counter, key]) => counter.fail(key)));
      else if (!failed && doc.result === 'Error' && reserved !== undefined)
        await Promise.all(reserved.map(([counter, key]) => counter.release(key)));
      else if (doc.result !== 'Error' && !usedSession)
        await Promise.all(keys.map(([counter, key]) => counter.clear(key)));
    }
    if (doc.result === 'Error') {
      const errors = doc.errors.map((e): ConnectErrorItem => {
        // 109's text is the coupon's own reason, which the guide says to pass on.
        const message = e.code === '109' && e.description !== '' ? e.description : errorMessage(e.code);
        const field = fieldForCode(spec, e.code);
        return field === undefined ? { code: e.code, message } : { code: e.code, message, field };
      });
      if (usedSession && errors.some((e) => e.code === AUTH_FAILED)) {
        // The password changed: this session, and every copy of its cookie, is over.
        headers.cookie(clearedSessionCookie(cookieSettings, new URL(request.url)));
        await revoke(usedSession);
      }
      return { status: 200, body: { action: spec.name, ok: false, errors, timestamp: doc.timestamp } };
    }

    let values = doc.values;
    if (spec.name === 'get_list_terms') {
      const records = await Promise.all(
        values.map(async (record) => ({ ...record, ...(await fetchTerms(record['URL_location'])) })),
      );
      // content_nodes is a tree, not a string: the one field of a record that is not (TermsRecord).
      values = records as unknown as readonly Readonly<Record<string, string>>[];
    }
    // A documented extension of the contract: each country's ISO 3166 code (docs/relay.md).
    if (spec.name === 'get_list_country') values = withIsoCodes(values);
    if (spec.name === 'buy_credits_url') {
      // The URL as the relay parsed and checked it, not the raw text.
      values = values.map((record) => {
        const url = trustedUrl(record['buy_url']);
        if (!url) throw new Refusal('unsafe_url');
        return { ...record, buy_url: url.href };
      });
    }
    if (spec.name === 'authenticate_user' && !usedSession) {
      const record = values[0] ?? {};
      const userNumber = record['Usernumber'] ?? record['UserNumber'] ?? '';
      const sealed = await sealSession(
        {
          user: params['user']!,
          password: params['password']!,
          userNumber,
          issuedAt: clock(),
          id: newSessionId(),
          lastSeen: clock(),
          generation: signIn.generation ?? (await storeCall(() => store.generation())),
        },
        await keyPromise,
      );
      headers.cookie(sessionCookie(sealed, cookieSettings, new URL(request.url)));
    }
    const body: ConnectResponse = { action: spec.name, ok: true, values, timestamp: doc.timestamp };
    return { status: 200, body };
  }

  async function handleSession(request: Request, headers: ReplyHeaders): Promise<Outcome> {
    const { session, stale } = await lookupSession(request, headers);
    if (stale) headers.cookie(clearedSessionCookie(cookieSettings, new URL(request.url)));
    // Nobody signed in is an answer, not an error: 200, so browsers log nothing.
    const body: SessionAnswer = session
      ? { user: session.user, userNumber: session.userNumber }
      : { user: null };
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
    state: { action?: string; ip?: string },
  ): Promise<Response> {
    const headers = new ReplyHeaders();
    try {
      let url: URL;
      try {
        url = new URL(request.url);
      } catch {
        throw new Refusal('bad_request', undefined, {
          message: 'The request has no valid URL (Host header).',
        });
      }
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
      state.ip = clientIp(request, info);
      await limit(limitIp, state.ip ?? 'unknown');
      let outcome: Outcome;
      if (route === 'call') outcome = await handleCall(request, headers, state);
      else if (route === 'session') outcome = await handleSession(request, headers);
      else {
        headers.cookie(clearedSessionCookie(cookieSettings, url));
        // Every copy of the cookie ends with this one: its id is revoked in the store.
        const opened = await openCookie(request);
        if (typeof opened !== 'string') await revoke(opened);
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
      const state: { action?: string; ip?: string } = {};
      const response = await handle(request, info as ConnectionInfo | undefined, state);
      const ms = (performance.now() - started).toFixed(1);
      // Never params: they hold passwords. Only names the relay itself knows go in, and the
      // client's IP only when logClientIp asks for it.
      log(
        `relay ${request.method} ${state.action ?? '-'} ${response.status} ${ms}ms${logIp(logClientIp === 'off' ? undefined : (state.ip ?? clientIp(request, info as ConnectionInfo | undefined)))}`,
      );
      return response;
    },
    handles(url) {
      return routeOf(url.pathname) !== undefined;
    },
  };
}

/**
 * The relay's session cookie (DESIGN.md "Sessions"): after a successful authenticate_user
 * the credentials are sealed into an encrypted, authenticated cookie (JWE, dir + A256GCM,
 * via jose), so the password never has to stay in the browser and the relay keeps no
 * session state of its own. WebCrypto only, so the relay runs on any Fetch-based host.
 */
import { EncryptJWT, jwtDecrypt } from 'jose';

/** What the cookie carries. */
export interface SessionData {
  readonly user: string;
  readonly password: string;
  readonly userNumber: string;
  /** When the session began, epoch milliseconds (the relay's clock). */
  readonly issuedAt: number;
  /** A random id: what logout and an authentication failure revoke in the store. */
  readonly id: string;
  /** When the session was last used, epoch milliseconds: the idle timeout runs from here. */
  readonly lastSeen: number;
  /** The store's generation the session was sealed in; another generation voids it. */
  readonly generation: string;
}

/** How the cookie is written. */
export interface CookieSettings {
  /** Cookie Path: the relay's endpoint path. */
  readonly path: string;
  /** Cross-site mode: `SameSite=None; Secure; Partitioned` instead of `SameSite=Strict`. */
  readonly crossSite: boolean;
  /** Lifetime in seconds; also the cookie's Max-Age. */
  readonly maxAgeS: number;
}

/** The cookie's name where it is not Secure (plain http on localhost). */
export const SESSION_COOKIE = 'ct_connect_session';
/** The cookie's name whenever it is Secure: browsers only accept it with the Secure attribute. */
export const SECURE_SESSION_COOKIE = `__Secure-${SESSION_COOKIE}`;

const encoder = new TextEncoder();

/**
 * A 256-bit key derived from the secret with HKDF-SHA-256, so any secret of 32 characters
 * or more gives a full-strength key and the key is used for this cookie only.
 */
export async function deriveSessionKey(secret: string): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('ct-connect relay'),
      info: encoder.encode('session cookie v1'),
    },
    base,
    256,
  );
  return new Uint8Array(bits);
}

/**
 * A function turning a limiter key (an IP, a username) into a fixed-length keyed hash, so
 * no store ever holds a raw username and no key grows with what a client sends. Keyed by
 * the session secret, so every relay sharing a store hashes alike.
 */
export async function deriveKeyHasher(secret: string): Promise<(value: string) => Promise<string>> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']);
  const key = await crypto.subtle.deriveKey(
    {
      name: 'HKDF',
      hash: 'SHA-256',
      salt: encoder.encode('ct-connect relay'),
      info: encoder.encode('limiter keys v1'),
    },
    base,
    { name: 'HMAC', hash: 'SHA-256', length: 256 },
    false,
    ['sign'],
  );
  return async (value) => {
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(value)));
    let hex = '';
    for (let i = 0; i < 16; i++) hex += mac[i]!.toString(16).padStart(2, '0');
    return hex;
  };
}

/** A fresh random session id (128 bits, base64url). */
export function newSessionId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Seals a session into the cookie value. */
export async function sealSession(data: SessionData, key: Uint8Array): Promise<string> {
  return new EncryptJWT({
    user: data.user,
    password: data.password,
    userNumber: data.userNumber,
    issuedAt: data.issuedAt,
    sid: data.id,
    lastSeen: data.lastSeen,
    gen: data.generation,
  })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(key);
}

/** Why a cookie gave no session. */
export type SessionProblem = 'invalid' | 'expired';

/**
 * Opens a cookie value: the session, or the reason there is none (tampered, sealed with
 * another secret, malformed, older than `maxAgeS` by `now`, or unused for `idleS`).
 */
export async function openSession(
  value: string,
  key: Uint8Array,
  now: number,
  maxAgeS: number,
  idleS: number = maxAgeS,
): Promise<SessionData | SessionProblem> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtDecrypt(value, key, {
      keyManagementAlgorithms: ['dir'],
      contentEncryptionAlgorithms: ['A256GCM'],
      currentDate: new Date(now),
    }));
  } catch {
    return 'invalid';
  }
  const { user, password, userNumber, issuedAt, sid, lastSeen, gen } = payload;
  if (typeof user !== 'string' || typeof password !== 'string' || typeof userNumber !== 'string')
    return 'invalid';
  if (typeof sid !== 'string' || sid === '' || typeof gen !== 'string') return 'invalid';
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return 'invalid';
  if (typeof lastSeen !== 'number' || !Number.isFinite(lastSeen)) return 'invalid';
  // A cookie from the future is as suspect as an old one: refuse both.
  if (now - issuedAt >= maxAgeS * 1000 || issuedAt > now + 60_000) return 'expired';
  if (now - lastSeen >= idleS * 1000) return 'expired';
  return { user, password, userNumber, issuedAt, id: sid, lastSeen, generation: gen };
}

// Browsers refuse Secure cookies over plain http except on localhost, where a developer
// runs the relay without TLS.
function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function isSecure(settings: CookieSettings, url: URL): boolean {
  return settings.crossSite || !isLocalHttp(url);
}

/** The cookie's name for a request to `url`: `__Secure-` prefixed whenever it is Secure. */
export function sessionCookieName(settings: CookieSettings, url: URL): string {
  return isSecure(settings, url) ? SECURE_SESSION_COOKIE : SESSION_COOKIE;
}

/** The value of the cookie called `name` in a Cookie header, if any. */
export function readSessionCookie(header: string | null, name: string = SESSION_COOKIE): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function attributes(settings: CookieSettings, url: URL, maxAge: number): string {
  const parts = [`Max-Age=${maxAge}`, `Path=${settings.path}`, 'HttpOnly'];
  if (settings.crossSite) parts.push('Secure', 'SameSite=None', 'Partitioned');
  else {
    if (isSecure(settings, url)) parts.push('Secure');
    parts.push('SameSite=Strict');
  }
  return parts.join('; ');
}

/** The Set-Cookie header that stores a sealed session, for `maxAgeS` (default the lifetime). */
export function sessionCookie(
  value: string,
  settings: CookieSettings,
  url: URL,
  maxAgeS: number = settings.maxAgeS,
): string {
  return `${sessionCookieName(settings, url)}=${value}; ${attributes(settings, url, maxAgeS)}`;
}

/** The Set-Cookie header that clears the session cookie. */
export function clearedSessionCookie(settings: CookieSettings, url: URL): string {
  return `${sessionCookieName(settings, url)}=; ${attributes(settings, url, 0)}`;
}

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

/** The cookie's name. */
export const SESSION_COOKIE = 'ct_connect_session';

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

/** Seals a session into the cookie value. */
export async function sealSession(data: SessionData, key: Uint8Array): Promise<string> {
  return new EncryptJWT({
    user: data.user,
    password: data.password,
    userNumber: data.userNumber,
    issuedAt: data.issuedAt,
  })
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .encrypt(key);
}

/** Why a cookie gave no session. */
export type SessionProblem = 'invalid' | 'expired';

/**
 * Opens a cookie value: the session, or the reason there is none (tampered, sealed with
 * another secret, malformed, or older than `maxAgeS` by `now`).
 */
export async function openSession(
  value: string,
  key: Uint8Array,
  now: number,
  maxAgeS: number,
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
  const { user, password, userNumber, issuedAt } = payload;
  if (typeof user !== 'string' || typeof password !== 'string' || typeof userNumber !== 'string')
    return 'invalid';
  if (typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return 'invalid';
  // A cookie from the future is as suspect as an old one: refuse both.
  if (now - issuedAt >= maxAgeS * 1000 || issuedAt > now + 60_000) return 'expired';
  return { user, password, userNumber, issuedAt };
}

/** The session cookie's value in a Cookie header, if any. */
export function readSessionCookie(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq === -1) continue;
    if (part.slice(0, eq).trim() === SESSION_COOKIE) return part.slice(eq + 1).trim();
  }
  return undefined;
}

// Browsers refuse Secure cookies over plain http except on localhost, where a developer
// runs the relay without TLS.
function isLocalHttp(url: URL): boolean {
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

function attributes(settings: CookieSettings, url: URL, maxAge: number): string {
  const parts = [`Max-Age=${maxAge}`, `Path=${settings.path}`, 'HttpOnly'];
  if (settings.crossSite) parts.push('Secure', 'SameSite=None', 'Partitioned');
  else {
    if (!isLocalHttp(url)) parts.push('Secure');
    parts.push('SameSite=Strict');
  }
  return parts.join('; ');
}

/** The Set-Cookie header that stores a sealed session. */
export function sessionCookie(value: string, settings: CookieSettings, url: URL): string {
  return `${SESSION_COOKIE}=${value}; ${attributes(settings, url, settings.maxAgeS)}`;
}

/** The Set-Cookie header that clears the session cookie. */
export function clearedSessionCookie(settings: CookieSettings, url: URL): string {
  return `${SESSION_COOKIE}=; ${attributes(settings, url, 0)}`;
}

/**
 * The browser's side of the relay contract (DESIGN.md "Browser - relay contract"). List
 * calls are cached for the life of the page and concurrent identical ones share one
 * request, so five elements never fetch the country list five times.
 */
import {
  CLIENT_HEADER,
  CLIENT_HEADER_VALUE,
  getAction,
  type ConnectErrorItem,
  type ConnectResponse,
  type SessionInfo,
} from '../protocol/index.ts';
import { ConnectError, NETWORK_ERROR } from './connect-error.ts';

export type Values = readonly Readonly<Record<string, string>>[];

// Any JSON answer of the relay, read loosely: a failure's errors or a session's user.
type Body = Partial<ConnectResponse> & { errors?: ConnectErrorItem[]; user?: unknown; userNumber?: unknown };
export type CallParams = Readonly<Record<string, string | undefined>>;

export class ConnectClient {
  #lists = new Map<string, Promise<Values>>();

  constructor(
    /** The relay's URL, absolute or relative to the page (`/connect`). */
    readonly endpoint: string,
  ) {}

  /** Calls `action`; resolves the answer's `values` or throws a `ConnectError`. */
  call(action: string, params: CallParams = {}): Promise<Values> {
    const clean: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') clean[k] = v;
    if (getAction(action)?.group !== 'list') return this.#send(action, clean);
    const key = action + JSON.stringify(clean);
    let pending = this.#lists.get(key);
    if (!pending) {
      pending = this.#send(action, clean);
      this.#lists.set(key, pending);
      // A failed list call must not stay cached: the next element should try again.
      pending.catch(() => this.#lists.delete(key));
    }
    return pending;
  }

  /** Who is signed in through this relay, or null. */
  async session(): Promise<SessionInfo | null> {
    const res = await this.#request('session', `${this.endpoint}/session`, { method: 'GET' });
    const body = await this.#read('session', res);
    // {"user": null}: nobody is signed in (a relay of before answered 401).
    if (body?.user === null || res.status === 401) return null;
    if (!res.ok || !body || typeof body.user !== 'string') throw this.#refusal('session', res, body);
    return { user: body.user, userNumber: String(body.userNumber ?? '') };
  }

  /** Ends the relay session. */
  async logout(): Promise<void> {
    const res = await this.#request('logout', `${this.endpoint}/logout`, { method: 'POST' });
    if (!res.ok && res.status !== 401) throw this.#refusal('logout', res, await this.#read('logout', res));
  }

  async #send(action: string, params: Record<string, string>): Promise<Values> {
    const res = await this.#request(action, this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action, params }),
    });
    const body = await this.#read(action, res);
    if (res.ok && body?.ok === true && body.values) return body.values;
    throw this.#refusal(action, res, body);
  }

  async #request(action: string, url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        credentials: 'include',
        headers: { ...(init.headers as Record<string, string>), [CLIENT_HEADER]: CLIENT_HEADER_VALUE },
      });
    } catch {
      throw new ConnectError(
        action,
        [{ code: NETWORK_ERROR, message: 'The relay could not be reached.' }],
        0,
      );
    }
  }

  async #read(action: string, res: Response): Promise<Body | undefined> {
    try {
      return await res.json();
    } catch {
      // A proxy's HTML error page, or a connection cut mid-answer.
      if (res.ok)
        throw new ConnectError(
          action,
          [{ code: NETWORK_ERROR, message: 'The relay gave an unreadable answer.' }],
          res.status,
        );
      return undefined;
    }
  }

  #refusal(action: string, res: Response, body: Body | undefined): ConnectError {
    const errors = body?.errors?.length
      ? body.errors
      : [
          {
            code: res.status >= 500 ? 'upstream_unreachable' : NETWORK_ERROR,
            message: res.statusText || 'The relay refused the call.',
          },
        ];
    const retry = Number(res.headers.get('retry-after'));
    return new ConnectError(
      action,
      errors,
      res.status,
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
}

/**
 * One error type for everything a call to the relay can end in: a Connect API code
 * ("404"), a relay refusal ("rate_limited"), or the relay being out of reach ("network").
 * Elements switch on `code` to pick the plain-words message they show.
 */
import type { ConnectErrorItem } from '../protocol/index.ts';

/** Code for a relay that could not be reached at all (offline, DNS, refused connection). */
export const NETWORK_ERROR = 'network';

export class ConnectError extends Error {
  override name = 'ConnectError';
  /** The first error's code: a Connect API code, a relay refusal code, or `network`. */
  readonly code: string;
  /** The parameter the first error concerns, when it concerns one. */
  readonly field?: string;
  constructor(
    /** The action that failed. */
    readonly action: string,
    /** Every error of the answer, in order (the API reports each failing field). */
    readonly errors: readonly ConnectErrorItem[],
    /** The HTTP status (200 for a Connect API refusal, 0 when the relay was not reached). */
    readonly status: number,
    /** Seconds to wait before trying again (429's Retry-After). */
    readonly retryAfter?: number,
  ) {
    const first = errors[0] ?? { code: '999', message: 'Unknown error' };
    super(first.message);
    this.code = first.code;
    if (first.field) this.field = first.field;
  }
}

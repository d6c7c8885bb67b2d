/**
 * Plumbing the relay and the emulator share: one error type carrying an HTTP status and a
 * message safe to show, and a body reader that stops at a size limit instead of buffering
 * whatever a client sends.
 */

/** An error with an HTTP status and a message safe to put in a response. */
export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly status: number,
    /** A machine-readable code (the relay's refusal codes, or a Connect API code). */
    readonly code: string,
    message: string,
    /** Extra response headers, such as Retry-After. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** What a Node adapter knows about the connection a request came in on. */
export interface ConnectionInfo {
  /** The peer's address, as the socket reports it. */
  readonly remoteAddress?: string;
}

/** A Fetch-standard handler: what createRelay and createEmulator return. */
export interface FetchHandler {
  fetch(request: Request, info?: ConnectionInfo): Promise<Response>;
  /**
   * Whether this handler serves `url`; a Node adapter used as middleware passes other
   * requests on to the next middleware. Handlers without it serve everything.
   */
  handles?(url: URL): boolean;
}

/**
 * Reads a request body as bytes, refusing it with `onTooLarge()` as soon as it passes
 * `maxBytes`, whether or not the client declared its length.
 */
export async function readBody(
  request: Request,
  maxBytes: number,
  onTooLarge: () => Error,
): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    throw onTooLarge();
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => {});
      throw onTooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Bytes as UTF-8 text, or `onInvalid()` thrown when they are not UTF-8. */
export function decodeUtf8(bytes: Uint8Array, onInvalid: () => Error): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw onInvalid();
  }
}

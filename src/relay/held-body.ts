/**
 * Bodies a transport has already read in full, kept beside the Response made of them: the
 * relay takes the bytes from here instead of through `arrayBuffer()`, which would wrap them
 * in a web stream only to gather them again. The Response itself stays readable as usual.
 * No Node modules here: the relay imports it and runs on any Fetch-based host.
 */

const held = new WeakMap<Request | Response, Uint8Array>();

/** Records that `response` was made of `bytes`, its whole body. */
export function holdBody(response: Response, bytes: Uint8Array): void {
  held.set(response, bytes);
}

/** The whole body `message` was made of, when a transport recorded it; else undefined. */
export function heldBody(message: Request | Response): Uint8Array | undefined {
  return held.get(message);
}

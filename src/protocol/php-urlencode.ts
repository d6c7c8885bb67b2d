/**
 * The captcha image travels as its PNG bytes encoded the way PHP's `urlencode` does it:
 * `%XX` for every byte but A-Z a-z 0-9 - _ . and `+` for the byte 0x20. Both directions
 * work on bytes, never on UTF-8 text. Browser-safe.
 */

const HEX = '0123456789ABCDEF';

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) ||
    (byte >= 0x41 && byte <= 0x5a) ||
    (byte >= 0x61 && byte <= 0x7a) ||
    byte === 0x2d ||
    byte === 0x2e ||
    byte === 0x5f
  );
}

/** Encodes bytes as PHP's `urlencode` does. */
export function phpUrlEncode(bytes: Uint8Array): string {
  let out = '';
  for (const byte of bytes) {
    if (isUnreserved(byte)) out += String.fromCharCode(byte);
    else if (byte === 0x20) out += '+';
    else out += '%' + HEX[byte >> 4] + HEX[byte & 15];
  }
  return out;
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  return -1;
}

/**
 * Decodes PHP-urlencoded text back to bytes. Whitespace is dropped first (the guide's
 * example wraps the image over several lines, once inside a `%XX`); a `%` not followed
 * by two hex digits is kept as is, as PHP's `urldecode` does.
 */
export function phpUrlDecode(wrapped: string): Uint8Array {
  const text = wrapped.replace(/\s/g, '');
  const out = new Uint8Array(text.length);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2b) {
      out[n++] = 0x20;
    } else if (
      code === 0x25 &&
      i + 2 < text.length &&
      hexValue(text.charCodeAt(i + 1)) >= 0 &&
      hexValue(text.charCodeAt(i + 2)) >= 0
    ) {
      out[n++] = hexValue(text.charCodeAt(i + 1)) * 16 + hexValue(text.charCodeAt(i + 2));
      i += 2;
    } else {
      out[n++] = code & 0xff;
    }
  }
  return out.slice(0, n);
}

/**
 * PHP-urlencoded bytes as a `data:` URL, for an `<img>` to show without decoding them in
 * script. A data URL's body is percent-decoded to bytes exactly as `phpUrlDecode` does
 * (a `%` without two hex digits stays as it is), so only `+` needs spelling out as `%20`,
 * and a stray `#`, which would end the body, as `%23`; whitespace is dropped, as there.
 */
export function phpUrlEncodedDataUrl(text: string, type: string): string {
  return `data:${type},${text.replace(/\s/g, '').replace(/\+/g, '%20').replace(/#/g, '%23')}`;
}

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { phpUrlDecode, phpUrlEncode, phpUrlEncodedDataUrl } from '../../src/protocol/php-urlencode.ts';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

// The guide's get_captcha example, verbatim, wrapped over lines as the guide prints it (its
// text extraction lost some bytes, so only the start is a faithful PNG).
const GUIDE_EXAMPLE = `%89PNG%0D%0A%1A%0A%00%00%0DIHDR%00%00%0F
                      %00%00%00-
                      %08%02%00%00%00W%88%AC%F1%00%00%12%1AIDATx%9C%ED%5CyxTU%B2%AF
                      s%97%5E%93%EE%A4%B3%27%841%24%21%40X%24%A8%04%81%A8++%22H%40%
                      B81%2C%E7%60%3D%14%27%831%D2%C5Z%E2Fu%08%3Cm3%A9%DB%EB%A2%2C%
                      D2FsZ%83H%2B%7B%13s%0Du%87%D4%A6%F3DE%0E%5Db%7B.a%FFZ%D7T%1E%
                      %06%94%96%89%F4%91%00%D0%9D2%85%1E%1B%FA%01%8A%AB+%E0%FF%00%C
                      DSh%D94%F1%00%D8%00%00%00%00IEND%AEB%60%82
                      `;

describe('PHP urlencode of bytes', () => {
  it('round-trips all 256 byte values', () => {
    const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
    assert.deepEqual(phpUrlDecode(phpUrlEncode(bytes)), bytes);
  });

  it('encodes as PHP does: unreserved bytes as themselves, space as +, the rest as upper-case %XX', () => {
    assert.equal(phpUrlEncode(new TextEncoder().encode('a-b_c.d e+f~/')), 'a-b_c.d+e%2Bf%7E%2F');
    assert.equal(phpUrlEncode(Uint8Array.of(0x89, 0x00, 0xff)), '%89%00%FF');
  });

  it('decodes + as the byte 0x20 and %2B as a plus sign', () => {
    assert.deepEqual([...phpUrlDecode('a+b%2Bc')], [...new TextEncoder().encode('a b+c')]);
  });

  it('works on bytes, not on UTF-8 text: %FF decodes to one byte 0xFF', () => {
    assert.deepEqual([...phpUrlDecode('%FF%FE')], [0xff, 0xfe]);
  });

  it("decodes the guide's wrapped example to bytes that start with the PNG signature", () => {
    const bytes = phpUrlDecode(GUIDE_EXAMPLE);
    assert.deepEqual([...bytes.slice(0, 8)], PNG_SIGNATURE);
    assert.ok(new TextDecoder('latin1').decode(bytes.slice(8, 20)).includes('IHDR'));
    assert.ok(new TextDecoder('latin1').decode(bytes).endsWith('IEND\xAEB`\x82'));
    const plus = new TextDecoder('latin1').decode(bytes).indexOf('  "H@');
    assert.ok(plus > 0, 'the ++ in the example decodes to two spaces');
  });

  it('decodes an escape the wrapping split over two lines as one byte', () => {
    assert.deepEqual([...phpUrlDecode('%40%\n   B81')], [0x40, 0xb8, 0x31]);
  });

  it('keeps a % that is not followed by two hex digits, as PHP does', () => {
    assert.deepEqual([...phpUrlDecode('%G1%4')], [...new TextEncoder().encode('%G1%4')]);
  });

  describe('as a data: URL', () => {
    // The browser decodes a data: URL with the Fetch standard's algorithm, which Node's
    // fetch implements too: what it reads back must be the bytes phpUrlDecode gives.
    const viaDataUrl = async (text: string) =>
      new Uint8Array(await (await fetch(phpUrlEncodedDataUrl(text, 'image/png'))).arrayBuffer());

    it('gives the same bytes as phpUrlDecode for all 256 byte values', async () => {
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      assert.deepEqual(await viaDataUrl(phpUrlEncode(bytes)), bytes);
    });

    it("gives the same bytes as phpUrlDecode for the guide's wrapped example", async () => {
      assert.deepEqual(await viaDataUrl(GUIDE_EXAMPLE), phpUrlDecode(GUIDE_EXAMPLE));
    });

    it('gives the same bytes as phpUrlDecode for + and for a stray % or #', async () => {
      for (const text of ['a+b%2Bc', '%G1%4', '++%', '%e2%82%ac', 'a#b?c=d'])
        assert.deepEqual(await viaDataUrl(text), phpUrlDecode(text), text);
    });

    it('is typed as asked', async () => {
      const answer = await fetch(phpUrlEncodedDataUrl('%89PNG', 'image/png'));
      assert.equal(answer.headers.get('content-type'), 'image/png');
    });
  });
});

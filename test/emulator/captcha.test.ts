import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { CAPTCHA_LIFETIME_MS, phpUrlDecode } from '../../src/protocol/index.ts';
import { CAPTCHA_ALPHABET, renderCaptchaPng } from '../../src/emulator/index.ts';
import { codes, fixture, registration, solvedCaptcha } from './helpers.ts';

describe('get_captcha', () => {
  it('answers a 32-hex id and a PHP-urlencoded PNG that decodes to a real image', async () => {
    const f = fixture();
    const doc = await f.call('get_captcha');
    const { captcha_id: id, captcha_image: image } = doc.values[0]!;
    assert.match(id!, /^[0-9a-f]{32}$/);
    assert.match(image!, /^%89PNG%0D%0A%1A%0A/);
    assert.doesNotMatch(image!, /[^A-Za-z0-9%+._-]/, 'only the characters PHP urlencode produces');
    const png = PNG.sync.read(Buffer.from(phpUrlDecode(image!)));
    assert.ok(png.width >= 150 && png.height >= 40, `${png.width}x${png.height}`);
  });

  it('draws dark characters on a light background', async () => {
    const png = PNG.sync.read(Buffer.from(renderCaptchaPng('AB3K7Q', () => 0.5)));
    let dark = 0;
    let light = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      const lum = (png.data[i]! + png.data[i + 1]! + png.data[i + 2]!) / 3;
      if (lum < 100) dark++;
      else if (lum > 200) light++;
    }
    assert.ok(light > dark * 2, 'mostly light background');
    assert.ok(dark > 6 * 100, 'six glyphs of ink');
  });

  it('draws different images for different codes', () => {
    const a = renderCaptchaPng('AAAAAA', () => 0.3);
    const b = renderCaptchaPng('BBBBBB', () => 0.3);
    assert.notDeepEqual(a, b);
  });

  it('picks codes from an alphabet without 0, O, 1, I or l', async () => {
    assert.doesNotMatch(CAPTCHA_ALPHABET, /[0O1Il]/);
    const f = fixture();
    for (let i = 0; i < 20; i++) {
      const { captcha_code } = await solvedCaptcha(f);
      assert.match(captcha_code, new RegExp(`^[${CAPTCHA_ALPHABET}]{6}$`));
    }
  });

  it('issues a different id every time', async () => {
    const f = fixture();
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add((await solvedCaptcha(f)).captcha_id);
    assert.equal(ids.size, 20);
  });

  it('expires 15 minutes after it is issued (402), and works until then', async () => {
    const f = fixture();
    const early = await solvedCaptcha(f);
    const late = await solvedCaptcha(f);
    f.clock.advance(CAPTCHA_LIFETIME_MS - 1);
    assert.deepEqual(codes(await f.call('register', { ...registration('early'), ...early })), ['ok']);
    f.clock.advance(1);
    assert.deepEqual(codes(await f.call('register', { ...registration('late'), ...late })), ['402']);
  });

  it('tells tests its code through the admin API, and 404 for an id it never issued', async () => {
    const f = fixture();
    const { captcha_id, captcha_code } = await solvedCaptcha(f);
    const response = await f.fetch(`/_emulator/captcha/${captcha_id}`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { code: captcha_code });
    const missing = await f.fetch(`/_emulator/captcha/${'0'.repeat(32)}`);
    assert.equal(missing.status, 404);
    assert.match(missing.headers.get('content-type')!, /application\/json/);
    assert.ok(((await missing.json()) as { error: string }).error);
  });

  it('tells a person the id and code of the captcha issued last, and 404 before any or after a reset', async () => {
    const f = fixture();
    const none = await f.fetch('/_emulator/captcha/latest');
    assert.equal(none.status, 404);
    assert.match(((await none.json()) as { error: string }).error, /No captcha has been issued yet/);
    await solvedCaptcha(f);
    const second = await solvedCaptcha(f);
    const response = await f.fetch('/_emulator/captcha/latest');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { captchaId: second.captcha_id, code: second.captcha_code });
    await f.fetch('/_emulator/reset', { method: 'POST', headers: { 'content-type': 'application/json' } });
    assert.equal((await f.fetch('/_emulator/captcha/latest')).status, 404);
  });

  it('takes the captcha issued last as the latest even when the clock moved back', async () => {
    const f = fixture();
    f.clock.advance(60_000);
    await solvedCaptcha(f);
    f.clock.advance(-60_000);
    const newest = await solvedCaptcha(f);
    const latest = (await (await f.fetch('/_emulator/captcha/latest')).json()) as { captchaId: string };
    assert.equal(latest.captchaId, newest.captcha_id);
  });

  it('produces the same ids and codes from the same seed', async () => {
    const a = await solvedCaptcha(fixture());
    const b = await solvedCaptcha(fixture());
    assert.deepEqual(a, b);
  });
});

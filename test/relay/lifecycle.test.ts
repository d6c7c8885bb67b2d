/**
 * All 16 calls through the relay against the emulator over real HTTP, and the session life
 * cycle: sign in, calls without the password, a reload, logout, a tampered cookie, a cookie
 * sealed with another secret, expiry on an injected clock, and a password change ending it.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Browser } from './helpers.ts';
import { activeAccount, newAccount, startStack, ZA, type Stack } from './stack.ts';
import { errorMessage } from '../../src/protocol/errors.ts';
import { SESSION_COOKIE } from '../../src/relay/index.ts';
import type { TermsRecord } from '../../src/protocol/terms.ts';

function cookieAttributes(answer: { headers: Headers }): string[] {
  const lines = answer.headers.getSetCookie();
  assert.equal(lines.length, 1, `one Set-Cookie: ${lines.join(' | ')}`);
  return lines[0]!.split(';').map((p) => p.trim());
}

function assertCleared(answer: { headers: Headers }): void {
  const attrs = cookieAttributes(answer);
  assert.equal(attrs[0], `${SESSION_COOKIE}=`);
  assert.ok(attrs.includes('Max-Age=0'), attrs.join('; '));
  assert.ok(attrs.includes('Path=/connect'), attrs.join('; '));
}

describe('all 16 calls through the relay against the emulator', () => {
  let stack: Stack;
  let browser: Browser;
  let account: Record<string, string>;
  before(async () => {
    stack = await startStack();
    browser = stack.browser();
  });
  after(() => stack.close());

  test('the five list calls answer the emulator lists', async () => {
    const countries = await browser.call('get_list_country');
    assert.equal(countries.status, 200);
    assert.ok(countries.body.values.some((v) => v.country_id === ZA.id && v.name === ZA.name));
    const prefixes = await browser.call('get_list_country_prefix');
    assert.ok(prefixes.body.values.some((v) => v.country_id === ZA.id && v.prefix === '27'));
    const accounts = await browser.call('get_list_account');
    assert.deepEqual(accounts.body.values[0], { account_id: '1', account_type: 'International' });
    const callbacks = await browser.call('get_list_callback');
    assert.deepEqual(callbacks.body.values[0], { callback_type_id: '0', callback_type: 'HTTP GET' });
    const connections = await browser.call('get_list_connection');
    assert.deepEqual(connections.body.values[0], { connection_type_id: '2', connection_type: 'HTTP API' });
  });

  test('get_list_terms returns the document the API points at, as text or HTML', async () => {
    const text = await browser.call('get_list_terms', { country_id: ZA.id });
    assert.equal(text.status, 200, text.text);
    const record = text.body.values[0];
    assert.ok(record.URL_location.startsWith(`${stack.emulatorUrl}/_emulator/terms/`));
    assert.equal(record.content_type, 'text/plain');
    const direct = await (await fetch(record.URL_location)).text();
    assert.equal(record.content, direct);
    assert.equal('content_nodes' in record, false, 'text terms stay text');
    const html = await browser.call('get_list_terms', { country_id: ZA.id, terms_format: '2' });
    assert.equal(html.body.values[0].content_type, 'text/html');
    assert.match(html.body.values[0].content, /<h1|<p/);
    // The relay made the HTML safe: a tree of the document's headings and paragraphs.
    const nodes = (html.body.values[0] as unknown as TermsRecord).content_nodes ?? [];
    const elements = nodes.filter((n) => typeof n !== 'string');
    assert.deepEqual(
      elements.slice(0, 3).map((n) => n[0]),
      ['h1', 'h2', 'p'],
    );
    assert.match(String(elements[0]?.[2]), /South Africa/);
  });

  test('get_list_terms without a country uses the visitor IP', async () => {
    const byIp = await browser.call('get_list_terms');
    assert.equal(byIp.status, 200, byIp.text);
    assert.equal(byIp.body.ok, true);
    assert.ok(byIp.body.values[0].content.length > 0);
  });

  test('get_captcha and register create an account and send its activation email', async () => {
    const captcha = await browser.call('get_captcha');
    assert.match(captcha.body.values[0].captcha_id, /^[0-9a-f]{32}$/);
    assert.match(captcha.body.values[0].captcha_image, /^%89PNG/);
    account = newAccount(1);
    const code = await stack.captchaCode(captcha.body.values[0].captcha_id);
    const registered = await browser.call('register', {
      ...account,
      captcha_id: captcha.body.values[0].captcha_id,
      captcha_code: code,
    });
    assert.deepEqual(registered.body.values, [], registered.text);
    assert.equal(registered.body.ok, true);
    assert.equal(registered.headers.getSetCookie().length, 0);
    assert.ok((await stack.outbox(account['email_address'])).some((m) => m.link));
  });

  test('authenticate_user before activation answers 103 and sets no cookie', async () => {
    const answer = await browser.call('authenticate_user', {
      user: account['user']!,
      password: account['password']!,
    });
    assert.equal(answer.body.ok, false);
    assert.deepEqual(answer.body.errors, [{ code: '103', message: errorMessage('103') }]);
    assert.equal(answer.headers.getSetCookie().length, 0);
  });

  test('resend_email_activation answers the UserNumber and a new link activates', async () => {
    const answer = await browser.call('resend_email_activation', {
      user: account['user']!,
      password: account['password']!,
    });
    assert.equal(answer.body.ok, true, answer.text);
    assert.match(answer.body.values[0].UserNumber, /^\d+$/);
    const link = (await stack.outbox(account['email_address'])).findLast((m) => m.link)!.link!;
    const page = await fetch(link, { redirect: 'manual' });
    await page.body?.cancel();
    assert.ok(page.status < 400);
  });

  test('authenticate_user signs in and seals the session in a cookie', async () => {
    const answer = await browser.call('authenticate_user', {
      user: account['user']!,
      password: account['password']!,
    });
    assert.equal(answer.body.ok, true, answer.text);
    assert.match(answer.body.values[0].Usernumber, /^\d+$/);
    const attrs = cookieAttributes(answer);
    assert.ok(attrs.includes('HttpOnly'));
    assert.ok(attrs.includes('SameSite=Strict'));
    assert.ok(attrs.includes('Path=/connect'));
    assert.ok(!attrs.includes('Secure'), 'no Secure on http://127.0.0.1');
    assert.ok(!attrs[0]!.includes(account['password']!));
    const session = await browser.session();
    assert.deepEqual(session.body, { user: account['user'], userNumber: answer.body.values[0].Usernumber });
  });

  test('the account calls work without the password, from the session', async () => {
    const status = await browser.call('sms_activation_status');
    assert.deepEqual(status.body.errors, [{ code: '104', message: errorMessage('104') }]);
    const sent = await browser.call('send_activation_sms');
    assert.equal(sent.body.ok, true, sent.text);
    const sms = (await stack.outbox(account['mobile_number'])).findLast((m) => m.type === 'sms')!;
    // The user may name themselves and still leave the password to the session.
    const validated = await browser.call('validate_activation_sms', {
      user: account['user']!,
      sms_activation_code: sms.code!,
    });
    assert.equal(validated.body.ok, true, validated.text);
    const after = await browser.call('sms_activation_status');
    assert.deepEqual(after.body.values, [
      { Cellphone: account['mobile_number'], UserNumber: after.body.values[0].UserNumber },
    ]);
    const connection = await browser.call('create_connection', {
      connection_id: '2',
      api_description: 'Shop <alerts> & "more"',
    });
    assert.equal(connection.body.ok, true, connection.text);
    assert.match(connection.body.values[0].api_id, /^\d{7}$/);
    const buy = await browser.call('buy_credits_url');
    assert.equal(buy.body.ok, true, buy.text);
    assert.ok(buy.body.values[0].buy_url.startsWith(`${stack.emulatorUrl}/_emulator/buy/`));
  });

  test('a reload (a new page with the same cookie) finds the session', async () => {
    const reloaded = stack.browser();
    reloaded.cookie = browser.cookie;
    assert.deepEqual((await reloaded.session()).body.user, account['user']);
    assert.equal((await reloaded.call('sms_activation_status')).body.ok, true);
  });

  test('forgot_password mails a new password; the old session then ends on its 404', async () => {
    const forgot = await browser.call('forgot_password', {
      user: account['user']!,
      email_address: account['email_address']!,
      ...(await stack.captcha(browser)),
    });
    assert.equal(forgot.body.ok, true, forgot.text);
    const mail = (await stack.outbox(account['email_address'])).findLast((m) => m.code)!;
    assert.ok(mail.code);
    const copy = stack.browser();
    copy.cookie = browser.cookie;
    const stale = await browser.call('buy_credits_url');
    assert.equal(stale.body.errors[0].code, '404');
    assertCleared(stale);
    // The 404 revoked the session: a copy of the cookie no longer reaches the API with the
    // old password (each try would count as a failed sign-in upstream).
    const copied = await copy.call('buy_credits_url');
    assert.equal(copied.status, 401);
    assert.equal(copied.body.errors[0].code, 'not_signed_in');
    assertCleared(copied);
    assert.equal(browser.cookie, undefined);
    const session = await browser.session();
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { user: null });
    account['password'] = mail.code!;
  });

  test('logout clears the cookie and account calls then need a sign-in', async () => {
    const signedIn = await browser.call('authenticate_user', {
      user: account['user']!,
      password: account['password']!,
    });
    assert.equal(signedIn.body.ok, true, signedIn.text);
    const stolen = browser.cookie;
    const out = await browser.logout();
    assert.equal(out.status, 200);
    assert.deepEqual(out.body, { ok: true });
    assertCleared(out);
    assert.deepEqual((await browser.session()).body, { user: null });
    const call = await browser.call('buy_credits_url');
    assert.equal(call.status, 401);
    assert.equal(call.body.errors[0].code, 'not_signed_in');
    // Logout revokes the session's id: a copy of the cookie taken before it opens nothing.
    const copy = stack.browser();
    copy.cookie = stolen;
    const afterLogout = await copy.session();
    assert.equal(afterLogout.status, 200);
    assert.deepEqual(afterLogout.body, { user: null });
    assertCleared(afterLogout);
    copy.cookie = stolen;
    const copied = await copy.call('buy_credits_url');
    assert.equal(copied.status, 401);
    assert.equal(copied.body.errors[0].code, 'not_signed_in');
  });

  test('a wrong password through the relay answers 404 on the password and sets no cookie', async () => {
    const answer = await browser.call('authenticate_user', { user: account['user']!, password: 'wrong0000' });
    assert.deepEqual(answer.body.errors, [{ code: '404', message: errorMessage('404') }]);
    assert.equal(answer.headers.getSetCookie().length, 0);
  });
});

describe('cookies the relay did not seal, or sealed too long ago', () => {
  let stack: Stack;
  let now = Date.UTC(2026, 10, 25, 12);
  let account: Record<string, string>;
  before(async () => {
    stack = await startStack({ clock: () => now, sessionMaxAgeS: 3600 });
    account = await activeAccount(stack, stack.browser(), 2);
  });
  after(() => stack.close());

  async function signedIn(): Promise<Browser> {
    const browser = stack.browser();
    const answer = await browser.call('authenticate_user', {
      user: account['user']!,
      password: account['password']!,
    });
    assert.equal(answer.body.ok, true, answer.text);
    return browser;
  }

  test('with no cookie, the session answers 200 {"user": null} and sets none', async () => {
    const session = await stack.browser().session();
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { user: null });
    assert.equal(session.headers.getSetCookie().length, 0);
    assert.equal(session.headers.get('cache-control'), 'no-store');
  });

  test('a tampered cookie is refused and cleared', async () => {
    const browser = await signedIn();
    const [name, value] = browser.cookie!.split('=') as [string, string];
    const parts = value.split('.');
    const ciphertext = parts[3]!;
    const flipped = ciphertext[0] === 'A' ? 'B' + ciphertext.slice(1) : 'A' + ciphertext.slice(1);
    parts[3] = flipped;
    browser.cookie = `${name}=${parts.join('.')}`;
    const session = await browser.session();
    assert.equal(session.status, 200);
    assert.deepEqual(session.body, { user: null });
    assertCleared(session);

    const other = await signedIn();
    other.cookie = `${SESSION_COOKIE}=not-a-jwe`;
    const call = await other.call('buy_credits_url');
    assert.equal(call.status, 401);
    assertCleared(call);
  });

  test('a cookie sealed with another secret is refused and cleared', async () => {
    const foreign = await startStack({ sessionSecret: 'another-secret-of-more-than-32-characters!' });
    try {
      const b = foreign.browser();
      const acc = await activeAccount(foreign, b, 3);
      const answer = await b.call('authenticate_user', { user: acc['user']!, password: acc['password']! });
      assert.equal(answer.body.ok, true);
      const browser = stack.browser();
      browser.cookie = b.cookie;
      const session = await browser.session();
      assert.equal(session.status, 200);
      assert.deepEqual(session.body, { user: null });
      assertCleared(session);
    } finally {
      await foreign.close();
    }
  });

  test('a session older than sessionMaxAgeS is refused and cleared', async () => {
    const browser = await signedIn();
    now += 3_599_000;
    assert.equal((await browser.session()).status, 200);
    now += 2_000;
    const expired = await browser.session();
    assert.equal(expired.status, 200);
    assert.deepEqual(expired.body, { user: null });
    assertCleared(expired);
  });

  test('signing in through a session does not extend it', async () => {
    const browser = await signedIn();
    now += 3_000_000;
    const again = await browser.call('authenticate_user');
    assert.equal(again.body.ok, true, again.text);
    // Sealed again with a fresh last-seen time (the idle timeout), but only for what is
    // left of the session's lifetime.
    const maxAge = cookieAttributes(again).find((a) => a.startsWith('Max-Age='));
    assert.equal(maxAge, 'Max-Age=600');
    now += 700_000;
    assert.deepEqual((await browser.session()).body, { user: null });
  });
});

describe('cookie attributes', () => {
  test('cross-site mode writes SameSite=None; Secure; Partitioned', async () => {
    const stack = await startStack({ crossSite: true, allowOrigins: ['https://shop.example'] });
    try {
      const browser = stack.browser('https://shop.example');
      const account = await activeAccount(stack, browser, 4);
      const answer = await browser.call('authenticate_user', {
        user: account['user']!,
        password: account['password']!,
      });
      assert.equal(answer.headers.get('access-control-allow-origin'), 'https://shop.example');
      const attrs = cookieAttributes(answer);
      for (const a of ['HttpOnly', 'Secure', 'SameSite=None', 'Partitioned', 'Path=/connect'])
        assert.ok(attrs.includes(a), attrs.join('; '));
    } finally {
      await stack.close();
    }
  });

  test('a relay reached by a host name other than localhost marks the cookie Secure', async () => {
    const stack = await startStack({ path: '/api/ct' });
    try {
      const setup = stack.browser();
      const account = await activeAccount(stack, setup, 5);
      const url = new URL(stack.relay.url);
      // fetch() will not send a Host of our choosing; node:http will, as a reverse proxy does.
      const setCookie = await new Promise<string[]>((resolve, reject) => {
        const req = request(
          {
            host: '127.0.0.1',
            port: url.port,
            path: '/api/ct',
            method: 'POST',
            headers: { 'x-ct-connect': '1', host: `www.example.com:${url.port}` },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.headers['set-cookie'] ?? []));
          },
        );
        req.on('error', reject);
        req.end(
          JSON.stringify({
            action: 'authenticate_user',
            params: { user: account['user'], password: account['password'] },
          }),
        );
      });
      const response = { headers: new Headers(setCookie.map((c) => ['set-cookie', c] as [string, string])) };
      const attrs = cookieAttributes(response);
      assert.ok(attrs.includes('Secure'), attrs.join('; '));
      // A Secure cookie carries the prefix that makes browsers refuse it without Secure.
      assert.match(attrs[0]!, /^__Secure-ct_connect_session=./);
      assert.ok(attrs.includes('SameSite=Strict'));
      assert.ok(attrs.includes('Path=/api/ct'));
    } finally {
      await stack.close();
    }
  });
});

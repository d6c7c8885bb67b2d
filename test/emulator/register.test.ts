import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countryByIso } from '../../src/emulator/index.ts';
import {
  PASSWORD,
  codes,
  emailActivated,
  fixture,
  lastMessageTo,
  openActivationLink,
  register,
  registration,
  solvedCaptcha,
} from './helpers.ts';

describe('register', () => {
  it('creates an account and emails an activation link to the emulator itself', async () => {
    const f = fixture();
    const doc = await register(f);
    assert.deepEqual(codes(doc), ['ok']);
    assert.deepEqual(doc.values, []);
    const mail = lastMessageTo(f, 'jdoe@example.com')!;
    assert.equal(mail.type, 'email');
    assert.match(mail.subject!, /activate/i);
    assert.match(mail.link!, /^http:\/\/emulator\.test\/_emulator\/activate\/[0-9a-f]{32}$/);
    assert.ok(mail.text.includes(mail.link!));
    assert.ok(!mail.text.includes(PASSWORD), 'the email does not carry the password');
    assert.equal(mail.at, new Date(f.clock()).toISOString());
    assert.equal(f.emulator.exportState().accounts.length, 1);
  });

  it('puts the configured origin in the links it hands out', async () => {
    const f = fixture({ origin: 'https://connect.example/' });
    await register(f);
    assert.match(
      lastMessageTo(f, 'jdoe@example.com')!.link!,
      /^https:\/\/connect\.example\/_emulator\/activate\//,
    );
  });

  it('in test mode validates everything but creates nothing and sends nothing', async () => {
    const f = fixture();
    assert.deepEqual(codes(await register(f, 'jdoe', { test_mode: '1' })), ['ok']);
    assert.equal(f.emulator.exportState().accounts.length, 0);
    assert.equal(f.emulator.outbox().length, 0);
    assert.deepEqual(codes(await register(f, 'jdoe', { test_mode: '1', country_id: '9999' })), ['406']);
    await register(f, 'taken');
    assert.deepEqual(
      codes(await register(f, 'taken', { test_mode: '1', email_address: 'other@example.com' })),
      ['439'],
    );
  });

  it('keeps the account type, defaulting to International (1)', async () => {
    const f = fixture();
    await register(f, 'intl');
    await register(f, 'india', { account_id: '7' });
    const accounts = f.emulator.exportState().accounts;
    assert.deepEqual(
      accounts.map((a) => a.accountId),
      ['1', '7'],
    );
  });

  it('reports every bad field at once in table order, including ids that do not exist, without spending the captcha', async () => {
    const f = fixture();
    const captcha = await solvedCaptcha(f);
    const doc = await f.call('register', {
      ...registration(),
      ...captcha,
      account_id: '3',
      password: 'short',
      country_id: '9999',
      accept_terms: '0',
    });
    assert.deepEqual(codes(doc), ['412', '432', '406', '410']);
    assert.deepEqual(
      doc.errors.map((e) => e.description),
      [
        'Invalid account_ID',
        'Invalid or missing password',
        'Invalid or missing country ID',
        'Terms acceptance required',
      ],
    );
    assert.deepEqual(
      codes(await f.call('register', { ...registration(), ...captcha })),
      ['ok'],
      'the same captcha still works',
    );
  });

  it('always requires a captcha: 400 missing or unknown id, 401 wrong code then 402, 403 reused', async () => {
    const f = fixture();
    assert.deepEqual(codes(await f.call('register', registration())), ['400', '401']);
    assert.deepEqual(
      codes(
        await f.call('register', { ...registration(), captcha_id: 'f'.repeat(32), captcha_code: 'ABCDEF' }),
      ),
      ['400'],
    );
    const wrong = await solvedCaptcha(f);
    assert.deepEqual(
      codes(
        await f.call('register', {
          ...registration(),
          ...wrong,
          captcha_code: 'ZZZZZZ' === wrong.captcha_code ? 'YYYYYY' : 'ZZZZZZ',
        }),
      ),
      ['401'],
    );
    assert.deepEqual(
      codes(await f.call('register', { ...registration(), ...wrong })),
      ['402'],
      'one failed attempt spends it',
    );
    const used = await solvedCaptcha(f);
    assert.deepEqual(codes(await f.call('register', { ...registration('first'), ...used })), ['ok']);
    assert.deepEqual(codes(await f.call('register', { ...registration('second'), ...used })), ['403']);
  });

  it('accepts the captcha code in any case', async () => {
    const f = fixture();
    const captcha = await solvedCaptcha(f);
    assert.deepEqual(
      codes(
        await f.call('register', {
          ...registration(),
          ...captcha,
          captcha_code: captcha.captcha_code.toLowerCase(),
        }),
      ),
      ['ok'],
    );
  });

  it('refuses a username already in use (439), ignoring case', async () => {
    const f = fixture();
    await register(f, 'jdoe');
    assert.deepEqual(codes(await register(f, 'JDoe', { email_address: 'new@example.com' })), ['439']);
  });

  it('refuses an email address that has an account (105) unless force_create is 1', async () => {
    const f = fixture();
    await register(f, 'first', { email_address: 'shared@example.com' });
    assert.deepEqual(codes(await register(f, 'second', { email_address: 'Shared@Example.com' })), ['105']);
    assert.deepEqual(
      codes(await register(f, 'second', { email_address: 'shared@example.com', force_create: '1' })),
      ['ok'],
    );
  });

  it('reports a taken username, a taken address and a bad coupon together, in table order', async () => {
    const f = fixture();
    await register(f, 'jdoe');
    assert.deepEqual(codes(await register(f, 'jdoe', { coupon_code: 'NOPE' })), ['439', '105', '109']);
  });

  it('redeems known coupons and refuses others with 109 and a description that says why', async () => {
    const f = fixture();
    assert.deepEqual(codes(await register(f, 'a', { coupon_code: 'welcome10' })), ['ok']);
    assert.equal(f.emulator.exportState().accounts[0]!.coupon, 'WELCOME10');
    const unknown = await register(f, 'b', { coupon_code: 'BOGUS1' });
    assert.deepEqual(codes(unknown), ['109']);
    assert.match(unknown.errors[0]!.description, /^Coupon Error: .*BOGUS1.*not a known coupon/);
    const expired = await register(f, 'c', { coupon_code: 'EXPIRED2011' });
    assert.match(expired.errors[0]!.description, /^Coupon Error: .*expired/);
  });

  it('takes any text as a coupon code to the coupon check, and says why it refuses one', async () => {
    const f = fixture({ coupons: { 'SPRING-2026': true } });
    assert.deepEqual(codes(await register(f, 'a', { coupon_code: 'spring-2026' })), ['ok']);
    for (const [user, coupon_code] of [
      ['b', 'WELCOME 10'],
      ['c', 'ÉTÉ<50%>'],
    ] as const) {
      const doc = await register(f, user, { coupon_code });
      assert.equal(doc.errors.length, 1, coupon_code);
      assert.equal(doc.errors[0]!.code, '109');
      assert.equal(
        doc.errors[0]!.description,
        `Coupon Error: the coupon ${coupon_code} is not a known coupon code`,
      );
    }
  });

  it('registers with an email address as the username, as the Android app did, and signs in with it', async () => {
    const f = fixture();
    await emailActivated(f, 'jane.doe+sms@example.com', { email_address: 'jane@example.com' });
    assert.deepEqual(
      codes(await f.call('authenticate_user', { user: 'Jane.Doe+SMS@example.com', password: PASSWORD })),
      ['ok'],
    );
  });

  it('uses the coupons it is given instead of the defaults', async () => {
    const f = fixture({ coupons: { SPRING: true, WINTER: 'the winter offer is over' } });
    assert.deepEqual(codes(await register(f, 'a', { coupon_code: 'SPRING' })), ['ok']);
    assert.deepEqual(codes(await register(f, 'b', { coupon_code: 'WELCOME10' })), ['109']);
    assert.match(
      (await register(f, 'c', { coupon_code: 'WINTER' })).errors[0]!.description,
      /winter offer is over/,
    );
  });

  it('refuses embargoed countries (106), by the country chosen or by the source IP', async () => {
    const f = fixture({ geoIp: { '203.0.113.': 'IR' } });
    const northKorea = countryByIso('KP')!.id;
    assert.deepEqual(codes(await register(f, 'a', { country_id: northKorea })), ['106']);
    const captcha = await solvedCaptcha(f);
    assert.deepEqual(
      codes(await f.call('register', { ...registration('b'), ...captcha }, { ip: '203.0.113.7' })),
      ['106'],
    );
    assert.deepEqual(codes(await register(f, 'c')), ['ok']);
    const open = fixture({ embargoedCountries: [] });
    assert.deepEqual(codes(await register(open, 'a', { country_id: northKorea })), ['ok']);
  });

  it('keeps the defaults of optional fields', async () => {
    const f = fixture();
    await register(f);
    const account = f.emulator.exportState().accounts[0]!;
    assert.equal(account.company, 'Personal Use');
    assert.equal(account.emailFormat, '1');
    assert.equal(account.weeklyUpdate, '0');
    assert.equal(account.fname, 'José');
    assert.equal(account.sname, "O'Brien");
  });
});

describe('the activation link', () => {
  it('activates the account once and then shows a short HTML page', async () => {
    const f = fixture();
    await register(f);
    const response = await openActivationLink(f, 'jdoe@example.com');
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type')!, /text\/html/);
    assert.match(await response.text(), /<!DOCTYPE html>[\s\S]*activated[\s\S]*jdoe/);
    assert.equal(f.emulator.exportState().accounts[0]!.emailActivated, true);
    assert.equal(
      (await openActivationLink(f, 'jdoe@example.com')).status,
      404,
      'a used link no longer works',
    );
  });

  it('redirects to activation_redirect when the registration gave one', async () => {
    const f = fixture();
    await register(f, 'jdoe', { activation_redirect: 'https://shop.example/welcome?from=email' });
    const response = await openActivationLink(f, 'jdoe@example.com');
    assert.equal(response.status, 303);
    assert.equal(response.headers.get('location'), 'https://shop.example/welcome?from=email');
    assert.equal(f.emulator.exportState().accounts[0]!.emailActivated, true);
  });

  it('answers a link it never sent with a 404 page and activates nothing', async () => {
    const f = fixture();
    await register(f);
    const response = await f.fetch('/_emulator/activate/0123');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /not valid/);
    assert.equal(f.emulator.exportState().accounts[0]!.emailActivated, false);
  });
});

describe('resend_email_activation', () => {
  it('sends a new link, voids the old one and answers the user number', async () => {
    const f = fixture();
    await register(f);
    const oldLink = lastMessageTo(f, 'jdoe@example.com')!.link!;
    const doc = await f.call('resend_email_activation', { user: 'jdoe', password: PASSWORD });
    assert.deepEqual(doc.values, [{ UserNumber: '1000001' }]);
    const newLink = lastMessageTo(f, 'jdoe@example.com')!.link!;
    assert.notEqual(newLink, oldLink);
    assert.equal((await f.fetch(new URL(oldLink).pathname)).status, 404);
    assert.equal((await f.fetch(new URL(newLink).pathname)).status, 200);
  });

  it('sends to a new address when one is given, and keeps it', async () => {
    const f = fixture();
    await register(f);
    await f.call('resend_email_activation', {
      user: 'jdoe',
      password: PASSWORD,
      email_address: 'new@example.com',
    });
    assert.ok(lastMessageTo(f, 'new@example.com')?.link);
    assert.equal(f.emulator.exportState().accounts[0]!.email, 'new@example.com');
  });

  it('answers 107 once the account is activated, 404 for a wrong password, 416 for a bad address', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(codes(await f.call('resend_email_activation', { user: 'jdoe', password: 'wrong' })), [
      '404',
    ]);
    assert.deepEqual(
      codes(
        await f.call('resend_email_activation', { user: 'jdoe', password: PASSWORD, email_address: 'nope' }),
      ),
      ['416'],
    );
    await openActivationLink(f, 'jdoe@example.com');
    assert.deepEqual(codes(await f.call('resend_email_activation', { user: 'jdoe', password: PASSWORD })), [
      '107',
    ]);
  });

  it("answers to the guide's longer action name", async () => {
    const f = fixture();
    await register(f);
    const doc = await f.call('resend_email_activation_email', { user: 'jdoe', password: PASSWORD });
    assert.equal(doc.action, 'resend_email_activation');
    assert.deepEqual(codes(doc), ['ok']);
  });
});

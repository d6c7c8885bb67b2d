import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  IP_LOCKOUT_FAILURES,
  USER_LOCKOUT_FAILURES,
  paramSpec,
  checkParam,
} from '../../src/protocol/index.ts';
import {
  PASSWORD,
  codes,
  emailActivated,
  fixture,
  lastMessageTo,
  register,
  solvedCaptcha,
} from './helpers.ts';

const signIn = (
  f: ReturnType<typeof fixture>,
  user: string,
  password: string,
  extra: Record<string, string> = {},
  ip?: string,
) => f.call('authenticate_user', { user, password, ...extra }, ip === undefined ? {} : { ip });

describe('authenticate_user', () => {
  it('answers the user number of an activated account', async () => {
    const f = fixture();
    await emailActivated(f);
    const doc = await signIn(f, 'jdoe', PASSWORD);
    assert.deepEqual(doc.values, [{ Usernumber: '1000001' }]);
  });

  it('refuses an account that is not email activated with 103, but only after the password is right', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(codes(await signIn(f, 'jdoe', 'wrongpass1')), ['404']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['103']);
  });

  it('answers 404 for an unknown user and for a wrong password alike', async () => {
    const f = fixture();
    await emailActivated(f);
    const unknown = await signIn(f, 'nobody', PASSWORD);
    const wrong = await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(codes(unknown), ['404']);
    assert.deepEqual(unknown.errors, wrong.errors);
  });

  it('reports field errors (431, 432) without counting them as failed sign-ins', async () => {
    const f = fixture();
    await emailActivated(f);
    for (let i = 0; i < 3; i++) assert.deepEqual(codes(await signIn(f, 'jdoe', 'x')), ['432']);
    assert.deepEqual(codes(await f.call('authenticate_user', {})), ['431', '432']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['ok']);
  });
});

describe('lock-outs', () => {
  it(`asks for a captcha (004) after ${USER_LOCKOUT_FAILURES} wrong passwords on one username`, async () => {
    const f = fixture();
    await emailActivated(f);
    for (let i = 0; i < USER_LOCKOUT_FAILURES; i++)
      assert.deepEqual(codes(await signIn(f, 'jdoe', 'wrongpass1')), ['404']);
    assert.deepEqual(
      codes(await signIn(f, 'jdoe', PASSWORD)),
      ['004'],
      'even the right password needs a captcha now',
    );
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, {}, '10.9.9.9')), ['004'], 'from any IP');
  });

  it('does not lock a username after one failure followed by a success', async () => {
    const f = fixture();
    await emailActivated(f);
    await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['ok']);
    await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['ok'], 'failures must be consecutive');
  });

  it('lifts the username lock only with a valid captcha and the right password', async () => {
    const f = fixture();
    await emailActivated(f);
    await signIn(f, 'jdoe', 'wrongpass1');
    await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(
      codes(await signIn(f, 'jdoe', 'wrongpass1', await solvedCaptcha(f))),
      ['404'],
      'a captcha alone does not lift it',
    );
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['004']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, await solvedCaptcha(f))), ['ok']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['ok'], 'no captcha needed after the success');
  });

  it('answers a bad captcha while locked with 400, 401, 402 or 403', async () => {
    const f = fixture();
    await emailActivated(f);
    await signIn(f, 'jdoe', 'wrongpass1');
    await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(
      codes(await signIn(f, 'jdoe', PASSWORD, { captcha_id: 'a'.repeat(32), captcha_code: 'ABCDEF' })),
      ['400'],
    );
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, { captcha_code: 'ABCDEF' })), ['400']);
    const captcha = await solvedCaptcha(f);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, { captcha_id: captcha.captcha_id })), ['401']);
    const wrong = captcha.captcha_code === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA';
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, { ...captcha, captcha_code: wrong })), ['401']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, captcha)), ['402']);
    const fresh = await solvedCaptcha(f);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, fresh)), ['ok']);
    await signIn(f, 'jdoe', 'wrongpass1');
    await signIn(f, 'jdoe', 'wrongpass1');
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, fresh)), ['403']);
  });

  it('does not look at or spend a captcha sent while not locked', async () => {
    const f = fixture();
    await emailActivated(f);
    const captcha = await solvedCaptcha(f);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD, captcha)), ['ok']);
    assert.equal(f.emulator.exportState().captchas[captcha.captcha_id]!.status, 'fresh');
  });

  it(`asks every caller from one IP for a captcha (003) after ${IP_LOCKOUT_FAILURES} failures across usernames`, async () => {
    const f = fixture();
    await emailActivated(f, 'alice');
    await emailActivated(f, 'bob');
    const ip = '198.51.100.20';
    for (let i = 0; i < IP_LOCKOUT_FAILURES; i++) {
      assert.deepEqual(codes(await signIn(f, `guess${i}`, 'wrongpass1', {}, ip)), ['404']);
    }
    assert.deepEqual(codes(await signIn(f, 'alice', PASSWORD, {}, ip)), ['003']);
    assert.deepEqual(
      codes(await f.call('sms_activation_status', { user: 'bob', password: PASSWORD }, { ip })),
      ['003'],
    );
    assert.deepEqual(
      codes(await signIn(f, 'alice', PASSWORD, {}, '198.51.100.21')),
      ['ok'],
      'another IP is not locked',
    );
  });

  it('keeps an IP locked until a success from it: a captcha with a wrong password does not lift it', async () => {
    const f = fixture();
    await emailActivated(f, 'alice');
    const ip = '198.51.100.30';
    for (let i = 0; i < IP_LOCKOUT_FAILURES; i++) await signIn(f, 'nobody', 'wrongpass1', {}, ip);
    assert.deepEqual(codes(await signIn(f, 'nobody', 'wrongpass1', await solvedCaptcha(f), ip)), ['404']);
    assert.deepEqual(codes(await signIn(f, 'alice', PASSWORD, {}, ip)), ['003']);
    assert.deepEqual(codes(await signIn(f, 'alice', PASSWORD, await solvedCaptcha(f), ip)), ['ok']);
    assert.deepEqual(codes(await signIn(f, 'alice', PASSWORD, {}, ip)), ['ok']);
  });

  it('counts IP failures only when they are consecutive', async () => {
    const f = fixture();
    await emailActivated(f, 'alice');
    const ip = '198.51.100.40';
    for (let i = 0; i < IP_LOCKOUT_FAILURES - 1; i++) await signIn(f, `guess${i}`, 'wrongpass1', {}, ip);
    await signIn(f, 'alice', PASSWORD, {}, ip);
    await signIn(f, 'guess', 'wrongpass1', {}, ip);
    assert.deepEqual(codes(await signIn(f, 'alice', PASSWORD, {}, ip)), ['ok']);
  });

  it('counts wrong passwords on every call that takes them, not only authenticate_user', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('sms_activation_status', { user: 'jdoe', password: 'wrongpass1' })), [
      '404',
    ]);
    assert.deepEqual(codes(await f.call('create_connection', { user: 'jdoe', password: 'wrongpass1' })), [
      '404',
    ]);
    assert.deepEqual(codes(await f.call('buy_credits_url', { user: 'jdoe', password: PASSWORD })), ['004']);
  });
});

describe('forgot_password', () => {
  it('emails a new random password that is valid for the protocol, and the old one stops working', async () => {
    const f = fixture();
    await emailActivated(f);
    const doc = await f.call('forgot_password', {
      user: 'jdoe',
      email_address: 'jdoe@example.com',
      ...(await solvedCaptcha(f)),
    });
    assert.deepEqual(codes(doc), ['ok']);
    const mail = lastMessageTo(f, 'jdoe@example.com')!;
    const password = mail.code!;
    assert.ok(mail.text.includes(password));
    assert.equal(checkParam(paramSpec('authenticate_user', 'password')!, password), undefined);
    assert.match(password, /[0-9]/);
    assert.match(password, /[A-Za-z]/);
    assert.deepEqual(codes(await signIn(f, 'jdoe', PASSWORD)), ['404']);
    assert.deepEqual(codes(await signIn(f, 'jdoe', password)), ['ok']);
  });

  it('answers 405 for a wrong user and address pair, spending the captcha', async () => {
    const f = fixture();
    await emailActivated(f);
    const captcha = await solvedCaptcha(f);
    assert.deepEqual(
      codes(
        await f.call('forgot_password', { user: 'jdoe', email_address: 'other@example.com', ...captcha }),
      ),
      ['405'],
    );
    assert.deepEqual(
      codes(await f.call('forgot_password', { user: 'jdoe', email_address: 'jdoe@example.com', ...captcha })),
      ['403'],
    );
    assert.deepEqual(
      codes(
        await f.call('forgot_password', {
          user: 'ghost',
          email_address: 'jdoe@example.com',
          ...(await solvedCaptcha(f)),
        }),
      ),
      ['405'],
    );
  });

  it('always requires a captcha, and reports bad fields first', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(
      codes(await f.call('forgot_password', { user: 'jdoe', email_address: 'jdoe@example.com' })),
      ['400', '401'],
    );
    assert.deepEqual(codes(await f.call('forgot_password', { email_address: 'bad' })), [
      '431',
      '416',
      '400',
      '401',
    ]);
  });

  it("accepts the guide's 'username' spelling of user", async () => {
    const f = fixture();
    await emailActivated(f);
    const doc = await f.call('forgot_password', {
      username: 'jdoe',
      email_address: 'jdoe@example.com',
      ...(await solvedCaptcha(f)),
    });
    assert.deepEqual(codes(doc), ['ok']);
  });
});

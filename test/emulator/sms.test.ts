import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SMS_CODE_LIFETIME_MS, SMS_CODE_MAX_TRIES } from '../../src/protocol/index.ts';
import { PASSWORD, codes, emailActivated, fixture, lastMessageTo, register } from './helpers.ts';

const creds = { user: 'jdoe', password: PASSWORD };
const MOBILE = '27831234567';

describe('sms_activation_status', () => {
  it('answers 104 until the account is SMS activated, then the number and user number', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('sms_activation_status', creds)), ['104']);
    await f.call('send_activation_sms', creds);
    await f.call('validate_activation_sms', {
      ...creds,
      sms_activation_code: lastMessageTo(f, MOBILE)!.code!,
    });
    const doc = await f.call('sms_activation_status', creds);
    assert.deepEqual(doc.values, [{ Cellphone: MOBILE, UserNumber: '1000001' }]);
  });

  it('answers 103 before email activation, and 404 for a wrong password', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(codes(await f.call('sms_activation_status', creds)), ['103']);
    assert.deepEqual(codes(await f.call('sms_activation_status', { ...creds, password: 'wrongpass1' })), [
      '404',
    ]);
  });

  it("answers to the quick reference's name send_activation_status", async () => {
    const f = fixture();
    await emailActivated(f);
    const doc = await f.call('send_activation_status', creds);
    assert.equal(doc.action, 'sms_activation_status');
    assert.deepEqual(codes(doc), ['104']);
  });
});

describe('send_activation_sms', () => {
  it('sends a numeric code to the registered number through the outbox', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['ok']);
    const sms = lastMessageTo(f, MOBILE)!;
    assert.equal(sms.type, 'sms');
    assert.match(sms.code!, /^\d{6}$/);
    assert.ok(sms.text.includes(sms.code!));
  });

  it('sends to a new number when one is given, and keeps it', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', { ...creds, mobile_number: '447911123456' });
    assert.equal(lastMessageTo(f, '447911123456')?.type, 'sms');
    assert.equal(f.emulator.exportState().accounts[0]!.mobile, '447911123456');
  });

  it('refuses a blocked number (100) and an uncovered destination (101) without changing the number', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(
      codes(await f.call('send_activation_sms', { ...creds, mobile_number: '447700900123' })),
      ['100'],
    );
    assert.deepEqual(codes(await f.call('send_activation_sms', { ...creds, mobile_number: '6721234567' })), [
      '101',
    ]);
    assert.deepEqual(
      codes(await f.call('send_activation_sms', { ...creds, mobile_number: '8881234567' })),
      ['101'],
      'no country has this prefix',
    );
    assert.deepEqual(codes(await f.call('send_activation_sms', { ...creds, mobile_number: '27-83' })), [
      '417',
    ]);
    assert.equal(f.emulator.exportState().accounts[0]!.mobile, MOBILE);
    assert.equal(f.emulator.outbox().filter((m) => m.type === 'sms').length, 0);
  });

  it('uses the blocked and uncovered prefixes it is given', async () => {
    const f = fixture({ blockedMobilePrefixes: ['2783'], uncoveredMobilePrefixes: ['44'] });
    await emailActivated(f);
    assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['100']);
    assert.deepEqual(
      codes(await f.call('send_activation_sms', { ...creds, mobile_number: '447911123456' })),
      ['101'],
    );
    assert.deepEqual(codes(await f.call('send_activation_sms', { ...creds, mobile_number: '6721234567' })), [
      'ok',
    ]);
  });

  it('answers 102 once the account has been sent the most messages allowed', async () => {
    const f = fixture({ maxSmsSends: 3 });
    await emailActivated(f);
    for (let i = 0; i < 3; i++) assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['ok']);
    assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['102']);
  });

  it('answers 108 once the account is SMS activated, and 103 before email activation', async () => {
    const f = fixture();
    await register(f);
    assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['103']);
    await f.fetch(new URL(lastMessageTo(f, 'jdoe@example.com')!.link!).pathname);
    await f.call('send_activation_sms', creds);
    await f.call('validate_activation_sms', {
      ...creds,
      sms_activation_code: lastMessageTo(f, MOBILE)!.code!,
    });
    assert.deepEqual(codes(await f.call('send_activation_sms', creds)), ['108']);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: '123456' })),
      ['108'],
    );
  });
});

describe('validate_activation_sms', () => {
  const wrongCode = (code: string) => (code === '000000' ? '111111' : '000000');

  it('activates the account with the code sent', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const code = lastMessageTo(f, MOBILE)!.code!;
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: code })),
      ['ok'],
    );
    assert.equal(f.emulator.exportState().accounts[0]!.smsActivated, true);
  });

  it('answers 418 when no code was sent, for a wrong code, and for a missing one', async () => {
    const f = fixture();
    await emailActivated(f);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: '123456' })),
      ['418'],
    );
    await f.call('send_activation_sms', creds);
    const code = lastMessageTo(f, MOBILE)!.code!;
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: wrongCode(code) })),
      ['418'],
    );
    assert.deepEqual(codes(await f.call('validate_activation_sms', creds)), ['418']);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: code })),
      ['ok'],
    );
  });

  it('answers 418 for a code sent more than 10 minutes ago', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const code = lastMessageTo(f, MOBILE)!.code!;
    f.clock.advance(SMS_CODE_LIFETIME_MS);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: code })),
      ['418'],
    );
    await f.call('send_activation_sms', creds);
    const fresh = lastMessageTo(f, MOBILE)!.code!;
    f.clock.advance(SMS_CODE_LIFETIME_MS - 1);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: fresh })),
      ['ok'],
    );
  });

  it(`voids a code after ${SMS_CODE_MAX_TRIES} wrong tries, so even the right one is refused`, async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const code = lastMessageTo(f, MOBILE)!.code!;
    for (let i = 0; i < SMS_CODE_MAX_TRIES; i++) {
      await f.call('validate_activation_sms', { ...creds, sms_activation_code: wrongCode(code) });
    }
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: code })),
      ['418'],
    );
    await f.call('send_activation_sms', creds);
    const next = lastMessageTo(f, MOBILE)!.code!;
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: next })),
      ['ok'],
      'a new code works',
    );
  });

  it('answers 102 to the last code once it is used up and no new one may be sent, 418 before', async () => {
    const f = fixture({ maxSmsSends: 2 });
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const first = lastMessageTo(f, MOBILE)!.code!;
    for (let i = 0; i < SMS_CODE_MAX_TRIES; i++)
      assert.deepEqual(
        codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: wrongCode(first) })),
        ['418'],
      );
    // One send is left: "send a new code" is still the way on.
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: first })),
      ['418'],
    );
    await f.call('send_activation_sms', creds);
    const last = lastMessageTo(f, MOBILE)!.code!;
    for (let i = 0; i < SMS_CODE_MAX_TRIES; i++)
      await f.call('validate_activation_sms', { ...creds, sms_activation_code: wrongCode(last) });
    const doc = await f.call('validate_activation_sms', { ...creds, sms_activation_code: last });
    assert.deepEqual(doc.errors, [{ code: '102', description: 'Max SMS activation attempts exceeded' }]);
    f.clock.advance(SMS_CODE_LIFETIME_MS);
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: last })),
      ['102'],
    );
  });

  it('accepts the right code after fewer wrong tries than the limit', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const code = lastMessageTo(f, MOBILE)!.code!;
    for (let i = 0; i < SMS_CODE_MAX_TRIES - 1; i++) {
      await f.call('validate_activation_sms', { ...creds, sms_activation_code: wrongCode(code) });
    }
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: code })),
      ['ok'],
    );
  });

  it('voids the previous code when a new one is sent', async () => {
    const f = fixture();
    await emailActivated(f);
    await f.call('send_activation_sms', creds);
    const first = lastMessageTo(f, MOBILE)!.code!;
    let second = first;
    while (second === first) {
      await f.call('send_activation_sms', creds);
      second = lastMessageTo(f, MOBILE)!.code!;
    }
    assert.deepEqual(
      codes(await f.call('validate_activation_sms', { ...creds, sms_activation_code: first })),
      ['418'],
    );
  });
});

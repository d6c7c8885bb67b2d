import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTIONS,
  ERRORS,
  FTP_CONNECTION_ID,
  canonicalParams,
  checkParam,
  fieldForCode,
  getAction,
  isRequired,
  paramSpec,
  tidy,
  unknownParams,
  validate,
  type Params,
} from '../../src/protocol/index.ts';

const validRegistration: Params = {
  user: 'jdoe',
  password: 's3cret99',
  captcha_id: 'c202a3fc98c50a5f8dccc8540077614e',
  captcha_code: 'AB3K7Q',
  fname: 'Jane',
  sname: 'Doe',
  email_address: 'jane@example.com',
  country_id: '209',
  mobile_number: '27831234567',
  accept_terms: '1',
};

const codes = (params: Params, action = 'register', locked = false): string[] =>
  validate(action as 'register', params, { locked }).map((e) => e.code);

describe('validate()', () => {
  it('accepts a complete registration', () => {
    assert.deepEqual(validate('register', validRegistration), []);
  });

  it('reports every missing required field at once, in parameter-table order', () => {
    const errors = validate('register', {});
    assert.deepEqual(
      errors.map((e) => [e.field, e.code]),
      [
        ['user', '431'],
        ['password', '432'],
        ['captcha_id', '400'],
        ['captcha_code', '401'],
        ['fname', '433'],
        ['sname', '434'],
        ['email_address', '416'],
        ['country_id', '406'],
        ['mobile_number', '417'],
        ['accept_terms', '410'],
      ],
    );
    for (const error of errors) assert.equal(error.message, ERRORS[error.code]!.message);
  });

  it('reports several invalid fields together, in table order, whatever order they were sent in', () => {
    const sent: Record<string, string> = {
      email_format: '3',
      mobile_number: '+27831234567',
      email_address: 'not-an-email',
      password: 'has space',
    };
    for (const [name, value] of Object.entries(validRegistration)) sent[name] ??= value!;
    const errors = validate('register', sent);
    assert.deepEqual(
      errors.map((e) => e.field),
      ['password', 'email_address', 'mobile_number', 'email_format'],
    );
  });

  it('enforces minimum and maximum lengths, counting characters rather than bytes', () => {
    assert.deepEqual(codes({ ...validRegistration, password: 'abc12' }), ['432']);
    assert.deepEqual(codes({ ...validRegistration, password: 'a'.repeat(33) }), ['432']);
    assert.deepEqual(codes({ ...validRegistration, password: 'a'.repeat(32) }), []);
    assert.deepEqual(codes({ ...validRegistration, user: 'u'.repeat(129) }), ['431']);
    assert.deepEqual(codes({ ...validRegistration, fname: 'é'.repeat(80) }), []);
    assert.deepEqual(codes({ ...validRegistration, fname: 'é'.repeat(81) }), ['433']);
  });

  it('takes the guide\'s "alphanumeric" literally for passwords', () => {
    assert.deepEqual(codes({ ...validRegistration, password: 'pass-word1' }), ['432']);
  });

  it("accepts email-shaped usernames, as Clickatell's Android app registered them, and nothing more", () => {
    for (const user of ['jane.doe@example.com', 'j_doe+sms@mail.example.co.za', 'j-doe', 'jdoe1'])
      assert.deepEqual(codes({ ...validRegistration, user }), [], user);
    for (const user of ['José', 'j doe', 'jane<b>', 'a;b', "o'brien", 'a/b'])
      assert.deepEqual(codes({ ...validRegistration, user }), ['431'], user);
  });

  it("accepts people's real names: José, O'Brien, Jean-Luc, St. John, names in other scripts", () => {
    for (const name of ['José', "O'Brien", 'O’Brien', 'Jean-Luc', 'St. John', 'Søren', '李小龙', 'Zoë Ann']) {
      assert.deepEqual(codes({ ...validRegistration, fname: name, sname: name, company: name }), [], name);
    }
  });

  it('refuses names with markup, symbols or control characters', () => {
    assert.deepEqual(codes({ ...validRegistration, fname: '<b>Jane</b>' }), ['433']);
    assert.deepEqual(codes({ ...validRegistration, sname: 'Doe; DROP' }), ['434']);
    assert.deepEqual(codes({ ...validRegistration, company: 'Acme\u0007' }), ['435']);
  });

  it('checks email addresses, mobile numbers and enumerations', () => {
    assert.deepEqual(codes({ ...validRegistration, email_address: 'a@b' }), ['416']);
    assert.deepEqual(codes({ ...validRegistration, email_address: `${'a'.repeat(60)}@example.com` }), [
      '416',
    ]);
    assert.deepEqual(codes({ ...validRegistration, mobile_number: '0831234567' }), ['417']);
    assert.deepEqual(codes({ ...validRegistration, mobile_number: '27 83 123' }), ['417']);
    assert.deepEqual(codes({ ...validRegistration, mobile_number: '2'.repeat(31) }), ['417']);
    assert.deepEqual(codes({ ...validRegistration, test_mode: '2' }), ['411']);
    assert.deepEqual(codes({ ...validRegistration, weekly_update: 'yes' }), ['408']);
    assert.deepEqual(
      codes({ ...validRegistration, force_create: '1', email_format: '2', weekly_update: '1' }),
      [],
    );
  });

  it('answers 410 when the terms are not accepted and 409 when the answer is not 0 or 1', () => {
    assert.deepEqual(codes({ ...validRegistration, accept_terms: '0' }), ['410']);
    assert.deepEqual(codes({ ...validRegistration, accept_terms: '' }), ['410']);
    assert.deepEqual(codes({ ...validRegistration, accept_terms: 'yes' }), ['409']);
  });

  it('checks ids, URLs and coupon codes by their shape', () => {
    assert.deepEqual(codes({ ...validRegistration, country_id: 'ZA' }), ['406']);
    assert.deepEqual(codes({ ...validRegistration, account_id: '-1' }), ['412']);
    assert.deepEqual(codes({ ...validRegistration, activation_redirect: 'javascript:alert(1)' }), ['415']);
    assert.deepEqual(
      codes({ ...validRegistration, activation_redirect: 'https://example.com/welcome?x=1' }),
      [],
    );
    // Any text the API can carry reaches the coupon check, which says why it refuses one.
    assert.deepEqual(codes({ ...validRegistration, coupon_code: 'WELCOME-10 <b>€' }), []);
    assert.deepEqual(codes({ ...validRegistration, coupon_code: 'a\u0001' }), ['109']);
    assert.deepEqual(codes({ ...validRegistration, captcha_id: 'xyz' }), ['400']);
    assert.deepEqual(codes({ ...validRegistration, captcha_code: 'ABCDEFG' }), ['401']);
  });

  it('asks for a captcha on account calls only while the account or IP is locked', () => {
    const params = { user: 'jdoe', password: 's3cret99' };
    assert.deepEqual(validate('authenticate_user', params), []);
    assert.deepEqual(
      validate('authenticate_user', params, { locked: true }).map((e) => [e.field, e.code]),
      [
        ['captcha_id', '400'],
        ['captcha_code', '401'],
      ],
    );
    assert.deepEqual(
      validate(
        'authenticate_user',
        { ...params, captcha_id: 'a'.repeat(32), captcha_code: 'AB3K7Q' },
        { locked: true },
      ),
      [],
    );
  });

  it('requires an FTP password for FTP connections only, and ignores it for any other type', () => {
    const base = { user: 'jdoe', password: 's3cret99' };
    assert.deepEqual(codes({ ...base, connection_id: FTP_CONNECTION_ID }, 'create_connection'), ['420']);
    assert.deepEqual(
      codes({ ...base, connection_id: FTP_CONNECTION_ID, ftp_password: 'ftp123' }, 'create_connection'),
      [],
    );
    assert.deepEqual(codes({ ...base, connection_id: '2', ftp_password: 'ftp123' }, 'create_connection'), []);
    assert.deepEqual(codes({ ...base, ftp_password: 'ftp123' }, 'create_connection'), []);
    // "04" is the FTP API's id 4 once in its one spelling: one rule for both checks.
    const spec = getAction('create_connection')!;
    assert.deepEqual(canonicalParams(spec, { connection_id: '04', callback_type_id: '00', user: '007' }), {
      connection_id: '4',
      callback_type_id: '0',
      user: '007',
    });
    assert.deepEqual(codes(canonicalParams(spec, { ...base, connection_id: '04' }), 'create_connection'), [
      '420',
    ]);
    assert.deepEqual(
      codes({ ...base, connection_id: FTP_CONNECTION_ID, ftp_password: 'x'.repeat(11) }, 'create_connection'),
      ['420'],
    );
  });

  it('checks every create_connection field with its own code (419-428)', () => {
    const base = { user: 'jdoe', password: 's3cret99' };
    const cases: [string, string, string][] = [
      ['connection_id', 'http', '419'],
      ['dial_prefix', '+27', '421'],
      ['dial_prefix', '12345', '421'],
      ['ip_address', '10.0.0.300', '422'],
      ['ip_address', '10.0.0.1, 10.0.0.2', ''],
      ['callback_url', 'ftp://example.com/x', '423'],
      ['callback_type_id', 'POST', '424'],
      ['callback_username', 'a b', '425'],
      ['callback_password', 'p'.repeat(65), '426'],
      ['api_description', 'tab\u0001', '428'],
      ['api_description', 'My <shop> & "friends"', ''],
    ];
    for (const [field, value, code] of cases) {
      assert.deepEqual(
        codes({ ...base, [field]: value }, 'create_connection'),
        code ? [code] : [],
        `${field}=${value}`,
      );
    }
  });

  it('checks get_list_terms: terms format 427, a bad IP 429, a bad country 406', () => {
    assert.deepEqual(codes({ terms_format: '3', country_id: '1' }, 'get_list_terms'), ['427']);
    assert.deepEqual(codes({ client_ip_address: '300.1.1.1' }, 'get_list_terms'), ['429']);
    assert.deepEqual(codes({ client_ip_address: '2001:db8::1' }, 'get_list_terms'), []);
    assert.deepEqual(codes({ country_id: 'x' }, 'get_list_terms'), ['406']);
  });

  it('takes a minimum password length of 1 where the guide gives none (resend, buy credits)', () => {
    assert.deepEqual(codes({ user: 'jdoe', password: 'a' }, 'resend_email_activation'), []);
    assert.deepEqual(codes({ user: 'jdoe', password: 'a' }, 'authenticate_user'), ['432']);
  });

  it('treats an empty value as missing', () => {
    assert.deepEqual(codes({ ...validRegistration, user: '' }), ['431']);
    assert.deepEqual(codes({ ...validRegistration, company: '' }), []);
  });
});

describe('checkParam, fieldForCode, unknownParams, getAction', () => {
  it('checks one value on its own, for forms that validate as the user types', () => {
    const spec = paramSpec('register', 'mobile_number')!;
    assert.equal(checkParam(spec, '27831234567'), undefined);
    assert.equal(checkParam(spec, '27-83'), '417');
    assert.equal(checkParam(spec, undefined), '417');
  });

  it('points an error code back at the field it concerns', () => {
    assert.equal(fieldForCode('register', '431'), 'user');
    assert.equal(fieldForCode('register', '410'), 'accept_terms');
    assert.equal(fieldForCode('create_connection', '420'), 'ftp_password');
    assert.equal(fieldForCode('register', '105'), undefined);
  });

  it('names parameters a call does not take', () => {
    assert.deepEqual(unknownParams('authenticate_user', { user: 'a', password: 'b', colour: 'red' }), [
      'colour',
    ]);
  });

  it("finds every call by its name in any case and by the guide's other spellings", () => {
    assert.equal(ACTIONS.length, 16);
    assert.equal(getAction('GET_LIST_COUNTRY')?.name, 'get_list_country');
    assert.equal(getAction('send_activation_status')?.name, 'sms_activation_status');
    assert.equal(getAction('resend_email_activation_email')?.name, 'resend_email_activation');
    assert.equal(getAction('nope'), undefined);
  });

  it('throws on an unknown action rather than accepting anything', () => {
    assert.throws(() => validate('nope' as 'register', {}), TypeError);
  });
});

describe('values as people write them', () => {
  const mobile = paramSpec('register', 'mobile_number')!;
  const code = paramSpec('validate_activation_sms', 'sms_activation_code')!;

  it('tidies a mobile number written with +, 00, spaces, brackets, dashes or dots', () => {
    for (const typed of ['+27 83 123 4567', '0027 (83) 123-4567', '27.83.123.4567', '27831234567'])
      assert.equal(tidy(mobile, typed), '27831234567', typed);
    assert.equal(checkParam(mobile, tidy(mobile, '+27 83 123 4567')), undefined);
  });

  it('leaves a national number alone for the check to explain, not to guess its country', () => {
    assert.equal(tidy(mobile, '083 123 4567'), '0831234567');
    assert.equal(checkParam(mobile, '0831234567'), '417');
  });

  it('takes the spaces out of a pasted code, and leaves other kinds as typed', () => {
    assert.equal(tidy(code, ' 123 456 '), '123456');
    assert.equal(tidy(paramSpec('register', 'fname')!, ' Ada  Lovelace '), ' Ada  Lovelace ');
  });
});

describe('isRequired', () => {
  const ftp = paramSpec('create_connection', 'ftp_password')!;
  const captcha = paramSpec('authenticate_user', 'captcha_code')!;

  it('agrees with checkParam on presence: always, when locked, and when its choice is made', () => {
    assert.equal(isRequired(paramSpec('register', 'user')!), true);
    assert.equal(isRequired(captcha), false);
    assert.equal(isRequired(captcha, {}, { locked: true }), true);
    assert.equal(isRequired(ftp, { connection_id: FTP_CONNECTION_ID }), true);
    assert.equal(isRequired(ftp, { connection_id: '1' }), false);
    assert.equal(checkParam(ftp, '', { connection_id: FTP_CONNECTION_ID }), ftp.error);
    assert.equal(
      checkParam(ftp, 'secret', { connection_id: '1' }),
      undefined,
      'ignored, as the call ignores it',
    );
    const ip = paramSpec('get_list_terms', 'client_ip_address')!;
    assert.equal(isRequired(ip, {}), true, 'without a country the IP is the only way');
    assert.equal(isRequired(ip, { country_id: '0' }), true);
    assert.equal(isRequired(ip, { country_id: '209' }), false);
  });
});

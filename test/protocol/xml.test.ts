import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CodecError,
  buildRequest,
  buildResponse,
  escapeText,
  formBody,
  parseRequest,
  parseResponse,
  readFormField,
} from '../../src/protocol/xml.ts';

const tricky = [
  'a</password><action>x',
  '<![CDATA[x]]>',
  ']]>',
  'Tom & Jerry "quoted" \'single\'',
  '&amp; is not an entity here',
  '&lt;b&gt;',
  'line one\r\nline two\rthree\nfour',
  '  leading and trailing spaces  ',
  '\ttabbed\t',
  '\n',
  'José 李 😀',
  '',
];

describe('the request codec', () => {
  it('round-trips values full of XML metacharacters, CR/LF and edge whitespace exactly', () => {
    for (const value of tricky) {
      const decoded = parseRequest(buildRequest('authenticate_user', { user: 'jdoe', password: value }));
      assert.equal(decoded.action, 'authenticate_user');
      assert.equal(decoded.params['password'], value, JSON.stringify(value));
      assert.equal(decoded.params['user'], 'jdoe');
    }
  });

  it('keeps a password that looks like markup as data, never as extra elements', () => {
    const decoded = parseRequest(
      buildRequest('authenticate_user', { user: 'jdoe', password: 'a</password><action>x' }),
    );
    assert.deepEqual(Object.keys(decoded.params).sort(), ['password', 'user']);
  });

  it("reads element names in any case and resolves the guide's alias spellings", () => {
    const decoded = parseRequest(
      '<ClickatellSDK><Action>SEND_ACTIVATION_STATUS</Action><USERNAME>jdoe</USERNAME><Password>x</Password></ClickatellSDK>',
    );
    assert.equal(decoded.action, 'sms_activation_status');
    assert.deepEqual(decoded.params, { user: 'jdoe', password: 'x' });
  });

  it('keeps an unknown action as sent so the caller can answer 430', () => {
    const decoded = parseRequest('<clickatellsdk><action>make_tea</action></clickatellsdk>');
    assert.equal(decoded.action, 'make_tea');
    assert.equal(decoded.spec, undefined);
  });

  it('keeps every value a string, even ones that look like numbers', () => {
    const decoded = parseRequest(
      '<clickatellsdk><action>register</action><country_id>007</country_id><mobile_number>27831234567890123456</mobile_number></clickatellsdk>',
    );
    assert.equal(decoded.params['country_id'], '007');
    assert.equal(decoded.params['mobile_number'], '27831234567890123456');
  });

  const refusals: [string, string, RegExp][] = [
    [
      'a DOCTYPE',
      '<!DOCTYPE clickatellsdk><clickatellsdk><action>get_captcha</action></clickatellsdk>',
      /DOCTYPE/,
    ],
    [
      'an entity declaration (billion laughs)',
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><clickatellsdk><action>&lol2;</action></clickatellsdk>',
      /DOCTYPE|entity/,
    ],
    ['a wrong root', '<request><action>get_captcha</action></request>', /root/],
    ['two roots', '<clickatellsdk/><clickatellsdk/>', /./],
    ['text that is not XML', 'action=get_captcha', /./],
    ['an empty document', '   ', /empty/],
    ['an unclosed element', '<clickatellsdk><action>get_captcha</clickatellsdk>', /well-formed/],
    ['no action', '<clickatellsdk><user>x</user></clickatellsdk>', /action/],
    [
      'a field given twice',
      '<clickatellsdk><action>x</action><user>a</user><USER>b</USER></clickatellsdk>',
      /more than once/,
    ],
    [
      'a field holding elements',
      '<clickatellsdk><action>x</action><user><b>a</b></user></clickatellsdk>',
      /text/,
    ],
    [
      'nesting past the depth limit',
      `<clickatellsdk><action>x</action>${'<a>'.repeat(20)}${'</a>'.repeat(20)}</clickatellsdk>`,
      /deeper/,
    ],
  ];
  for (const [what, xml, message] of refusals) {
    it(`refuses ${what} with a CodecError that says what was wrong`, () => {
      assert.throws(
        () => parseRequest(xml),
        (error: unknown) => error instanceof CodecError && message.test(error.message),
      );
    });
  }

  it('refuses a document over the size limit before parsing it', () => {
    const xml = `<clickatellsdk><action>x</action><user>${'a'.repeat(2000)}</user></clickatellsdk>`;
    assert.throws(() => parseRequest(xml, { maxLength: 1000 }), /longer than 1000/);
    assert.doesNotThrow(() => parseRequest(xml, { maxLength: 5000 }));
  });

  it('refuses to build a request whose value holds a character XML cannot carry', () => {
    assert.throws(() => buildRequest('authenticate_user', { user: 'a\u0000b' }), CodecError);
    assert.throws(() => escapeText('\uD800'), CodecError);
    assert.throws(() => buildRequest('x', { 'not a name': 'v' }), CodecError);
  });
});

describe('the response codec', () => {
  it('decodes a success with several records, names in any case, field names spelled as the call returns them', () => {
    const doc = parseResponse(
      '<CLICKATELLSDK><ACTION>authenticate_user</ACTION><RESULT>Success</RESULT><VALUES><VALUE><USERNUMBER>42</USERNUMBER></VALUE></VALUES><TIMESTAMP>1316509313</TIMESTAMP></CLICKATELLSDK>',
    );
    assert.equal(doc.result, 'Success');
    assert.deepEqual(doc.values, [{ Usernumber: '42' }]);
    assert.equal(doc.timestamp, 1316509313);
  });

  it('decodes one record as a list of one, and <Values/> as an empty list', () => {
    const one = parseResponse(
      '<ClickatellSDK><Action>get_list_account</Action><Result>Success</Result><Values><Value><account_id>1</account_id><account_type>International</account_type></Value></Values><Timestamp>1</Timestamp></ClickatellSDK>',
    );
    assert.deepEqual(one.values, [{ account_id: '1', account_type: 'International' }]);
    const none = parseResponse(
      '<ClickatellSDK><Action>register</Action><Result>Success</Result><Values/><Timestamp>1</Timestamp></ClickatellSDK>',
    );
    assert.deepEqual(none.values, []);
    const empty = parseResponse(
      '<ClickatellSDK><Action>register</Action><Result>Success</Result><Values></Values><Timestamp>1</Timestamp></ClickatellSDK>',
    );
    assert.deepEqual(empty.values, []);
  });

  it('decodes several Error/Description pairs in order', () => {
    const doc = parseResponse(
      '<ClickatellSDK><Action>register</Action><Result>Error</Result><Error>431</Error><Description>Invalid or missing username</Description><Error>432</Error><Description>Invalid or missing password</Description><Timestamp>1</Timestamp></ClickatellSDK>',
    );
    assert.deepEqual(doc.errors, [
      { code: '431', description: 'Invalid or missing username' },
      { code: '432', description: 'Invalid or missing password' },
    ]);
  });

  it('round-trips what the emulator builds, metacharacters included', () => {
    for (const value of tricky.filter((v) => v !== '')) {
      const xml = buildResponse({
        action: 'get_list_terms',
        result: 'Success',
        values: [{ URL_location: value }],
        errors: [],
        timestamp: 7,
      });
      assert.deepEqual(parseResponse(xml).values, [{ URL_location: value }], JSON.stringify(value));
      const error = buildResponse({
        action: 'x',
        result: 'Error',
        values: [],
        errors: [{ code: '109', description: value }],
        timestamp: 7,
      });
      assert.equal(parseResponse(error).errors[0]!.description, value);
    }
  });

  it('refuses an answer with a DOCTYPE or an entity declaration', () => {
    assert.throws(
      () =>
        parseResponse(
          '<!DOCTYPE x [<!ENTITY a "b">]><ClickatellSDK><Result>Success</Result></ClickatellSDK>',
        ),
      CodecError,
    );
  });

  it('refuses an answer that is neither Success nor Error', () => {
    assert.throws(
      () => parseResponse('<ClickatellSDK><Result>Maybe</Result></ClickatellSDK>'),
      /Success or Error/,
    );
  });
});

describe('form bodies', () => {
  it('reads the XML field byte-wise as UTF-8, with + as a space', () => {
    const xml = "<clickatellsdk><action>x</action><fname>José O'Brien</fname></clickatellsdk>";
    assert.equal(readFormField(formBody(xml), 'XML'), xml);
    assert.equal(readFormField('a=1&XML=a+b%2Bc', 'XML'), 'a b+c');
    assert.equal(readFormField('a=1', 'XML'), undefined);
  });

  it('refuses percent-encoded bytes that are not UTF-8 instead of replacing them', () => {
    assert.throws(() => readFormField('XML=%C3%28', 'XML'), /UTF-8/);
    assert.throws(() => readFormField('XML=%FF', 'XML'), /UTF-8/);
  });
});

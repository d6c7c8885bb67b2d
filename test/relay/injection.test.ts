/**
 * The relay forwards text, never markup: every value of an injection corpus, put in every
 * field of register and create_connection, arrives at the emulator as exactly the text the
 * browser sent. A tap in front of the emulator decodes each request with the shared codec
 * and keeps it; the relay and the tap talk over real HTTP.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createEmulator } from '../../src/emulator/index.ts';
import { getAction } from '../../src/protocol/actions.ts';
import type { DecodedRequest } from '../../src/protocol/xml.ts';
import { decodeUpstream, relayOver, serveLazy, Browser, TOKEN, type Served } from './helpers.ts';

const CORPUS: readonly string[] = [
  '<',
  '>',
  '&',
  '"\'',
  'a</password><action>register</action><password>x',
  ']]>',
  '<![CDATA[<action>x</action>]]>',
  '&amp;',
  '&lt;b&gt;',
  '&#60;&#x3C;',
  '&nbsp;&copy;&unknown;',
  '<?xml version="1.0"?><clickatellsdk/>',
  '<!DOCTYPE x [<!ENTITY e "boom">]>&e;',
  '<!-- comment -->',
  '  leading and trailing spaces  ',
  '\ttab\tand\nnewline\n',
  'windows\r\nline\rends',
  ' ',
  '\n',
  'José 漢字 😀 مرحبا',
  'line\u2028separator\u0085next',
  '\u007fdelete',
  '%00%3C+plus&XML=<x/>=',
  '\\"\\\\',
  '${process.env.TOKEN}{{7*7}}',
  'A'.repeat(4000),
  '<&>'.repeat(1500),
];

// Characters XML 1.0 cannot carry: the relay answers 400 unsendable_value and sends nothing.
const UNSENDABLE: readonly string[] = [
  'nul\u0000',
  'bell\u0007',
  'esc\u001b[31m',
  'vt\u000b',
  'ff\u000c',
  'x\ufffe',
  'x\uffff',
  'lone\ud800',
];

const ACTIONS = ['register', 'create_connection'] as const;

describe('injection corpus', () => {
  const received: DecodedRequest[] = [];
  let upstream: Served;
  let relay: Served & { lines: string[] };
  let browser: Browser;

  before(async () => {
    upstream = await serveLazy((origin) => {
      const emulator = createEmulator({ tokens: [TOKEN], origin });
      return {
        async fetch(request, info) {
          const decoded = await decodeUpstream(request.clone());
          if (decoded) received.push(decoded);
          return emulator.fetch(request, info);
        },
      };
    });
    relay = await relayOver(upstream.url, {
      devOrigins: [upstream.url],
      maxBodyBytes: 1_000_000,
      rateLimits: { perIp: { points: 100_000, durationS: 60 }, perUser: { points: 100_000, durationS: 60 } },
    });
    browser = new Browser(relay.url);
  });
  after(async () => {
    await relay.close();
    await upstream.close();
  });

  for (const action of ACTIONS) {
    const specs = getAction(action)!.params;
    // Values longer than a parameter's maximum are refused before anything else (too_long).
    const fitting = (value: string) =>
      specs.filter((p) => [...value].length <= (p.maxLength ?? 256)).map((p) => p.name);

    test(`${action}: every value arrives upstream as exactly the text sent, in every field`, async () => {
      for (const value of CORPUS) {
        const params: Record<string, string> = getAction(action)!.authenticated
          ? { user: 'jdoe', password: 'secret99' }
          : {};
        for (const field of fitting(value)) params[field] = value;
        const before = received.length;
        const answer = await browser.call(action, params);
        assert.equal(answer.status, 200, `${JSON.stringify(value)}: ${answer.text.slice(0, 200)}`);
        assert.equal(received.length, before + 1, `${JSON.stringify(value)} reached the API once`);
        const got = received.at(-1)!;
        assert.equal(got.action, action);
        assert.deepEqual(got.params, params, `${JSON.stringify(value).slice(0, 60)} arrived changed`);
      }
    });

    test(`${action}: a value XML cannot carry is refused with 400 unsendable_value and never sent`, async () => {
      for (const value of UNSENDABLE) {
        const fit = fitting(value);
        for (const field of new Set([fit[0]!, fit.at(-1)!])) {
          const before = received.length;
          const answer = await browser.call(action, {
            [field]: value,
            ...(field === 'password' ? {} : { password: 'secret99' }),
          });
          assert.equal(answer.status, 400, `${JSON.stringify(value)} in ${field}: ${answer.text}`);
          assert.deepEqual(answer.body.errors, [
            { code: 'unsendable_value', message: 'The value holds characters that cannot be sent.', field },
          ]);
          assert.equal(received.length, before);
        }
      }
    });
  }
});

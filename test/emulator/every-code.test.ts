// Every code docs/protocol.md says a call can answer (src/protocol/answers.ts), produced
// through the emulator by a request or an admin switch, with the guide's own text.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACTIONS,
  CAPTCHA_LIFETIME_MS,
  FTP_CONNECTION_ID,
  SMS_CODE_LIFETIME_MS,
  errorMessage,
  type ActionSpec,
} from '../../src/protocol/index.ts';
import { answerCodes } from '../../src/protocol/answers.ts';
import { parseResponse, type ResponseDocument } from '../../src/protocol/xml.ts';
import { countryByIso, type EmulatorOptions } from '../../src/emulator/index.ts';
import {
  PASSWORD,
  TOKEN,
  emailActivated,
  fixture,
  fullyActivated,
  register,
  registration,
  solvedCaptcha,
  type Fixture,
} from './helpers.ts';

type Recipe = (spec: ActionSpec) => Promise<ResponseDocument>;

const creds = { user: 'jdoe', password: PASSWORD };
const MOBILE = '27831234567';

/** A fixture whose `jdoe` has got as far as `stage`. */
async function account(
  stage: 'none' | 'registered' | 'email' | 'sms',
  options: Partial<EmulatorOptions> = {},
): Promise<Fixture> {
  const f = fixture(options);
  if (stage === 'registered') await register(f);
  if (stage === 'email') await emailActivated(f);
  if (stage === 'sms') await fullyActivated(f);
  return f;
}

const putFaults = (f: Fixture, faults: unknown) =>
  f.fetch('/_emulator/faults', {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(faults),
  });

const raw = async (f: Fixture, xml: string, path = `/${TOKEN}`) =>
  parseResponse(
    await (
      await f.fetch(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `XML=${encodeURIComponent(xml)}`,
      })
    ).text(),
  );

/** The parameters a call needs to get past its fields, with `jdoe`'s credentials. */
async function valid(f: Fixture, spec: ActionSpec): Promise<Record<string, string>> {
  if (spec.name === 'register') return { ...registration('newbie'), ...(await solvedCaptcha(f)) };
  if (spec.name === 'forgot_password')
    return { user: 'jdoe', email_address: 'jdoe@example.com', ...(await solvedCaptcha(f)) };
  if (spec.name === 'validate_activation_sms') return { ...creds, sms_activation_code: '000000' };
  return spec.authenticated ? { ...creds } : {};
}

/** Two wrong passwords on `jdoe`: its calls now need a captcha. */
async function lockUser(f: Fixture): Promise<void> {
  for (let i = 0; i < 2; i++) await f.call('authenticate_user', { ...creds, password: 'wrongpass1' });
}

/** A fixture in which `spec` meets a captcha that is spent or expired, as `spoil` leaves it. */
async function spoiltCaptcha(spec: ActionSpec, spoil: 'expired' | 'redeemed'): Promise<ResponseDocument> {
  const f = await account('email');
  if (spec.group === 'account' && spec.authenticated) await lockUser(f);
  const params = await valid(f, spec);
  const captcha = spec.authenticated ? await solvedCaptcha(f) : {};
  const send = { ...params, ...captcha };
  if (spoil === 'expired') {
    f.clock.advance(CAPTCHA_LIFETIME_MS);
    return f.call(spec.name, send);
  }
  // Redeemed by a first call that gets no further than its password (or its address).
  await f.call(spec.name, { ...send, password: 'wrongpass1', email_address: 'nobody@example.com' });
  return f.call(spec.name, send);
}

const recipes: Readonly<Record<string, Recipe>> = {
  // The validation flow, before every call.
  '005': (spec) =>
    raw(fixture(), `<clickatellsdk><action>${spec.name}</action></clickatellsdk>`, '/not-the-token'),
  '009': async (spec) => {
    const f = fixture();
    await putFaults(f, { requireHttps: true });
    return f.call(spec.name);
  },
  '999': (spec) =>
    raw(
      fixture(),
      `<clickatellsdk><action>${spec.name}</action><action>${spec.name}</action></clickatellsdk>`,
    ),
  '008': async (spec) => {
    const f = fixture();
    await putFaults(f, { apiDisabled: true });
    return f.call(spec.name);
  },
  '002': async (spec) => {
    const f = fixture();
    await putFaults(f, { blockedIps: ['203.0.113.50'] });
    return f.call(spec.name, {}, { ip: '203.0.113.50' });
  },
  '007': async (spec) => {
    const f = fixture();
    await putFaults(f, { disabledActions: [spec.name] });
    return f.call(spec.name);
  },

  // Sign-in: lock-outs, captchas, the password, the account switched off.
  '003': async (spec) => {
    const f = await account('email');
    for (let i = 0; i < 10; i++)
      await f.call('authenticate_user', { user: `stranger${i}`, password: 'wrongpass1' });
    return f.call(spec.name, await valid(f, spec));
  },
  '004': async (spec) => {
    const f = await account('email');
    await lockUser(f);
    return f.call(spec.name, await valid(f, spec));
  },
  '402': (spec) => spoiltCaptcha(spec, 'expired'),
  '403': (spec) => spoiltCaptcha(spec, 'redeemed'),
  '404': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, { ...(await valid(f, spec)), password: 'wrongpass1' });
  },
  '405': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, { ...(await valid(f, spec)), email_address: 'someone@example.com' });
  },
  '006': async (spec) => {
    const f = await account('email');
    await putFaults(f, { inactiveUsers: ['jdoe'] });
    return f.call(spec.name, await valid(f, spec));
  },

  // Activation states.
  '103': async (spec) => {
    const f = await account('registered');
    return f.call(spec.name, await valid(f, spec));
  },
  '104': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, await valid(f, spec));
  },
  '107': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, await valid(f, spec));
  },
  '108': async (spec) => {
    const f = await account('sms');
    return f.call(spec.name, await valid(f, spec));
  },

  // SMS sending.
  '100': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, { ...creds, mobile_number: '447700900123' });
  },
  '101': async (spec) => {
    const f = await account('email');
    return f.call(spec.name, { ...creds, mobile_number: '6721234567' });
  },
  '102': async (spec) => {
    const f = await account('email', { maxSmsSends: 1 });
    await f.call('send_activation_sms', creds);
    if (spec.name === 'validate_activation_sms') f.clock.advance(SMS_CODE_LIFETIME_MS);
    const sent = f.emulator.outbox().filter((m) => m.to === MOBILE).length;
    assert.equal(sent, 1);
    return f.call(spec.name, await valid(f, spec));
  },

  // Registration.
  '105': async (spec) => {
    const f = await account('registered');
    return f.call(spec.name, { ...(await valid(f, spec)), email_address: 'jdoe@example.com' });
  },
  '106': async (spec) => {
    const f = fixture();
    return f.call(spec.name, { ...(await valid(f, spec)), country_id: countryByIso('KP')!.id });
  },
  '439': async (spec) => {
    const f = await account('registered');
    return f.call(spec.name, { ...(await valid(f, spec)), user: 'JDoe' });
  },
  '414': (spec) =>
    raw(
      fixture(),
      `<clickatellsdk><action>${spec.name}</action><fname>Jane</fname><fname>Joan</fname></clickatellsdk>`,
    ),
};

/** A parameter whose code is `code`: left out for its missing-value code, else sent invalid. */
function paramRecipe(spec: ActionSpec, code: string): Recipe | undefined {
  const missing = spec.params.find((p) => p.missingError === code);
  if (missing) return () => fixture().call(spec.name, {});
  const param = spec.params.find((p) => p.error === code);
  if (!param) return undefined;
  return () => {
    // DEL: text XML carries, and no parameter accepts.
    const params: Record<string, string> = { [param.name]: '\u007F' };
    if (param.onlyWhen) params[param.onlyWhen.param] = param.onlyWhen.equals;
    return fixture().call(spec.name, params);
  };
}

describe('every code a call can answer', () => {
  it('uses the FTP API id the protocol names', () => assert.equal(FTP_CONNECTION_ID, '4'));

  for (const spec of ACTIONS) {
    for (const code of answerCodes(spec.name)) {
      it(`${spec.name} answers ${code} "${errorMessage(code)}"`, async () => {
        const recipe = recipes[code] ?? paramRecipe(spec, code);
        assert.ok(
          recipe,
          `no way to make ${spec.name} answer ${code}: add one, or take it out of answers.ts`,
        );
        const doc = await recipe(spec);
        const found = doc.errors.find((e) => e.code === code);
        assert.ok(found, `${spec.name} answered ${JSON.stringify(doc.errors)}, not ${code}`);
        if (code !== '109') assert.equal(found.description, errorMessage(code));
        else assert.match(found.description, /^Coupon Error: ./);
        const allowed = answerCodes(spec.name);
        for (const e of doc.errors)
          assert.ok(allowed.includes(e.code), `${spec.name} also answered ${e.code}`);
        if (doc.action !== '') assert.equal(doc.action, spec.name);
      });
    }
  }
});

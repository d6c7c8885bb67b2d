/**
 * Which error codes can follow each call: as the guide's "Possible errors" lists give
 * them, and as this package answers them (the emulator) and expects them (relay, forms),
 * with the reason wherever the two differ. docs/protocol.md's table is generated from
 * here (`npm run docs:protocol`), and test/emulator/every-code.test.ts makes the
 * emulator produce every code this module says a call can answer.
 *
 * Only documentation, tests and servers read it; the browser never loads it.
 */
import { ACTIONS, type ActionName, type ActionSpec } from './actions.ts';
import { ERRORS } from './errors.ts';

/** Each call's "Possible errors" list in the guide, as printed (mostly the older numbering). */
export const GUIDE_CALL_CODES: Readonly<Record<ActionName, readonly string[]>> = {
  get_list_country: ['001', '004', '046', '047', '048', '049', '999'],
  get_list_country_prefix: ['001', '004', '046', '047', '048', '049', '999'],
  get_list_account: ['001', '004', '046', '047', '048', '049', '999'],
  get_list_terms: ['001', '004', '013', '037', '045', '046', '047', '048', '049', '999'],
  register: [
    ...['001', '004', '006', '007', '008', '009', '013', '015', '016', '017', '018', '019'],
    ...['020', '021', '022', '023', '040', '041', '047', '048', '049', '999'],
  ],
  resend_email_activation: [
    ...['001', '002', '003', '004', '006', '007', '008', '009', '010', '012', '014', '043'],
    ...['047', '048', '049', '999'],
  ],
  authenticate_user: [
    ...['001', '002', '003', '004', '006', '007', '008', '009', '010', '012', '047', '048'],
    ...['049', '999'],
  ],
  forgot_password: ['001', '004', '006', '007', '008', '009', '011'],
  get_captcha: ['001', '004', '047', '048', '049', '999'],
  sms_activation_status: ['001', '002', '003', '004', '006', '007'],
  send_activation_sms: [
    ...['001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '012', '025'],
    ...['026', '027', '044', '047', '048', '049', '999'],
  ],
  validate_activation_sms: [
    ...['001', '002', '003', '004', '005', '006', '007', '008', '009', '010', '012', '028'],
    ...['044', '047', '048', '049', '999'],
  ],
  get_list_callback: ['001', '004', '046', '047', '048', '049', '999'],
  get_list_connection: ['001', '004', '046', '047', '048', '049', '999'],
  create_connection: [
    ...['001', '002', '003', '004', '006', '007', '008', '009', '010', '012', '029', '030'],
    ...['031', '032', '033', '034', '035', '036', '038', '042', '047', '048', '049', '999'],
  ],
  buy_credits_url: [
    ...['001', '002', '003', '004', '006', '007', '008', '009', '010', '012', '047', '048'],
    ...['049', '999'],
  ],
};

/**
 * The guide's validation flow, which every call passes before its own checks, in the
 * order the emulator checks it: the token (005), https (009), a readable document (999),
 * the API switched on (008), the source IP (002), the call switched on (007).
 */
export const FLOW_CODES: readonly string[] = ['005', '009', '999', '008', '002', '007'];

// Refusals of the calls that take user + password, after their parameters' own codes: the
// lock-outs (003, 004), a spent or expired captcha (402, 403), the password (404) and the
// account switched off (006).
const SIGN_IN = ['003', '004', '402', '403', '404', '006'];

/** Per call, the codes its own checks answer besides its parameters' codes (actions.ts). */
export const CALL_CODES: Readonly<Record<ActionName, readonly string[]>> = {
  get_list_country: [],
  get_list_country_prefix: [],
  get_list_account: [],
  get_list_terms: [],
  // A spent or expired captcha; embargo; username taken; email address taken; a value
  // that is not one piece of text (given twice, or holding elements).
  register: ['402', '403', '106', '439', '105', '414'],
  resend_email_activation: [...SIGN_IN, '107'],
  authenticate_user: [...SIGN_IN, '103'],
  forgot_password: ['402', '403', '405', '006'],
  get_captcha: [],
  sms_activation_status: [...SIGN_IN, '103', '104'],
  send_activation_sms: [...SIGN_IN, '103', '108', '102', '100', '101'],
  validate_activation_sms: [...SIGN_IN, '103', '108', '102'],
  get_list_callback: [],
  get_list_connection: [],
  create_connection: [...SIGN_IN, '103'],
  buy_credits_url: [...SIGN_IN, '103', '104'],
};

/** Codes of the guide's table that follow none of the 16 calls, and why. */
export const UNSENT_CODES: Readonly<Record<string, string>> = {
  '001': 'Success is the Result of an answer, never one of its Errors.',
  '430': 'It answers an action that is none of the 16 calls.',
  '436': 'A second code for an invalid activation_redirect; the emulator answers 415, its first.',
  '437': 'It names a credit value, which no call takes.',
  '438': 'It names a user number, which no call takes.',
  '440': 'A second code for a wrong username or password; the emulator answers 404. Decoded, never sent.',
};

// Why a code a call's guide list names is not one the call can answer.
const NOT_ANSWERED: Readonly<Record<string, string>> = {
  '001': 'Success is a Result, not an Error',
  '004': 'the call takes no username to lock',
  'register:004': 'register always takes a captcha, so a username lock changes nothing',
  'forgot_password:004':
    'forgot_password always takes a captcha, and a wrong email address is no failed sign-in',
  'register:006': '006 concerns the account a call names, and register names a new one',
};

const numeric = (a: string, b: string): number => Number(a) - Number(b);

/** The codes the parameters of a call answer when missing or invalid. */
function paramCodes(spec: ActionSpec): string[] {
  return spec.params.flatMap((p) => (p.missingError ? [p.error, p.missingError] : [p.error]));
}

/** Every code `action` can answer, in numeric order. */
export function answerCodes(action: ActionName): string[] {
  const spec = ACTIONS.find((a) => a.name === action)!;
  return [...new Set([...FLOW_CODES, ...paramCodes(spec), ...CALL_CODES[action]])].sort(numeric);
}

/** The guide's list of a call against what it can answer, and why they differ. */
export interface CallCodes {
  readonly action: ActionName;
  readonly guide: readonly string[];
  readonly answers: readonly string[];
  /** Codes the guide lists from the older numbering (010-099), which its table does not define. */
  readonly older: readonly string[];
  /** Codes of the table the guide lists for the call that it cannot answer, each with why. */
  readonly notAnswered: readonly (readonly [code: string, why: string])[];
  /** Flow codes the call answers that its guide list leaves out. */
  readonly flowAdded: readonly string[];
  /** The call's own codes (parameters and checks) that its guide list leaves out. */
  readonly ownAdded: readonly string[];
}

/** The comparison for every call, in the guide's order. */
export function callCodes(): CallCodes[] {
  return ACTIONS.map(({ name }) => {
    const guide = GUIDE_CALL_CODES[name];
    const answers = answerCodes(name);
    const older = guide.filter((code) => !(code in ERRORS));
    const notAnswered = guide
      .filter((code) => code in ERRORS && !answers.includes(code))
      .map((code) => {
        const why = NOT_ANSWERED[`${name}:${code}`] ?? NOT_ANSWERED[code];
        if (!why) throw new Error(`${name} is listed with ${code} but cannot answer it: say why`);
        return [code, why] as const;
      });
    const added = answers.filter((code) => !guide.includes(code));
    return {
      action: name,
      guide,
      answers,
      older,
      notAnswered,
      flowAdded: added.filter((code) => FLOW_CODES.includes(code)),
      ownAdded: added.filter((code) => !FLOW_CODES.includes(code)),
    };
  });
}

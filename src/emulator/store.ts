/**
 * The emulator's whole state as one plain JSON value, so it can be exported, imported and
 * reset as a unit. Every record is JSON-safe: strings, numbers, booleans, arrays, objects.
 */
import { getAction } from '../protocol/actions.ts';

/** One message the emulator "sent": GET /_emulator/outbox lists them, newest last. */
export interface OutboxMessage {
  readonly type: 'email' | 'sms';
  /** An email address or an international mobile number. */
  readonly to: string;
  readonly subject?: string;
  readonly text: string;
  /** The link in the message (an email activation link). */
  readonly link?: string;
  /** The SMS activation code, or the new password of a forgot_password email. */
  readonly code?: string;
  /** When it was sent, ISO 8601. */
  readonly at: string;
}

/** A messaging API connection made by create_connection. */
export interface ConnectionRecord {
  apiId: string;
  connectionId: string;
  description?: string;
  ipAddress?: string;
  dialPrefix?: string;
  callbackUrl?: string;
  callbackTypeId: string;
  callbackUsername?: string;
  createdAt: number;
}

/** An SMS activation code that was sent and not yet used up. */
export interface SmsCode {
  code: string;
  /** Clock milliseconds after which the code no longer works. */
  expiresAt: number;
  wrongTries: number;
}

/** A registered account. */
export interface AccountRecord {
  userNumber: string;
  user: string;
  password: string;
  fname: string;
  sname: string;
  email: string;
  company: string;
  countryId: string;
  mobile: string;
  accountId: string;
  emailFormat: string;
  weeklyUpdate: string;
  coupon?: string;
  activationRedirect?: string;
  emailActivated: boolean;
  smsActivated: boolean;
  /** Consecutive authentication failures on this username (004 from 2). */
  failures: number;
  /** SMS activation messages sent so far (102 past the limit). */
  smsSends: number;
  smsCode?: SmsCode;
  connections: ConnectionRecord[];
  createdAt: number;
}

/** An issued captcha. */
export interface CaptchaRecord {
  code: string;
  issuedAt: number;
  status: 'fresh' | 'failed' | 'redeemed';
}

/**
 * Faults switched on through the admin API (`PUT /_emulator/faults`), so a site can see
 * how its pages present the API's refusals that no request alone can cause.
 */
export interface Faults {
  /** Source IPs whose every call answers 002; "unknown" is a caller with no address (a relay in the same process). */
  blockedIps: string[];
  /** Usernames (any case) whose accounts are not active: their calls answer 006 once the password is right. */
  inactiveUsers: string[];
  /** Actions switched off: calling one answers 007. */
  disabledActions: string[];
  /** The whole Connect API is switched off: every call answers 008. */
  apiDisabled: boolean;
  /** Every call not made over https answers 009 (a call in the same process has no TLS). */
  requireHttps: boolean;
}

/** No fault switched on. */
export function noFaults(): Faults {
  return { blockedIps: [], inactiveUsers: [], disabledActions: [], apiDisabled: false, requireHttps: false };
}

/** The whole state. */
export interface EmulatorState {
  version: 1;
  nextUserNumber: number;
  accounts: AccountRecord[];
  captchas: Record<string, CaptchaRecord>;
  /** Consecutive authentication failures per source IP (003 from 10). */
  ipFailures: Record<string, number>;
  /** One-off email activation tokens -> user number. */
  activations: Record<string, string>;
  /** One-off buy page ids -> user number, and whether the page was opened. */
  buyLinks: Record<string, { userNumber: string; used: boolean }>;
  outbox: OutboxMessage[];
  /** Switched-on faults; a state exported before faults existed loads with none. */
  faults: Faults;
}

/** A fresh, empty state. */
export function emptyState(): EmulatorState {
  return {
    version: 1,
    nextUserNumber: 1000001,
    accounts: [],
    captchas: {},
    ipFailures: {},
    activations: {},
    buyLinks: {},
    outbox: [],
    faults: noFaults(),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Thrown by `checkState` with a message that says what is wrong with an imported state. */
export class StateError extends Error {
  override name = 'StateError';
}

function need(condition: boolean, message: string): asserts condition {
  if (!condition) throw new StateError(message);
}

const ACCOUNT_STRINGS = [
  'userNumber',
  'user',
  'password',
  'fname',
  'sname',
  'email',
  'company',
  'countryId',
  'mobile',
  'accountId',
  'emailFormat',
  'weeklyUpdate',
] as const;

/**
 * `value` as a state, or a StateError saying what is missing. The check covers the shape
 * the emulator relies on, not every optional field, so a state exported by an older run
 * still loads when it has what matters.
 */
export function checkState(value: unknown): EmulatorState {
  need(isObject(value), 'The state must be a JSON object.');
  need(value['version'] === 1, 'The state must have "version": 1.');
  need(Number.isSafeInteger(value['nextUserNumber']), '"nextUserNumber" must be a whole number.');
  need(Array.isArray(value['accounts']), '"accounts" must be an array.');
  (value['accounts'] as unknown[]).forEach((account, i) => {
    need(isObject(account), `accounts[${i}] must be an object.`);
    for (const key of ACCOUNT_STRINGS)
      need(typeof account[key] === 'string', `accounts[${i}].${key} must be a string.`);
    for (const key of ['emailActivated', 'smsActivated'] as const) {
      need(typeof account[key] === 'boolean', `accounts[${i}].${key} must be true or false.`);
    }
    for (const key of ['failures', 'smsSends', 'createdAt'] as const) {
      need(typeof account[key] === 'number', `accounts[${i}].${key} must be a number.`);
    }
    need(Array.isArray(account['connections']), `accounts[${i}].connections must be an array.`);
  });
  for (const key of ['captchas', 'ipFailures', 'activations', 'buyLinks'] as const) {
    need(isObject(value[key]), `"${key}" must be an object.`);
  }
  for (const [id, captcha] of Object.entries(value['captchas'] as object)) {
    need(
      isObject(captcha) &&
        typeof captcha['code'] === 'string' &&
        typeof captcha['issuedAt'] === 'number' &&
        ['fresh', 'failed', 'redeemed'].includes(captcha['status'] as string),
      `captchas.${id} must have a code, an issuedAt time and a status.`,
    );
  }
  need(Array.isArray(value['outbox']), '"outbox" must be an array.');
  const faults = value['faults'] === undefined ? noFaults() : checkFaults(value['faults']);
  return { ...(structuredClone(value) as unknown as EmulatorState), faults };
}

/**
 * `value` as faults, or a StateError saying what is wrong. Fields left out are off, so
 * `{"apiDisabled": true}` switches on that one fault and clears the others.
 */
export function checkFaults(value: unknown): Faults {
  need(isObject(value), 'The faults must be a JSON object.');
  const faults = noFaults();
  const known = Object.keys(faults);
  const unknown = Object.keys(value).filter((key) => !known.includes(key));
  need(
    unknown.length === 0,
    `${unknown.map((k) => JSON.stringify(k)).join(', ')} ${unknown.length === 1 ? 'is not a fault' : 'are not faults'}; the faults are ${known.join(', ')}.`,
  );
  for (const key of ['blockedIps', 'inactiveUsers', 'disabledActions'] as const) {
    const list = value[key];
    if (list === undefined) continue;
    need(
      Array.isArray(list) && list.every((item) => typeof item === 'string' && item !== ''),
      `"${key}" must be an array of non-empty strings.`,
    );
    faults[key] = [...(list as string[])];
  }
  faults.disabledActions = faults.disabledActions.map((name) => {
    const spec = getAction(name);
    need(spec !== undefined, `"disabledActions": ${JSON.stringify(name)} is not one of the 16 calls.`);
    return spec.name;
  });
  for (const key of ['apiDisabled', 'requireHttps'] as const) {
    const flag = value[key];
    if (flag === undefined) continue;
    need(typeof flag === 'boolean', `"${key}" must be true or false.`);
    faults[key] = flag;
  }
  return faults;
}

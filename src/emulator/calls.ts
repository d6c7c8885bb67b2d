/**
 * The 16 Connect API calls with the guide's semantics and docs/protocol.md's decisions.
 * Every parameter rule comes from src/protocol (validate, checkParam, the lists); what is
 * here is only what needs state: accounts, captchas, lock-outs, activation, the outbox.
 *
 * Order of checks, the same for every call (docs/emulator.md):
 * 1. field errors: validate() plus "does this id exist in its list", all at once, in
 *    parameter-table order; nothing is looked up or spent;
 * 2. captcha (register, forgot_password always; account calls while locked): spent once
 *    checked;
 * 3. user + password (404), counting lock-out failures, then the account switched on (006);
 * 4. activation state (103, 104, 107, 108) and the call's own refusals.
 */
import {
  ACCOUNT_TYPES,
  CALLBACK_TYPES,
  CAPTCHA_LIFETIME_MS,
  CONNECTION_TYPES,
  IP_LOCKOUT_FAILURES,
  SMS_CODE_LIFETIME_MS,
  SMS_CODE_MAX_TRIES,
  USER_LOCKOUT_FAILURES,
  checkParam,
  effectiveValue,
  errorMessage,
  getAction,
  phpUrlEncode,
  RETURNS,
  validate,
  type ActionName,
  type ActionSpec,
  type FieldError,
  type Params,
} from '../protocol/index.ts';
import type { WireError } from '../protocol/xml.ts';
import { CAPTCHA_ALPHABET, renderCaptchaPng } from './captcha-png.ts';
import {
  COUNTRIES,
  COUNTRY_PREFIXES,
  countryById,
  hasKnownDialPrefix,
  isKnownDialPrefix,
} from './countries.ts';
import type { ResolvedOptions } from './options.ts';
import type { AccountRecord, EmulatorState, OutboxMessage } from './store.ts';
import { termsFile } from './terms.ts';

/** What one call answers: records for a Success, or the Error/Description pairs. */
export type Outcome =
  | { readonly values: readonly Readonly<Record<string, string>>[] }
  | { readonly errors: readonly WireError[] };

/** What a call knows about the request besides its parameters. */
export interface CallContext {
  readonly spec: ActionSpec;
  readonly params: Params;
  /** The source IP, or "unknown" when the adapter gave none. */
  readonly ip: string;
  /** Origin for the URLs the call hands out. */
  readonly origin: string;
}

/** The mutable world the calls work on. */
export interface CallEnv {
  readonly state: EmulatorState;
  readonly options: ResolvedOptions;
}

// Captchas are kept this long after issue so an old id still answers 402 rather than 400.
const CAPTCHA_KEEP_MS = 24 * 60 * 60 * 1000;
const MAX_CAPTCHAS = 10_000;
const SMS_CODE_DIGITS = 6;
const NEW_PASSWORD_LENGTH = 10;

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Ids that must exist in a list, per parameter name; a parameter's own default (such as
// get_list_terms' country_id 0, "look it up from the IP") is always accepted.
// Ids arrive in the lists' own spelling ("4", not "04": canonicalParams), so compare as text.
const LISTED: Readonly<Record<string, (value: string) => boolean>> = {
  country_id: (v) => countryById(v) !== undefined,
  account_id: (v) => ACCOUNT_TYPES.some((t) => t.account_id === v),
  connection_id: (v) => CONNECTION_TYPES.some((t) => t.connection_type_id === v),
  callback_type_id: (v) => CALLBACK_TYPES.some((t) => t.callback_type_id === v),
  dial_prefix: (v) => isKnownDialPrefix(v),
};

const REGISTER = getAction('register')!;

/** Whether a new account starts email and SMS activated. */
export interface Activation {
  readonly email: boolean;
  readonly sms: boolean;
}

const NOT_ACTIVATED: Activation = { email: false, sms: false };

function errorOf(...errors: (WireError | string)[]): Outcome {
  return {
    errors: errors.map((e) => (typeof e === 'string' ? { code: e, description: errorMessage(e) } : e)),
  };
}

/** A parameter's value as sent, or its default from the call's table. */
function valueOf(spec: ActionSpec, params: Params, name: string): string | undefined {
  const param = spec.params.find((p) => p.name === name);
  if (!param) throw new Error(`${spec.name} has no parameter ${name}`);
  return effectiveValue(param, params);
}

function isOutcome(value: AccountRecord | Outcome): value is Outcome {
  return 'values' in value || 'errors' in value;
}

const ok = (values: readonly Readonly<Record<string, string>>[] = []): Outcome => ({ values });

/** One record of a call's answer, field names taken from the call's `returns` in order. */
function row(spec: ActionSpec, ...fields: string[]): Record<string, string> {
  const returns = RETURNS[spec.name];
  if (fields.length !== returns.length) throw new Error(`${spec.name} returns ${returns.length} fields`);
  return Object.fromEntries(returns.map((name, i) => [name, fields[i]!]));
}

function isPresent(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

function sameText(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** validate() plus list membership, all failing fields in parameter-table order. */
export function fieldErrors(spec: ActionSpec, params: Params): FieldError[] {
  const errors = validate(spec, params);
  for (const param of spec.params) {
    const listed = LISTED[param.name];
    const value = params[param.name];
    if (!listed || !isPresent(value) || value === param.default) continue;
    if (errors.some((e) => e.field === param.name)) continue;
    if (!listed(value))
      errors.push({ code: param.error, message: errorMessage(param.error), field: param.name });
  }
  const order = new Map(spec.params.map((p, i) => [p.name, i]));
  return errors.sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0));
}

/** The guide's 109 text, "Coupon Error: (use coupon description)", with the reason. */
function couponError(why: string): WireError {
  return { code: '109', description: `${errorMessage('109')}: ${why}` };
}

function fromFieldErrors(errors: readonly FieldError[]): Outcome {
  return errorOf(
    ...errors.map((e) =>
      e.code === '109'
        ? couponError('the coupon code holds characters that no coupon code has')
        : { code: e.code, description: e.message },
    ),
  );
}

/** The calls, bound to one state and one set of options. */
export class Calls {
  constructor(private readonly env: CallEnv) {}

  private get state(): EmulatorState {
    return this.env.state;
  }

  private get options(): ResolvedOptions {
    return this.env.options;
  }

  private now(): number {
    return this.options.clock();
  }

  private random(): number {
    const [a = 0, b = 0, c = 0, d = 0] = this.options.randomBytes(4);
    return (((a << 24) | (b << 16) | (c << 8) | d) >>> 0) / 2 ** 32;
  }

  private hex(bytes: number): string {
    return [...this.options.randomBytes(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
  }

  /** `length` characters of `alphabet`, unbiased. */
  private pickChars(alphabet: string, length: number): string {
    let out = '';
    const limit = 256 - (256 % alphabet.length);
    while (out.length < length) {
      for (const byte of this.options.randomBytes(length * 2)) {
        if (byte < limit && out.length < length) out += alphabet[byte % alphabet.length];
      }
    }
    return out;
  }

  private send(message: Omit<OutboxMessage, 'at'>): void {
    this.state.outbox.push({ ...message, at: new Date(this.now()).toISOString() });
  }

  findUser(user: string | undefined): AccountRecord | undefined {
    if (!isPresent(user)) return undefined;
    return this.state.accounts.find((a) => sameText(a.user, user));
  }

  /** Runs the call `ctx.spec` names. */
  run(ctx: CallContext): Outcome {
    const handler: Record<ActionName, (ctx: CallContext) => Outcome> = {
      get_list_country: (c) => ok(COUNTRIES.map((country) => row(c.spec, country.id, country.name))),
      get_list_country_prefix: (c) => ok(COUNTRY_PREFIXES.map((p) => row(c.spec, p.country_id, p.prefix))),
      get_list_account: () => ok(ACCOUNT_TYPES),
      get_list_callback: () => ok(CALLBACK_TYPES),
      get_list_connection: () => ok(CONNECTION_TYPES),
      get_list_terms: (c) => this.getListTerms(c),
      register: (c) => this.register(c),
      resend_email_activation: (c) => this.resendEmailActivation(c),
      authenticate_user: (c) => this.authenticateUser(c),
      forgot_password: (c) => this.forgotPassword(c),
      get_captcha: (c) => this.getCaptcha(c),
      sms_activation_status: (c) => this.smsActivationStatus(c),
      send_activation_sms: (c) => this.sendActivationSms(c),
      validate_activation_sms: (c) => this.validateActivationSms(c),
      create_connection: (c) => this.createConnection(c),
      buy_credits_url: (c) => this.buyCreditsUrl(c),
    };
    return handler[ctx.spec.name](ctx);
  }

  // --- captcha ---------------------------------------------------------------------------

  private getCaptcha(ctx: CallContext): Outcome {
    this.pruneCaptchas();
    const id = this.hex(16);
    const code = this.pickChars(CAPTCHA_ALPHABET, 6);
    this.state.captchas[id] = { code, issuedAt: this.now(), status: 'fresh' };
    const png = renderCaptchaPng(code, () => this.random());
    return ok([row(ctx.spec, id, phpUrlEncode(png))]);
  }

  private pruneCaptchas(): void {
    const entries = Object.entries(this.state.captchas);
    const now = this.now();
    for (const [id, captcha] of entries)
      if (now - captcha.issuedAt > CAPTCHA_KEEP_MS) delete this.state.captchas[id];
    const left = Object.keys(this.state.captchas);
    for (const id of left.slice(0, Math.max(0, left.length - MAX_CAPTCHAS + 1)))
      delete this.state.captchas[id];
  }

  /**
   * Checks and spends the captcha of a request: static checks first (they spend nothing),
   * then the issued captcha, which is redeemed by a right code and spent by a wrong one.
   */
  private redeemCaptcha(ctx: CallContext): Outcome | undefined {
    const errors: WireError[] = [];
    for (const name of ['captcha_id', 'captcha_code']) {
      const spec = ctx.spec.params.find((p) => p.name === name);
      if (!spec) continue;
      const code = checkParam(spec, ctx.params[name], ctx.params, { locked: true });
      if (code) errors.push({ code, description: errorMessage(code) });
    }
    if (errors.length > 0) return errorOf(...errors);
    const id = ctx.params['captcha_id']!.toLowerCase();
    const captcha = this.state.captchas[id];
    if (!captcha) return errorOf('400');
    if (captcha.status === 'redeemed') return errorOf('403');
    if (captcha.status === 'failed' || this.now() - captcha.issuedAt >= CAPTCHA_LIFETIME_MS)
      return errorOf('402');
    if (captcha.code !== ctx.params['captcha_code']!.toUpperCase()) {
      captcha.status = 'failed';
      return errorOf('401');
    }
    captcha.status = 'redeemed';
    return undefined;
  }

  // --- authentication and lock-outs -----------------------------------------------------

  /**
   * The common part of every call that takes user + password: field errors, the lock-out
   * captcha, the password. A right password clears both lock-outs for this user and IP.
   */
  private signIn(ctx: CallContext): AccountRecord | Outcome {
    const errors = fieldErrors(ctx.spec, ctx.params);
    if (errors.length > 0) return fromFieldErrors(errors);
    const account = this.findUser(ctx.params['user']);
    const ipLocked = (this.state.ipFailures[ctx.ip] ?? 0) >= IP_LOCKOUT_FAILURES;
    const userLocked = account !== undefined && account.failures >= USER_LOCKOUT_FAILURES;
    if (ipLocked || userLocked) {
      if (!isPresent(ctx.params['captcha_id']) && !isPresent(ctx.params['captcha_code'])) {
        return errorOf(ipLocked ? '003' : '004');
      }
      const refused = this.redeemCaptcha(ctx);
      if (refused) return refused;
    }
    if (!account || account.password !== ctx.params['password']) {
      this.state.ipFailures[ctx.ip] = (this.state.ipFailures[ctx.ip] ?? 0) + 1;
      if (account) account.failures += 1;
      return errorOf('404');
    }
    account.failures = 0;
    delete this.state.ipFailures[ctx.ip];
    if (this.isInactive(account)) return errorOf('006');
    return account;
  }

  /** Whether the admin API switched this account off (006). */
  private isInactive(account: AccountRecord): boolean {
    return this.state.faults.inactiveUsers.some((user) => sameText(user, account.user));
  }

  private authenticateUser(ctx: CallContext): Outcome {
    const account = this.signIn(ctx);
    if (isOutcome(account)) return account;
    if (!account.emailActivated) return errorOf('103');
    return ok([row(ctx.spec, account.userNumber)]);
  }

  // --- registration and email activation --------------------------------------------

  private register(ctx: CallContext): Outcome {
    const { spec, params } = ctx;
    const errors = fieldErrors(spec, params);
    if (errors.length > 0) return fromFieldErrors(errors);
    const refused = this.redeemCaptcha(ctx);
    if (refused) return refused;

    const country = countryById(params['country_id']!)!;
    const ipCountry = this.geoIp(ctx.ip);
    if (
      this.options.embargoedCountries.includes(country.iso) ||
      (ipCountry && this.options.embargoedCountries.includes(ipCountry))
    ) {
      return errorOf('106');
    }

    // Checks that reveal other people's accounts come after the captcha, so they cannot be
    // used to list usernames or addresses without solving one.
    const late: { field: string; error: WireError }[] = [];
    if (this.findUser(params['user']))
      late.push({ field: 'user', error: { code: '439', description: errorMessage('439') } });
    const force = valueOf(spec, params, 'force_create') === '1';
    if (!force && this.state.accounts.some((a) => sameText(a.email, params['email_address']!))) {
      late.push({ field: 'email_address', error: { code: '105', description: errorMessage('105') } });
    }
    const coupon = params['coupon_code'];
    if (isPresent(coupon)) {
      const outcome = this.options.coupons[coupon.toUpperCase()];
      if (outcome !== true) {
        const why = outcome ?? `the coupon ${coupon} is not a known coupon code`;
        late.push({ field: 'coupon_code', error: couponError(why) });
      }
    }
    if (late.length > 0) {
      const order = new Map(spec.params.map((p, i) => [p.name, i]));
      late.sort((a, b) => (order.get(a.field) ?? 0) - (order.get(b.field) ?? 0));
      return errorOf(...late.map((l) => l.error));
    }

    if (valueOf(spec, params, 'test_mode') === '1') return ok();
    this.addAccount(params, ctx.origin);
    return ok();
  }

  /**
   * Adds an account made of register's parameters, already checked (fieldErrors), with
   * register's defaults for those left out; unless it starts email activated, emails its
   * activation link. Both register and the admin API's POST /_emulator/accounts come here.
   */
  addAccount(params: Params, origin: string, activated: Activation = NOT_ACTIVATED): AccountRecord {
    const value = (name: string): string => valueOf(REGISTER, params, name) ?? '';
    const account: AccountRecord = {
      userNumber: String(this.state.nextUserNumber++),
      user: params['user']!,
      password: params['password']!,
      fname: params['fname']!,
      sname: params['sname']!,
      email: params['email_address']!,
      company: value('company'),
      countryId: countryById(params['country_id']!)!.id,
      mobile: params['mobile_number']!,
      accountId: value('account_id'),
      emailFormat: value('email_format'),
      weeklyUpdate: value('weekly_update'),
      emailActivated: activated.email,
      smsActivated: activated.sms,
      failures: 0,
      smsSends: 0,
      connections: [],
      createdAt: this.now(),
    };
    const coupon = params['coupon_code'];
    if (isPresent(coupon)) account.coupon = coupon.toUpperCase();
    if (isPresent(params['activation_redirect'])) account.activationRedirect = params['activation_redirect'];
    this.state.accounts.push(account);
    if (!account.emailActivated) this.sendActivationEmail(account, origin);
    return account;
  }

  /** Emails a new one-off activation link; links sent earlier stop working. */
  private sendActivationEmail(account: AccountRecord, origin: string): void {
    for (const [token, userNumber] of Object.entries(this.state.activations)) {
      if (userNumber === account.userNumber) delete this.state.activations[token];
    }
    const token = this.hex(16);
    this.state.activations[token] = account.userNumber;
    const link = `${origin}/_emulator/activate/${token}`;
    this.send({
      type: 'email',
      to: account.email,
      subject: 'Activate your Clickatell account',
      text: `Hello ${account.fname},\n\nyour Clickatell account ${account.user} (user number ${account.userNumber}) is ready. Open this link to activate it:\n\n${link}\n`,
      link,
    });
  }

  private resendEmailActivation(ctx: CallContext): Outcome {
    const account = this.signIn(ctx);
    if (isOutcome(account)) return account;
    if (account.emailActivated) return errorOf('107');
    const email = ctx.params['email_address'];
    if (isPresent(email)) account.email = email;
    this.sendActivationEmail(account, ctx.origin);
    return ok([row(ctx.spec, account.userNumber)]);
  }

  private forgotPassword(ctx: CallContext): Outcome {
    const errors = fieldErrors(ctx.spec, ctx.params);
    if (errors.length > 0) return fromFieldErrors(errors);
    const refused = this.redeemCaptcha(ctx);
    if (refused) return refused;
    const account = this.findUser(ctx.params['user']);
    if (!account || !sameText(account.email, ctx.params['email_address']!)) return errorOf('405');
    if (this.isInactive(account)) return errorOf('006');
    // A letter and a digit in every password, so it passes any reading of "alphanumeric".
    let password = '';
    while (!/[A-Za-z]/.test(password) || !/[0-9]/.test(password))
      password = this.pickChars(ALNUM, NEW_PASSWORD_LENGTH);
    account.password = password;
    this.send({
      type: 'email',
      to: account.email,
      subject: 'Your new Clickatell password',
      text: `Hello ${account.fname},\n\nthe new password of your Clickatell account ${account.user} is: ${password}\n`,
      code: password,
    });
    return ok();
  }

  // --- SMS activation -----------------------------------------------------------------

  /** signIn, then the email activation every call past sign-in needs (103). */
  private activeAccount(ctx: CallContext): AccountRecord | Outcome {
    const account = this.signIn(ctx);
    if (isOutcome(account)) return account;
    if (!account.emailActivated) return errorOf('103');
    return account;
  }

  private smsActivationStatus(ctx: CallContext): Outcome {
    const account = this.activeAccount(ctx);
    if (isOutcome(account)) return account;
    if (!account.smsActivated) return errorOf('104');
    return ok([row(ctx.spec, account.mobile, account.userNumber)]);
  }

  private sendActivationSms(ctx: CallContext): Outcome {
    const account = this.activeAccount(ctx);
    if (isOutcome(account)) return account;
    if (account.smsActivated) return errorOf('108');
    if (account.smsSends >= this.options.maxSmsSends) return errorOf('102');
    const mobile = ctx.params['mobile_number'];
    const to = isPresent(mobile) ? mobile : account.mobile;
    if (this.options.blockedMobilePrefixes.some((p) => to.startsWith(p))) return errorOf('100');
    if (this.options.uncoveredMobilePrefixes.some((p) => to.startsWith(p)) || !hasKnownDialPrefix(to)) {
      return errorOf('101');
    }
    account.mobile = to;
    account.smsSends += 1;
    const code = this.pickChars('0123456789', SMS_CODE_DIGITS);
    account.smsCode = { code, expiresAt: this.now() + SMS_CODE_LIFETIME_MS, wrongTries: 0 };
    this.send({ type: 'sms', to, text: `Your Clickatell activation code is ${code}`, code });
    return ok();
  }

  private validateActivationSms(ctx: CallContext): Outcome {
    const account = this.activeAccount(ctx);
    if (isOutcome(account)) return account;
    if (account.smsActivated) return errorOf('108');
    const sent = account.smsCode;
    if (!sent || this.now() >= sent.expiresAt || sent.wrongTries >= SMS_CODE_MAX_TRIES) {
      // With its code used up and no send left, the account has used all its SMS activation
      // attempts (102); while a new code can be sent, this one is only invalid (418).
      return errorOf(sent && account.smsSends >= this.options.maxSmsSends ? '102' : '418');
    }
    if (sent.code !== ctx.params['sms_activation_code']) {
      sent.wrongTries += 1;
      return errorOf('418');
    }
    account.smsActivated = true;
    delete account.smsCode;
    return ok();
  }

  // --- connections and credits --------------------------------------------------------

  private createConnection(ctx: CallContext): Outcome {
    const account = this.activeAccount(ctx);
    if (isOutcome(account)) return account;
    const value = (name: string): string | undefined => valueOf(ctx.spec, ctx.params, name);
    const used = new Set(this.state.accounts.flatMap((a) => a.connections.map((c) => c.apiId)));
    let apiId = '';
    while (apiId === '' || used.has(apiId)) apiId = String(1_000_000 + Math.floor(this.random() * 9_000_000));
    const connection: AccountRecord['connections'][number] = {
      apiId,
      connectionId: value('connection_id')!,
      callbackTypeId: value('callback_type_id')!,
      createdAt: this.now(),
    };
    const optional = {
      description: 'api_description',
      ipAddress: 'ip_address',
      dialPrefix: 'dial_prefix',
      callbackUrl: 'callback_url',
      callbackUsername: 'callback_username',
    } as const;
    for (const [key, name] of Object.entries(optional) as [keyof typeof optional, string][]) {
      const v = ctx.params[name];
      if (isPresent(v)) connection[key] = v;
    }
    account.connections.push(connection);
    return ok([row(ctx.spec, apiId)]);
  }

  private buyCreditsUrl(ctx: CallContext): Outcome {
    const account = this.activeAccount(ctx);
    if (isOutcome(account)) return account;
    if (!account.smsActivated) return errorOf('104');
    const id = this.hex(16);
    this.state.buyLinks[id] = { userNumber: account.userNumber, used: false };
    return ok([row(ctx.spec, `${ctx.origin}/_emulator/buy/${id}`)]);
  }

  // --- terms --------------------------------------------------------------------------

  /** The ISO code the emulator's geo-IP table gives `ip`, longest prefix first. */
  geoIp(ip: string): string | undefined {
    let best: [string, string] | undefined;
    for (const [prefix, iso] of Object.entries(this.options.geoIp)) {
      if (ip.startsWith(prefix) && (!best || prefix.length > best[0].length)) best = [prefix, iso];
    }
    return best?.[1].toUpperCase();
  }

  private getListTerms(ctx: CallContext): Outcome {
    const { spec, params } = ctx;
    const errors = fieldErrors(spec, params);
    if (errors.length > 0) return fromFieldErrors(errors);
    // With a country the IP is ignored; without one validate() has made sure of an IP.
    const countryId = valueOf(spec, params, 'country_id')!;
    const iso = countryById(countryId)?.iso ?? this.geoIp(params['client_ip_address']!);
    const format = valueOf(spec, params, 'terms_format') === '2' ? 'html' : 'txt';
    return ok([
      row(spec, `${ctx.origin}/_emulator/terms/${termsFile(iso, this.options.termsCountries, format)}`),
    ]);
  }
}

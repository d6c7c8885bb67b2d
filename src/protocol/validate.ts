/**
 * Checks a call's parameters against the guide's tables (actions.ts). The same function
 * runs in the browser, as the user types, and in the emulator, on every request, so the
 * two can never disagree. Browser-safe: no XML, no Node APIs.
 */
import { getAction, type ActionName, type ActionSpec, type ParamKind, type ParamSpec } from './actions.ts';
import { errorMessage } from './errors.ts';

/** One failing field: the guide's code and message, and the parameter it concerns. */
export interface FieldError {
  readonly code: string;
  readonly message: string;
  readonly field: string;
}

export type Params = Readonly<Record<string, string | undefined>>;

export interface ValidateOptions {
  /** The account or the source IP is in captcha-required state (003/004). */
  readonly locked?: boolean;
}

// Characters XML 1.0 cannot carry, and control characters no field should hold.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFE\uFFFF]/u;

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Character patterns per kind; kinds with richer rules are checked in `kindAccepts`. */
export const PATTERNS: Readonly<Partial<Record<ParamKind, RegExp>>> = {
  username: /^[\w@.+-]+$/,
  password: /^[A-Za-z0-9]+$/,
  alnum: /^[A-Za-z0-9]+$/,
  name: /^[\p{L}\p{M}\p{N} '’.-]+$/u,
  email: /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:".]+(\.[^\s@<>()[\]\\,;:".]+)+$/u,
  mobile: /^[1-9][0-9]*$/,
  id: /^[0-9]+$/,
  'dial-prefix': /^[1-9][0-9]{0,3}$/,
  'captcha-id': /^[0-9a-fA-F]{32}$/,
};

function isIp(value: string): boolean {
  if (IPV4.test(value)) return true;
  if (!value.includes(':') || !/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  try {
    new URL(`http://[${value}]/`);
    return true;
  } catch {
    return false;
  }
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function kindAccepts(spec: ParamSpec, value: string): boolean {
  if (CONTROL.test(value)) return false;
  switch (spec.kind) {
    case 'enum':
      return spec.values?.includes(value) ?? false;
    case 'url':
      return isWebUrl(value);
    case 'ip':
      return isIp(value);
    case 'ip-list':
      return value.split(',').every((part) => IPV4.test(part.trim()));
    case 'text':
      return true;
    default:
      return PATTERNS[spec.kind]?.test(value) ?? false;
  }
}

function isPresent(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}

/**
 * A value as people write it, in the form the API takes: a mobile number without the
 * spaces, dashes, dots, brackets and leading `+` or `00` of "+27 (83) 123-4567", and a
 * code (`alnum`) without the spaces of "123 456". Other kinds are left as typed.
 */
export function tidy(spec: ParamSpec, value: string): string {
  if (spec.kind === 'mobile') return value.replace(/[\s().-]/g, '').replace(/^(\+|00)/, '');
  return spec.kind === 'alnum' ? value.replace(/\s/g, '') : value;
}

/**
 * `params` with each id in the one spelling the list calls use ("04" is "4"), so every
 * rule that compares ids (the lists, the FTP API's password) reads it the same way. The
 * emulator applies it once, to every request.
 */
export function canonicalParams(spec: ActionSpec, params: Params): Params {
  const out: Record<string, string | undefined> = { ...params };
  for (const param of spec.params) {
    const value = out[param.name];
    if (param.kind === 'id' && value !== undefined && /^[0-9]+$/.test(value))
      out[param.name] = value.replace(/^0+(?=[0-9])/, '');
  }
  return out;
}

/** The value a parameter takes in `params`, its default when left out. */
export function effectiveValue(spec: ParamSpec, params: Params): string | undefined {
  const value = params[spec.name];
  return isPresent(value) ? value : spec.default;
}

function resolve(action: ActionName | ActionSpec): ActionSpec {
  const spec = typeof action === 'string' ? getAction(action) : action;
  if (!spec) throw new TypeError(`Unknown Connect API action: ${String(action)}`);
  return spec;
}

/**
 * Whether a parameter must be given, with the call's other values in `params`: always,
 * while locked (the guide's "***" rows), or once the choice it belongs to is made
 * (ftp_password with the FTP connection type).
 */
export function isRequired(spec: ParamSpec, params: Params = {}, options: ValidateOptions = {}): boolean {
  const when = spec.onlyWhen;
  return (
    spec.presence === 'required' ||
    (spec.presence === 'when-locked' && options.locked === true) ||
    // The choice it belongs to is made; an id left out is 0, no choice (get_list_terms' "no country").
    (when !== undefined && (params[when.param] || '0') === when.equals)
  );
}

/**
 * The error code for one parameter's value, or undefined when it is acceptable.
 * `params` gives the other values of the call, for rules that depend on them.
 */
export function checkParam(
  spec: ParamSpec,
  value: string | undefined,
  params: Params = {},
  options: ValidateOptions = {},
): string | undefined {
  const required = isRequired(spec, params, options);
  // A parameter that belongs to a choice not made is ignored, as the call ignores it.
  if (spec.onlyWhen && !required) return undefined;
  if (!isPresent(value)) return required ? (spec.missingError ?? spec.error) : undefined;
  if (spec.minLength !== undefined && [...value].length < spec.minLength) return spec.error;
  if (spec.maxLength !== undefined && [...value].length > spec.maxLength) return spec.error;
  if (!kindAccepts(spec, value)) return spec.error;
  if (spec.mustBe !== undefined && value !== spec.mustBe) return spec.missingError ?? spec.error;
  return undefined;
}

/**
 * Every failing field of a call, in parameter-table order, each with the guide's code and
 * message. An empty list means the call may go ahead as far as its tables can tell
 * (whether a country id exists, or a username is free, only the API knows).
 */
export function validate(
  action: ActionName | ActionSpec,
  params: Params,
  options: ValidateOptions = {},
): FieldError[] {
  const spec = resolve(action);
  const errors: FieldError[] = [];
  for (const param of spec.params) {
    const code = checkParam(param, params[param.name], params, options);
    if (code) errors.push({ code, message: errorMessage(code), field: param.name });
  }
  return errors;
}

/** Names in `params` that the call does not take. */
export function unknownParams(action: ActionName | ActionSpec, params: Params): string[] {
  const spec = resolve(action);
  const known = new Set(spec.params.map((p) => p.name));
  return Object.keys(params).filter((name) => !known.has(name));
}

/** The parameter `name` of a call, for forms that set input constraints from it. */
export function paramSpec(action: ActionName, name: string): ParamSpec | undefined {
  return resolve(action).params.find((p) => p.name === name);
}

/**
 * The parameter a Connect API error code points at in a call (431 -> user), so an answer
 * from the API can mark the failing field. Undefined for codes about the call as a whole.
 */
export function fieldForCode(action: ActionName | ActionSpec, code: string): string | undefined {
  const spec = typeof action === 'string' ? getAction(action) : action;
  return spec?.params.find((p) => p.error === code || p.missingError === code)?.name;
}

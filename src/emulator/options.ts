/**
 * The emulator's options: one typed object, each option with its default, merged once by
 * `resolveOptions`.
 */

/** What `createEmulator` accepts. Only `tokens` is required. */
export interface EmulatorOptions {
  /** Tokens the endpoint `/<token>` accepts; any other path answers 005. */
  readonly tokens: readonly string[];
  /** Origin of every URL handed out (activation links, terms, buy page). Default: the origin of the request being answered. */
  readonly origin?: string;
  /** Current time in milliseconds. Default `Date.now`. */
  readonly clock?: () => number;
  /** Random bytes for ids, codes, passwords and captcha noise. Default `crypto.getRandomValues`. */
  readonly randomBytes?: (length: number) => Uint8Array;
  /** Answer 009 to a call not made over https (a call in the same process has no TLS). Default false (the emulator runs on loopback http). */
  readonly requireHttps?: boolean;
  /** Mobile numbers starting with one of these are blocked (100). Default `['447700900']`, Ofcom's range for fictional UK numbers. */
  readonly blockedMobilePrefixes?: readonly string[];
  /** Mobile numbers starting with one of these are not covered (101), as are numbers that start with no country's dial prefix. Default `['672']` (Antarctica and Norfolk Island). */
  readonly uncoveredMobilePrefixes?: readonly string[];
  /** SMS activation messages one account may be sent; the next answers 102. Default 5. */
  readonly maxSmsSends?: number;
  /** ISO 3166 codes of embargoed countries: register answers 106 for them. Default `['CU', 'IR', 'KP', 'SY']`. */
  readonly embargoedCountries?: readonly string[];
  /** Coupon codes (matched ignoring case): `true` redeems, a string is why the coupon is refused (109). Any other code answers 109 "unknown coupon". Default: see DEFAULT_COUPONS. */
  readonly coupons?: Readonly<Record<string, true | string>>;
  /** The emulator's geo-IP: IP address prefixes to ISO codes, longest prefix wins. Default: the three documentation ranges, see DEFAULT_GEO_IP. */
  readonly geoIp?: Readonly<Record<string, string>>;
  /** ISO codes of countries with terms of their own; the rest get the main version. Default `['ZA', 'US', 'GB', 'IN']`. */
  readonly termsCountries?: readonly string[];
  /** Largest request body in bytes; larger ones answer 999. Default 1,000,000. */
  readonly maxBodyBytes?: number;
  /** Where the emulator says why it answered 999 or 414 (the answer itself carries only the guide's text). Default standard error. */
  readonly log?: (line: string) => void;
}

/** The coupons known when the options name none. */
export const DEFAULT_COUPONS: Readonly<Record<string, true | string>> = {
  WELCOME10: true,
  FREE50: true,
  DEVTEST: true,
  EXPIRED2011: 'the coupon EXPIRED2011 expired on 31 December 2011',
  USEDUP: 'the coupon USEDUP has been redeemed the maximum number of times',
};

/** The geo-IP table used when the options give none: RFC 5737 documentation ranges. */
export const DEFAULT_GEO_IP: Readonly<Record<string, string>> = {
  '192.0.2.': 'ZA',
  '198.51.100.': 'US',
  '203.0.113.': 'GB',
};

/** Options with every default filled in. */
export interface ResolvedOptions {
  readonly tokens: readonly string[];
  readonly origin: string | undefined;
  readonly clock: () => number;
  readonly randomBytes: (length: number) => Uint8Array;
  readonly requireHttps: boolean;
  readonly blockedMobilePrefixes: readonly string[];
  readonly uncoveredMobilePrefixes: readonly string[];
  readonly maxSmsSends: number;
  readonly embargoedCountries: readonly string[];
  readonly coupons: Readonly<Record<string, true | string>>;
  readonly geoIp: Readonly<Record<string, string>>;
  readonly termsCountries: readonly string[];
  readonly maxBodyBytes: number;
  readonly log: (line: string) => void;
}

/** Merges `options` over the defaults, once. */
export function resolveOptions(options: EmulatorOptions): ResolvedOptions {
  if (
    !Array.isArray(options.tokens) ||
    options.tokens.some((t) => typeof t !== 'string' || !/^[^/?#\s]+$/.test(t))
  ) {
    throw new TypeError(
      'createEmulator: tokens must be a list of non-empty strings without "/", "?", "#" or spaces.',
    );
  }
  const coupons: Record<string, true | string> = {};
  for (const [code, outcome] of Object.entries(options.coupons ?? DEFAULT_COUPONS))
    coupons[code.toUpperCase()] = outcome;
  return {
    tokens: [...options.tokens],
    origin: options.origin?.replace(/\/+$/, ''),
    clock: options.clock ?? Date.now,
    randomBytes: options.randomBytes ?? ((length) => crypto.getRandomValues(new Uint8Array(length))),
    requireHttps: options.requireHttps ?? false,
    blockedMobilePrefixes: options.blockedMobilePrefixes ?? ['447700900'],
    uncoveredMobilePrefixes: options.uncoveredMobilePrefixes ?? ['672'],
    maxSmsSends: options.maxSmsSends ?? 5,
    embargoedCountries: (options.embargoedCountries ?? ['CU', 'IR', 'KP', 'SY']).map((c) => c.toUpperCase()),
    coupons,
    geoIp: options.geoIp ?? DEFAULT_GEO_IP,
    termsCountries: (options.termsCountries ?? ['ZA', 'US', 'GB', 'IN']).map((c) => c.toUpperCase()),
    maxBodyBytes: options.maxBodyBytes ?? 1_000_000,
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
  };
}

/** A deterministic `randomBytes` for tests and demos (mulberry32); never for secrets. */
export function seededRandomBytes(seed: number): (length: number) => Uint8Array {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
  return (length) => {
    const out = new Uint8Array(length);
    for (let i = 0; i < length; i++) out[i] = next() & 0xff;
    return out;
  };
}

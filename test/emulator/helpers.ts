/**
 * Fixtures of the emulator tests: an emulator with a hand-driven clock and seeded
 * randomness, a client that calls it with plain Requests or over real loopback HTTP, and
 * short-cuts through an account's life cycle.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildRequest, formBody, parseResponse, type ResponseDocument } from '../../src/protocol/xml.ts';
import { toNodeListener } from '../../src/server/node.ts';
import {
  createEmulator,
  seededRandomBytes,
  type Emulator,
  type EmulatorOptions,
} from '../../src/emulator/index.ts';

export const TOKEN = 'd36eb2ac5c1ff07bca6782caed861fc5';
export const ORIGIN = 'http://emulator.test';
export const START = Date.UTC(2026, 10, 25, 12, 0, 0);

/** A clock tests move by hand. */
export interface ManualClock {
  (): number;
  advance(ms: number): void;
}

export function manualClock(start = START): ManualClock {
  let now = start;
  const clock = (() => now) as ManualClock;
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

export interface Fixture {
  readonly emulator: Emulator;
  /** What the emulator logged. */
  readonly logged: string[];
  readonly clock: ManualClock;
  /** Calls the emulator with a plain Request and decodes the answer. */
  call(action: string, params?: Record<string, string>, options?: { ip?: string }): Promise<ResponseDocument>;
  /** Sends a raw request to the emulator's fetch. */
  fetch(path: string, init?: RequestInit, ip?: string): Promise<Response>;
}

export function fixture(options: Partial<EmulatorOptions> = {}): Fixture {
  const clock = manualClock();
  const logged: string[] = [];
  const emulator = createEmulator({
    tokens: [TOKEN],
    clock,
    randomBytes: seededRandomBytes(42),
    log: (line) => logged.push(line),
    ...options,
  });
  const fetch = (path: string, init: RequestInit = {}, ip = '192.168.1.10'): Promise<Response> =>
    emulator.fetch(new Request(new URL(path, ORIGIN), init), { remoteAddress: ip });
  const call = async (action: string, params: Record<string, string> = {}, opts: { ip?: string } = {}) => {
    const response = await fetch(
      `/${TOKEN}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(buildRequest(action, params)),
      },
      opts.ip,
    );
    return parseResponse(await response.text());
  };
  return { emulator, logged, call, clock, fetch };
}

/** The codes of an answer, or ['ok'] for a success: compact to assert on. */
export function codes(doc: ResponseDocument): string[] {
  return doc.result === 'Success' ? ['ok'] : doc.errors.map((e) => e.code);
}

/** A fresh captcha and its code, read through the emulator's helper. */
export async function solvedCaptcha(f: Fixture): Promise<{ captcha_id: string; captcha_code: string }> {
  const doc = await f.call('get_captcha');
  const id = doc.values[0]!['captcha_id']!;
  return { captcha_id: id, captcha_code: f.emulator.captchaCode(id)! };
}

export const PASSWORD = 's3cret99';

/** The parameters of a valid registration, without a captcha. */
export function registration(user = 'jdoe', extra: Record<string, string> = {}): Record<string, string> {
  return {
    user,
    password: PASSWORD,
    fname: 'José',
    sname: "O'Brien",
    email_address: `${user}@example.com`,
    country_id: '209',
    mobile_number: '27831234567',
    accept_terms: '1',
    ...extra,
  };
}

/** Registers `user` (a success is asserted by the caller's later steps). */
export async function register(
  f: Fixture,
  user = 'jdoe',
  extra: Record<string, string> = {},
): Promise<ResponseDocument> {
  return f.call('register', { ...registration(user, extra), ...(await solvedCaptcha(f)) });
}

/** The newest outbox message to `to`. */
export function lastMessageTo(f: Fixture, to: string) {
  return f.emulator
    .outbox()
    .filter((m) => m.to === to)
    .at(-1);
}

/** Opens the newest activation link sent to `email`. */
export async function openActivationLink(f: Fixture, email: string): Promise<Response> {
  const link = lastMessageTo(f, email)?.link;
  if (!link) throw new Error(`no activation link was sent to ${email}`);
  return f.fetch(new URL(link).pathname);
}

/** Registers and email activates `user`. */
export async function emailActivated(
  f: Fixture,
  user = 'jdoe',
  extra: Record<string, string> = {},
): Promise<void> {
  const doc = await register(f, user, extra);
  if (doc.result !== 'Success') throw new Error(`registration failed: ${JSON.stringify(doc.errors)}`);
  await openActivationLink(f, extra['email_address'] ?? `${user}@example.com`);
}

/** Registers, email activates and SMS activates `user`. */
export async function fullyActivated(f: Fixture, user = 'jdoe'): Promise<void> {
  await emailActivated(f, user);
  const sent = await f.call('send_activation_sms', { user, password: PASSWORD });
  if (sent.result !== 'Success')
    throw new Error(`send_activation_sms failed: ${JSON.stringify(sent.errors)}`);
  const code = lastMessageTo(f, '27831234567')!.code!;
  const valid = await f.call('validate_activation_sms', {
    user,
    password: PASSWORD,
    sms_activation_code: code,
  });
  if (valid.result !== 'Success')
    throw new Error(`validate_activation_sms failed: ${JSON.stringify(valid.errors)}`);
}

/** `handler` served on a fresh port of 127.0.0.1. */
export async function serve(
  emulator: Emulator,
): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const server = createServer(toNodeListener(emulator));
  server.keepAliveTimeout = 1;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

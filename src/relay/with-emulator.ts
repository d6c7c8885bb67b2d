/**
 * The relay in front of an emulator in the same process, with the emulator's admin API
 * beside it: what `ct-connect relay --emulator`, `npm start` and the package's own tests
 * run. Nothing leaves the machine.
 */
import { randomBytes } from 'node:crypto';
// emulator.ts, not the emulator's index, which re-exports this module: no import cycle.
import { createEmulator, type Emulator } from '../emulator/emulator.ts';
import type { FetchHandler } from '../server/http.ts';
import { createRelay, type Relay, type RelayOptions } from './relay.ts';

export interface RelayWithEmulatorOptions extends Omit<RelayOptions, 'upstream' | 'token' | 'sessionSecret'> {
  /** The origin the page is served from: the emulator's links (activation, terms, buy page) point there. */
  readonly origin: string;
  /** The token the relay uses; default a fresh random one. */
  readonly token?: string;
  /** The session cookie secret; default a fresh random one (sessions then end with the process). */
  readonly sessionSecret?: string;
}

export interface RelayWithEmulator {
  readonly relay: Relay;
  readonly emulator: Emulator;
  /** Serves the relay's endpoints and the emulator's admin API under `/_emulator/`. */
  readonly handler: FetchHandler & { handles(url: URL): boolean };
}

/** A relay whose upstream is an in-process emulator, trusted for the URLs it hands out. */
export function createRelayWithEmulator(options: RelayWithEmulatorOptions): RelayWithEmulator {
  const { origin, token = randomBytes(16).toString('hex'), sessionSecret, ...relayOptions } = options;
  const emulator = createEmulator({ tokens: [token], origin });
  const relay = createRelay({
    ...relayOptions,
    upstream: emulator,
    token,
    sessionSecret: sessionSecret ?? randomBytes(32).toString('hex'),
    devOrigins: [origin, ...(relayOptions.devOrigins ?? [])],
  });
  const isAdmin = (url: URL) => url.pathname.startsWith('/_emulator/');
  return {
    relay,
    emulator,
    handler: {
      fetch: (request, info) =>
        isAdmin(new URL(request.url)) ? emulator.fetch(request, info) : relay.fetch(request, info),
      handles: (url) => isAdmin(url) || relay.handles(url),
    },
  };
}

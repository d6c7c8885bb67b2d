/** The emulator's public surface (server side only). */
export { createEmulator, type Emulator } from './emulator.ts';
export {
  DEFAULT_COUPONS,
  DEFAULT_GEO_IP,
  resolveOptions,
  seededRandomBytes,
  type EmulatorOptions,
  type ResolvedOptions,
} from './options.ts';
export {
  StateError,
  emptyState,
  type EmulatorState,
  type OutboxMessage,
  type AccountRecord,
} from './store.ts';
export { COUNTRIES, COUNTRY_PREFIXES, countryById, countryByIso, type Country } from './countries.ts';
export { CAPTCHA_ALPHABET, renderCaptchaPng } from './captcha-png.ts';
export { ADMIN_ROUTES } from './admin.ts';
// The relay in front of an in-process emulator lives here, not in ct-connect/relay, so a
// production relay never loads emulator code.
export {
  createRelayWithEmulator,
  type RelayWithEmulator,
  type RelayWithEmulatorOptions,
} from '../relay/with-emulator.ts';

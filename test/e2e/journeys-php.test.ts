/**
 * The journeys of journeys.test.ts, unchanged, against the PHP relay (php/relay under PHP's
 * built-in server, in front of the same emulator over loopback HTTP), which the test runner
 * serves at /connect-php (web-test-runner.config.mjs).
 */
(globalThis as { ctJourneyEndpoint?: string }).ctJourneyEndpoint = '/connect-php';
await import('./journeys.test.ts');

/**
 * The hostile HTML terms of terms-csp.test.ts, unchanged, through the PHP relay (php/relay
 * under PHP's built-in server, its terms tree made by DOMDocument), which the test runner
 * serves at /connect-php-hostile (web-test-runner.config.mjs).
 */
(globalThis as { ctTermsEndpoint?: string }).ctTermsEndpoint = '/connect-php-hostile';
await import('./terms-csp.test.ts');

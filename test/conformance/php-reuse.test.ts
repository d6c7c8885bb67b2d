/**
 * The Node relay's tests of bad input and upstream faults, run unchanged against the PHP
 * relay: with CT_RELAY_UNDER_TEST=php, test/relay/helpers.ts's relayOver starts the PHP
 * relay under PHP's built-in server instead of the Node relay.
 */
import { describe } from 'node:test';
import { phpAvailable } from './php-relay.ts';

process.env['CT_RELAY_UNDER_TEST'] = 'php';

if (phpAvailable()) {
  await import('../relay/injection.test.ts');
  await import('../relay/faults.test.ts');
} else {
  describe(
    'the PHP relay against the injection corpus and upstream faults',
    { skip: 'php with curl, dom and sodium is not installed' },
    () => {},
  );
}

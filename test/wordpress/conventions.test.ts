/**
 * The WordPress plugin follows WordPress's conventions: the coding standard (phpcs with
 * php/wordpress-plugin/phpcs.xml.dist, the closest to WPCS that Debian's packages allow;
 * see that file), the plugin's text domain on every translated string, and the plugin's
 * prefix on every global function, class, constant, option and hook (conventions.php).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PLUGIN = 'php/wordpress-plugin';

test(
  'the plugin and its test PHP pass the coding standard (phpcs)',
  {
    skip: existsSync('/usr/bin/phpcs')
      ? false
      : 'phpcs is not installed (Debian: php-codesniffer; .ci/run installs it)',
  },
  async () => {
    try {
      await run('phpcs', ['--no-colors', '--report=full'], { cwd: PLUGIN, maxBuffer: 10_000_000 });
    } catch (error) {
      assert.fail((error as { stdout?: string }).stdout || String(error));
    }
  },
);

test(
  'translated strings carry the ct-connect text domain; functions, classes, constants, options and hooks the ct_connect_ prefix',
  {
    skip: existsSync('/usr/bin/php') ? false : 'php-cli is not installed',
  },
  async () => {
    const { stdout } = await run('php', ['test/wordpress/conventions.php', `${PLUGIN}/ct-connect`]);
    assert.deepEqual(JSON.parse(stdout), []);
  },
);

/**
 * A real WordPress for the tests, on this machine: Debian's `wordpress` package (the code in
 * /usr/share/wordpress), a private MariaDB (its own data folder and socket, no network, no
 * grant tables: nothing else can reach it) and PHP's built-in server with router.php, all
 * in a temporary folder that stop() removes. Debian's wp-config.php reads
 * /etc/wordpress/config-ct-connect-test.php (written here once), which loads the
 * temporary site's own config file. See docs in README's WordPress section.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';

const run = promisify(execFile);
const HERE = fileURLToPath(new URL('.', import.meta.url));
const WORDPRESS = '/usr/share/wordpress';
const DEBIAN_CONFIG = '/etc/wordpress/config-ct-connect-test.php';

export interface Site {
  url: string;
  /** The site's wp-content folder (plugins, uploads, the relay's storage). */
  contentDir: string;
  adminPassword: string;
  editorPassword: string;
  /** Runs test/wordpress/wp.php with `args`; resolves with its JSON answer. */
  wp(...args: string[]): Promise<unknown>;
  /** What PHP's server and WordPress's debug log wrote (for failure messages). */
  logs(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 60_000,
): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end)
      throw new Error(`WordPress test site: ${what} did not happen within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether this machine has what the site needs (Debian packages; see .ci/run). */
export function missingPackages(): string[] {
  const needs: [string, string][] = [
    [join(WORDPRESS, 'wp-settings.php'), 'wordpress'],
    ['/usr/sbin/mariadbd', 'mariadb-server'],
    ['/usr/bin/php', 'php-cli'],
  ];
  return needs.filter(([path]) => !existsSync(path)).map(([, pkg]) => pkg);
}

export async function startSite(): Promise<Site> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-connect-wp-'));
  chmodSync(dir, 0o755);
  const children: ChildProcess[] = [];
  let output = '';
  const stop = async () => {
    for (const child of children.reverse()) {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        // Each child leads its own process group: PHP's server forks its workers into it.
        const signal = (name: NodeJS.Signals) => {
          try {
            process.kill(-child.pid!, name);
          } catch {
            // already gone
          }
        };
        signal('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null && child.signalCode === null) signal('SIGKILL');
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    // ---- MariaDB: private data folder, socket only
    const db = join(dir, 'db');
    mkdirSync(db);
    const mysqlUid = Number(execFileSync('id', ['-u', 'mysql']).toString().trim());
    chownSync(db, mysqlUid, -1);
    await run('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${db}`,
      '--user=mysql',
      '--skip-test-db',
      '--auth-root-authentication-method=normal',
    ]);
    const socket = join(db, 'mysql.sock');
    const mariadb = spawn(
      '/usr/sbin/mariadbd',
      [
        '--no-defaults',
        `--datadir=${db}`,
        `--socket=${socket}`,
        `--pid-file=${join(db, 'mariadb.pid')}`,
        `--log-error=${join(db, 'mariadb.err')}`,
        '--skip-networking',
        '--skip-grant-tables',
        '--user=mysql',
      ],
      { stdio: 'ignore', detached: true },
    );
    children.push(mariadb);
    await until('MariaDB start', async () => {
      await run('mariadb', ['-S', socket, '-e', 'CREATE DATABASE IF NOT EXISTS wordpress']);
      return true;
    });

    // ---- the site's content folder and config
    const content = join(dir, 'content');
    for (const sub of ['plugins', 'themes', 'uploads', 'upgrade', 'mu-plugins'])
      mkdirSync(join(content, sub), { recursive: true });
    symlinkSync(
      join(WORDPRESS, 'wp-content/themes/twentytwentythree'),
      join(content, 'themes/twentytwentythree'),
    );
    writeFileSync(
      join(content, 'mu-plugins/ct-connect-test-site.php'),
      `<?php
// The test site has no mail server: nothing is sent.
add_filter( 'pre_wp_mail', '__return_false' );
// The REST API closed to visitors, as security plugins offer: the relay must not depend on it.
add_filter( 'rest_authentication_errors', static function ( $result ) {
	if ( null === $result && ! is_user_logged_in() ) {
		return new WP_Error( 'rest_closed', 'The REST API is closed to visitors on this site.', array( 'status' => 401 ) );
	}
	return $result;
} );
// A shorter upstream timeout and another upstream when a test sets them, through the
// plugin's documented filter.
add_filter( 'ct_connect_relay_options', static function ( $config ) {
	$timeout = (int) get_option( 'ct_connect_test_timeout_ms', 0 );
	if ( $timeout > 0 ) {
		$config['timeout_ms'] = $timeout;
	}
	// Live mode, with the emulator standing in for https://connect.clickatell.com.
	$upstream = (string) get_option( 'ct_connect_test_upstream', '' );
	if ( '' !== $upstream ) {
		$config['upstream']    = $upstream;
		$config['dev_origins'] = array( $upstream );
	}
	return $config;
} );
`,
    );
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const salt = () => randomBytes(24).toString('hex');
    const config = join(dir, 'wp-config.php');
    writeFileSync(
      config,
      `<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:${socket}' );
define( 'WP_CONTENT_DIR', '${content}' );
define( 'WP_CONTENT_URL', '${url}/wp-content' );
define( 'WP_HOME', '${url}' );
define( 'WP_SITEURL', '${url}' );
define( 'FS_METHOD', 'direct' );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'DISABLE_WP_CRON', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', '${join(dir, 'debug.log')}' );
${['AUTH_KEY', 'SECURE_AUTH_KEY', 'LOGGED_IN_KEY', 'NONCE_KEY', 'AUTH_SALT', 'SECURE_AUTH_SALT', 'LOGGED_IN_SALT', 'NONCE_SALT'].map((k) => `define( '${k}', '${salt()}' );`).join('\n')}
`,
    );
    writeFileSync(
      DEBIAN_CONFIG,
      `<?php
// Written by ct-connect's WordPress tests (test/wordpress/site.ts): loads the running test site's config.
$ct_connect_test_config = getenv( 'CT_CONNECT_WP_CONFIG' );
if ( is_string( $ct_connect_test_config ) && is_file( $ct_connect_test_config ) ) {
	require $ct_connect_test_config;
}
`,
    );
    const env = {
      ...process.env,
      CT_CONNECT_WP_CONFIG: config,
      CT_CONNECT_WP_CONTENT: content,
      CT_CONNECT_WP_URL: url,
    };

    // ---- PHP's built-in server, a few workers so that the page's parallel requests are served
    const php = spawn(
      'php',
      [
        '-d',
        'opcache.revalidate_freq=0',
        '-d',
        'display_errors=0',
        '-S',
        `127.0.0.1:${port}`,
        '-t',
        WORDPRESS,
        join(HERE, 'router.php'),
      ],
      { env: { ...env, PHP_CLI_SERVER_WORKERS: '4' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    children.push(php);
    php.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    php.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    await until('PHP server start', async () => {
      await fetch(`${url}/wp-login.php`);
      return true;
    });

    const logs = () => {
      const debug = join(dir, 'debug.log');
      return `${output}\n${existsSync(debug) ? execFileSync('tail', ['-n', '50', debug]).toString() : ''}`;
    };
    const wp = async (...args: string[]) => {
      try {
        const { stdout } = await run('php', [join(HERE, 'wp.php'), ...args], { env, maxBuffer: 10_000_000 });
        return JSON.parse(stdout.trim().split('\n').at(-1)!) as unknown;
      } catch (error) {
        const e = error as { stderr?: string; stdout?: string; message: string };
        const said = (e.stderr || e.stdout || e.message).replace(/<style[^]*<\/style>/, '');
        throw new Error(`wp.php ${args[0]} failed: ${said}\n${logs()}`);
      }
    };
    const adminPassword = randomBytes(12).toString('hex');
    const editorPassword = randomBytes(12).toString('hex');
    await wp('install', adminPassword, editorPassword);
    return { url, contentDir: content, adminPassword, editorPassword, wp, logs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * The PHP relay (php/relay) served by PHP's built-in server on a free port of 127.0.0.1,
 * configured through its environment variables, with its log lines kept in a file. Tests
 * use it as they use the Node relay.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PHP_INDEX = fileURLToPath(new URL('../../php/relay/index.php', import.meta.url));

/** Whether a php with the extensions the relay needs (and `extra` ones) is on PATH. */
export function phpAvailable(...extra: string[]): boolean {
  const needed = ['curl', 'dom', 'sodium', ...extra]
    .map((name) => `extension_loaded('${name}')`)
    .join(' && ');
  const probe = spawnSync('php', ['-r', `echo ${needed} ? 'yes' : 'no';`], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout.trim() === 'yes';
}

export interface PhpRelay {
  /** The server's base URL, http://127.0.0.1:<port>. */
  readonly url: string;
  /** The lines the relay logged so far. */
  readonly lines: string[];
  close(): Promise<void>;
}

/** `config` keys are the relay's option names (snake_case); values strings as in the environment. */
export async function startPhpRelay(
  config: Record<string, string>,
  configFile?: string,
  phpSettings: readonly string[] = [],
): Promise<PhpRelay & { readonly stderr: () => string }> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-php-relay-'));
  const logFile = join(dir, 'relay.log');
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  for (const [key, value] of Object.entries({
    storage_dir: join(dir, 'store'),
    log_file: logFile,
    ...config,
  }))
    env[`CT_CONNECT_${key.toUpperCase()}`] = value;
  // No config.php is read unless one is named: the environment is the whole configuration.
  env['CT_CONNECT_CONFIG'] = configFile ?? join(dir, 'none.php');
  const child: ChildProcess = spawn(
    'php',
    [
      '-d',
      'apc.enable_cli=1',
      ...phpSettings.flatMap((setting) => ['-d', setting]),
      '-S',
      '127.0.0.1:0',
      PHP_INDEX,
    ],
    {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let text = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Every line is kept (the relay's error_log lines among the server's access lines),
    // which also drains the pipe so it never fills.
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      const match = /Development Server \((http:\/\/127\.0\.0\.1:\d+)\) started/.exec(text);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`php -S exited with ${code}: ${text}`)));
    child.once('error', reject);
  });
  return {
    url,
    stderr: () => text,
    get lines() {
      try {
        return readFileSync(logFile, 'utf8')
          .split('\n')
          .filter((line) => line !== '');
      } catch {
        return [];
      }
    },
    async close() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Relay options (the Node relay's names) as the PHP relay's, for tests shared by both relays. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  token: 'token',
  sessionSecret: 'session_secret',
  path: 'path',
  allowOrigins: 'allow_origins',
  devOrigins: 'dev_origins',
  trustedHosts: 'trusted_hosts',
  crossSite: 'cross_site',
  timeoutMs: 'timeout_ms',
  trustProxy: 'trust_proxy',
  allowedActions: 'allowed_actions',
  listCacheMs: 'list_cache_ms',
  maxBodyBytes: 'max_body_bytes',
  maxUpstreamBytes: 'max_upstream_bytes',
  maxParamLength: 'max_param_length',
  sessionMaxAgeS: 'session_max_age_s',
  sessionIdleS: 'session_idle_s',
};

// Options that only concern how the Node relay runs: the PHP relay logs to its file and
// reaches its upstream over curl.
const NODE_ONLY = new Set(['log', 'fetch', 'upstream']);

/**
 * The PHP relay in front of `upstream` with the Node relay's options, as test/relay's
 * relayOver starts it when CT_RELAY_UNDER_TEST=php. An option it cannot take (an
 * in-process upstream, a clock) fails the test instead of being ignored.
 */
export async function phpRelayOver(
  upstream: unknown,
  options: Readonly<Record<string, unknown>>,
): Promise<PhpRelay> {
  if (typeof upstream !== 'string')
    throw new Error('The PHP relay reaches its upstream over HTTP: give it a URL.');
  const config: Record<string, string> = { upstream };
  for (const [name, value] of Object.entries(options)) {
    if (value === undefined || NODE_ONLY.has(name)) continue;
    if (name === 'rateLimits' || name === 'signInLimits') {
      const prefix = name === 'rateLimits' ? 'rate' : 'sign_in';
      for (const [scope, budget] of Object.entries(
        value as Record<string, { points: number; durationS: number }>,
      )) {
        const who = scope === 'perIp' ? 'ip' : 'user';
        if (name === 'rateLimits') {
          config[`${prefix}_${who}_points`] = String(budget.points);
          config[`${prefix}_${who}_window_s`] = String(budget.durationS);
        } else {
          config[`sign_in_${who}_failures`] = String(budget.points);
          config['sign_in_window_s'] = String(budget.durationS);
        }
      }
      continue;
    }
    const key = OPTION_NAMES[name];
    if (key === undefined) throw new Error(`The PHP relay has no counterpart of the option ${name}.`);
    config[key] = Array.isArray(value) ? value.join(',') : String(value);
  }
  return startPhpRelay(config);
}

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

/** Whether a php with the extensions the relay needs is on PATH. */
export function phpAvailable(): boolean {
  const probe = spawnSync(
    'php',
    [
      '-r',
      'echo extension_loaded("curl") && extension_loaded("dom") && extension_loaded("sodium") ? "yes" : "no";',
    ],
    {
      encoding: 'utf8',
    },
  );
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
export async function startPhpRelay(config: Record<string, string>): Promise<PhpRelay> {
  const dir = mkdtempSync(join(tmpdir(), 'ct-php-relay-'));
  const logFile = join(dir, 'relay.log');
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
  for (const [key, value] of Object.entries({
    storage_dir: join(dir, 'store'),
    log_file: logFile,
    ...config,
  }))
    env[`CT_CONNECT_${key.toUpperCase()}`] = value;
  // No config.php is read: the environment is the whole configuration.
  env['CT_CONNECT_CONFIG'] = join(dir, 'none.php');
  const child: ChildProcess = spawn('php', ['-d', 'apc.enable_cli=1', '-S', '127.0.0.1:0', PHP_INDEX], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer): void => {
      text += chunk.toString();
      const match = /Development Server \((http:\/\/127\.0\.0\.1:\d+)\) started/.exec(text);
      if (match) {
        child.stderr!.off('data', onData);
        // Keep draining the server's own access lines so its pipe never fills.
        child.stderr!.resume();
        resolve(match[1]!);
      }
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`php -S exited with ${code}: ${text}`)));
    child.once('error', reject);
  });
  return {
    url,
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

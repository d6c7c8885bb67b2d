/**
 * `ct-connect emulator`: serves the Connect API emulator on this machine, loopback by
 * default. Prints its URL and the token endpoint; stops cleanly on SIGINT and SIGTERM.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { serveUntilSignal, toNodeListener } from '../server/node.ts';
import { createEmulator } from './emulator.ts';

const usage = `Usage: ct-connect emulator [options]

Runs the Clickatell Connect API emulator: the API at /<token>, the admin API at /_emulator/.

Options:
  --port <n>     port to listen on (default 8787; 0 picks a free one)
  --host <host>  address to bind (default 127.0.0.1)
  --token <t>    a token the emulator accepts (repeatable; default: one is generated and printed)
  -h, --help     show this help
`;

/** Runs the command with `args` (the words after "emulator"); resolves with the exit code when the server stops. */
export async function main(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        port: { type: 'string', default: '8787' },
        host: { type: 'string', default: '127.0.0.1' },
        token: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    process.stderr.write(
      `ct-connect emulator: ${error instanceof Error ? error.message : String(error)}\n\n${usage}`,
    );
    return 1;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`ct-connect emulator: --port must be a whole number from 0 to 65535\n`);
    return 1;
  }
  const tokens = values.token ?? [randomBytes(16).toString('hex')];
  const emulator = createEmulator({ tokens });
  const server = createServer(toNodeListener(emulator));

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, values.host, () => resolve());
    });
  } catch (error) {
    process.stderr.write(
      `ct-connect emulator: cannot listen on ${values.host}:${port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return 1;
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const base = `http://${host}:${address.port}/`;
  process.stdout.write(`Connect API emulator at ${base} (token endpoint ${base}${tokens[0]})\n`);
  for (const extra of tokens.slice(1))
    process.stdout.write(`  also accepting token endpoint ${base}${extra}\n`);
  process.stdout.write(`Admin API: ${base}_emulator/ (outbox, captcha answers, state, reset)\n`);

  return serveUntilSignal(server);
}

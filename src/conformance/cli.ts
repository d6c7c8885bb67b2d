/**
 * `ct-connect conformance`: runs the conformance suite of the browser-relay contract
 * against a relay in front of the emulator, one line per check and a summary; exits 1
 * when a check fails.
 */
import { parseArgs } from 'node:util';
import { runConformance, type CheckResult } from './suite.ts';

const usage = `Usage: ct-connect conformance --relay <url> [options]

Checks a relay that stands in front of the emulator against the browser-relay contract
(docs/relay.md, "Conformance"). Use a freshly started relay: the last checks leave
rate-limit and failed sign-in counts behind.

Options:
  --relay <url>        the relay's endpoint, e.g. http://127.0.0.1:8080/connect (required)
  --admin <url>        the emulator's base URL, for its admin API (accounts, captcha
                       answers, the outbox); without it the checks that need them are skipped
  --origin <origin>    an origin the relay allows cross-origin, for the CORS checks
  --down-relay <url>   the relay configured with an upstream where nothing listens
  --slow-relay <url>   the relay configured with an upstream that never answers (and a
                       timeout shorter than a minute)
  --token <token>      the token the relay holds, to check that no answer carries it
  --skip <name>        skip the check with this name (repeatable)
  -h, --help           this text
`;

export async function main(args: readonly string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        relay: { type: 'string' },
        admin: { type: 'string' },
        origin: { type: 'string' },
        'down-relay': { type: 'string' },
        'slow-relay': { type: 'string' },
        token: { type: 'string' },
        skip: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`ct-connect conformance: ${(error as Error).message}\n\n${usage}`);
    return 1;
  }
  if (values.help) {
    process.stdout.write(usage);
    return 0;
  }
  if (values.relay === undefined) {
    process.stderr.write(`ct-connect conformance: --relay is required\n\n${usage}`);
    return 1;
  }
  const line = (result: CheckResult): void => {
    const mark = { pass: 'pass', fail: 'FAIL', skip: 'skip' }[result.outcome];
    const detail = result.detail === undefined ? '' : ` (${result.detail})`;
    process.stdout.write(`${mark}  ${result.name}${detail}\n`);
  };
  const results = await runConformance(
    {
      relay: values.relay,
      admin: values.admin,
      origin: values.origin,
      downRelay: values['down-relay'],
      slowRelay: values['slow-relay'],
      token: values.token,
      skip: values.skip,
    },
    line,
  );
  const count = (outcome: CheckResult['outcome']): number =>
    results.filter((r) => r.outcome === outcome).length;
  const skipped = count('skip');
  process.stdout.write(
    `${count('pass')} passed, ${count('fail')} failed${skipped > 0 ? `, ${skipped} skipped` : ''}\n`,
  );
  return count('fail') > 0 ? 1 : 0;
}

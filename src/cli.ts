/**
 * `ct-connect relay|emulator|dev`: the package's command line. Each command lives beside
 * the code it runs and parses its own flags.
 */
const usage = `Usage: ct-connect <command> [options]

Commands:
  emulator   run the Connect API emulator (ct-connect emulator --help)
  relay      run the relay in front of the Connect API or the emulator (ct-connect relay --help)
  dev        serve the demo page with the relay and an in-process emulator (npm start)
`;

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'emulator':
      return (await import('./emulator/cli.ts')).main(args);
    case 'relay':
      return (await import('./relay/cli.ts')).main(args);
    case 'dev':
      return (await import('./dev.ts')).main(args);
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(usage);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`ct-connect: unknown command "${command}"\n\n${usage}`);
      return 1;
  }
}

main().then(
  (code) => {
    if (code !== 0) process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`ct-connect: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);

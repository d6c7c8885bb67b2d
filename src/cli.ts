/**
 * `ct-connect relay|emulator|dev`: the package's command line. Each command lives beside
 * the code it runs and parses its own flags.
 */
import { existsSync } from 'node:fs';

const usage = `Usage: ct-connect <command> [options]

Commands:
  emulator   run the Connect API emulator (ct-connect emulator --help)
  relay      run the relay in front of the Connect API or the emulator (ct-connect relay --help)
  conformance  check a relay against the browser-relay contract (ct-connect conformance --help)
  dev        serve the demo page with the relay and an in-process emulator (npm start;
             in a clone of the repository, which has the demo and its dev server)
`;

const [command, ...args] = process.argv.slice(2);

async function main(): Promise<number> {
  switch (command) {
    case 'emulator':
      return (await import('./emulator/cli.ts')).main(args);
    case 'relay':
      return (await import('./relay/cli.ts')).main(args);
    case 'conformance':
      return (await import('./conformance/cli.ts')).main(args);
    case 'dev':
      // The package ships neither the demo page nor Vite, which serves it.
      if (!existsSync(new URL('../demo/index.html', import.meta.url))) {
        process.stderr.write(
          'ct-connect dev serves the demo of a clone of the repository (git clone, npm install, npm start);\n' +
            'the installed package does not include it. Try: ct-connect relay --emulator --static <your folder>\n',
        );
        return 1;
      }
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

// `npm run build`: the npm package (ESM per module, with type declarations), the CDN file,
// and custom-elements.json.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildWordPressPlugin } from './wordpress-plugin.js';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run(process.execPath, ['scripts/manifest.js']);
console.log('Built dist/ (package), dist/cdn/ct-connect.min.js (CDN file) and custom-elements.json.');
console.log(`Built ${buildWordPressPlugin()} (the WordPress plugin).`);

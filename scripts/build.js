// `npm run build`: the npm package (ESM per module, with type declarations), the CDN file,
// custom-elements.json, and what frameworks and editors read from it (scripts/frameworks.js).
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { buildWordPressPlugin } from './wordpress-plugin.js';

const run = (command, args) => execFileSync(command, args, { stdio: 'inherit' });

rmSync('dist', { recursive: true, force: true });
run('npx', ['tsc', '-p', 'tsconfig.build.json']);
run('npx', ['vite', 'build', '--logLevel', 'warn']);
run(process.execPath, ['scripts/manifest.js']);
run(process.execPath, ['scripts/frameworks.js']);
console.log(
  'Built dist/ (package, React components, framework types, editor data), dist/cdn/ct-connect.min.js (CDN file) and custom-elements.json.',
);
console.log(`Built ${buildWordPressPlugin()} (the WordPress plugin).`);

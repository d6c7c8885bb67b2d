// Generates custom-elements.json from the elements' JSDoc (@custom-elements-manifest/analyzer)
// and docs/elements.md from it, so the element reference is never retyped by hand.
// `node scripts/manifest.js [outdir]`: writes into outdir (default: the repository).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const outdir = resolve(process.argv[2] ?? '.');
mkdirSync(join(outdir, 'docs'), { recursive: true });
execFileSync(
  process.execPath,
  [
    'node_modules/@custom-elements-manifest/analyzer/cem.js',
    'analyze',
    '--config',
    'custom-elements-manifest.config.mjs',
    '--outdir',
    // The analyzer joins outdir to the working directory, so it must be relative.
    relative(process.cwd(), outdir) || '.',
    '--quiet',
  ],
  { stdio: ['ignore', 'ignore', 'inherit'] },
);
const manifest = JSON.parse(readFileSync(join(outdir, 'custom-elements.json'), 'utf8'));
// The analyzer lists modules in the order its file reads finish, which varies from run to
// run; sorted by path, the same source always gives the same file.
manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
writeFileSync(join(outdir, 'custom-elements.json'), JSON.stringify(manifest, null, 2) + '\n');

const cell = (text) =>
  String(text ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\n+/g, ' ');
const table = (head, rows) =>
  rows.length === 0
    ? ''
    : `| ${head.join(' | ')} |\n| ${head.map(() => '---').join(' | ')} |\n${rows.map((r) => `| ${r.map(cell).join(' | ')} |`).join('\n')}\n\n`;

let out =
  '# Elements\n\nGenerated from `custom-elements.json` by `scripts/manifest.js`; do not edit by hand.\n\n';
const declarations = manifest.modules
  .flatMap((m) => m.declarations ?? [])
  .filter((d) => d.customElement && d.tagName)
  .sort((a, b) => a.tagName.localeCompare(b.tagName));
for (const d of declarations) {
  out += `## \`<${d.tagName}>\`\n\n${d.summary ?? ''}\n\n${d.description ? d.description + '\n\n' : ''}`;
  out += table(
    ['Attribute', 'Property', 'Type', 'Default', 'Description'],
    (d.members ?? [])
      .filter((m) => m.kind === 'field' && !m.static && m.privacy !== 'private' && m.privacy !== 'protected')
      .map((m) => [
        m.attribute ?? (d.attributes ?? []).find((a) => a.fieldName === m.name)?.name ?? '',
        m.name,
        m.type?.text ?? '',
        m.default ?? '',
        m.description ?? '',
      ]),
  );
  out += table(
    ['Event', 'Detail', 'Description'],
    (d.events ?? []).map((e) => [e.name, e.type?.text ?? '', e.description ?? '']),
  );
  out += table(
    ['Slot', 'Description'],
    (d.slots ?? []).map((s) => [s.name || '(default)', s.description ?? '']),
  );
  out += table(
    ['CSS part', 'Description'],
    (d.cssParts ?? []).map((p) => [p.name, p.description ?? '']),
  );
  out += table(
    ['CSS custom property', 'Default', 'Description'],
    (d.cssProperties ?? []).map((p) => [p.name, p.default ?? '', p.description ?? '']),
  );
}
writeFileSync(join(outdir, 'docs', 'elements.md'), out);

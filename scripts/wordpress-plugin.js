// `npm run build`'s last step: the installable WordPress plugin, dist/ct-connect-wordpress.zip.
// The plugin's own PHP (php/wordpress-plugin/ct-connect) plus, copied in at build time:
// the CDN files (dist/cdn/*.js, written by the earlier build steps) as assets/cdn/, the PHP
// relay's code (php/relay/src) as relay/src/, and assets/elements.json, the shortcodes'
// attributes and the theme tokens taken from custom-elements.json.
// Run alone: node scripts/wordpress-plugin.js (after npm run build has written dist/cdn).
import { zipSync } from 'fflate';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

const PLUGIN = 'php/wordpress-plugin/ct-connect';
const RELAY = 'php/relay/src';
const CDN = 'dist/cdn';
export const ZIP = 'dist/ct-connect-wordpress.zip';

/** Every file under `dir` (sorted, so the zip is the same from one build to the next). */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => statSync(join(dir, name)).isFile())
    .sort();
}

/** The attributes' types as the plugin checks them: boolean, number, enum (with its values) or string. */
function attributeType(text = 'string') {
  if (text === 'boolean' || text === 'number') return { type: text };
  const values = [...text.matchAll(/'([^']*)'/g)].map((m) => m[1]);
  if (values.length > 0 && text.replace(/'[^']*'|\|/g, '').trim() === '') return { type: 'enum', values };
  return { type: 'string' };
}

/** assets/elements.json: per element its shortcode and attributes; every --ct-* property. */
export function elementsData(manifest) {
  const elements = {};
  const cssProperties = new Set();
  for (const module of manifest.modules) {
    for (const declaration of module.declarations ?? []) {
      if (!declaration.tagName) continue;
      for (const property of declaration.cssProperties ?? []) cssProperties.add(property.name);
      if (declaration.tagName === 'ct-connect') continue;
      const attributes = {};
      for (const attribute of declaration.attributes ?? [])
        attributes[attribute.name] = attributeType(attribute.type?.text);
      elements[declaration.tagName] = { shortcode: declaration.tagName.replaceAll('-', '_'), attributes };
    }
  }
  return { elements, cssProperties: [...cssProperties].sort() };
}

/** Builds the zip; returns its path. */
export function buildWordPressPlugin() {
  for (const [path, what] of [
    [join(CDN, 'ct-connect.min.js'), 'the CDN file (run npm run build)'],
    [join(RELAY, 'autoload.php'), 'the PHP relay (php/relay/src)'],
  ]) {
    if (!existsSync(path)) throw new Error(`WordPress plugin: ${what} is missing: ${path}`);
  }
  // The same bytes from the same files: a fixed date on every entry.
  const entries = {};
  const add = (name, data) =>
    (entries[`ct-connect/${name.split(sep).join('/')}`] = [data, { level: 9, mtime: new Date(2026, 0, 1) }]);
  for (const file of filesUnder(PLUGIN)) add(file, readFileSync(join(PLUGIN, file)));
  for (const file of filesUnder(CDN).filter((f) => f.endsWith('.js')))
    add(join('assets/cdn', file), readFileSync(join(CDN, file)));
  for (const file of filesUnder(RELAY)) add(join('relay/src', file), readFileSync(join(RELAY, file)));
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  add('assets/elements.json', Buffer.from(`${JSON.stringify(elementsData(manifest), null, 1)}\n`));
  mkdirSync('dist', { recursive: true });
  writeFileSync(ZIP, zipSync(entries));
  return ZIP;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Built ${buildWordPressPlugin()} (the WordPress plugin).`);
}

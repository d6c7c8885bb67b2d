// `npm run build`'s last step: the installable WordPress plugin, dist/ct-connect-wordpress.zip.
// The plugin's own PHP (php/wordpress-plugin/ct-connect) plus, copied in at build time:
// the CDN files (dist/cdn/*.js, written by the earlier build steps) as assets/cdn/, the PHP
// relay's code (php/relay/src) as relay/src/, and assets/elements.json, the shortcodes'
// attributes and the theme tokens taken from custom-elements.json.
// Run alone: node scripts/wordpress-plugin.js (after npm run build has written dist/cdn).
import { deflateRawSync, crc32 } from 'node:zlib';
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

// ---- a zip file (deflate; no dependency) -----------------------------------------------------

function dosTime(date) {
  const time = (date.getHours() << 11) | (date.getMinutes() << 5) | (date.getSeconds() >> 1);
  const day = ((date.getFullYear() - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate();
  return { time, day };
}

/** A zip of `entries` ({name, data}): names with / between folders. */
export function zip(entries, date = new Date(2026, 0, 1)) {
  const { time, day } = dosTime(date);
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const packed = deflateRawSync(data, { level: 9 });
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(day, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    locals.push(local, nameBytes, packed);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x0314, 4); // made by: Unix, 2.0
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(day, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // a regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, nameBytes);
    offset += local.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** Builds the zip; returns its path. */
export function buildWordPressPlugin() {
  for (const [path, what] of [
    [join(CDN, 'ct-connect.min.js'), 'the CDN file (run npm run build)'],
    [join(RELAY, 'autoload.php'), 'the PHP relay (php/relay/src)'],
  ]) {
    if (!existsSync(path)) throw new Error(`WordPress plugin: ${what} is missing: ${path}`);
  }
  const entries = [];
  const add = (name, data) => entries.push({ name: `ct-connect/${name.split(sep).join('/')}`, data });
  for (const file of filesUnder(PLUGIN)) add(file, readFileSync(join(PLUGIN, file)));
  for (const file of filesUnder(CDN).filter((f) => f.endsWith('.js')))
    add(join('assets/cdn', file), readFileSync(join(CDN, file)));
  for (const file of filesUnder(RELAY)) add(join('relay/src', file), readFileSync(join(RELAY, file)));
  const manifest = JSON.parse(readFileSync('custom-elements.json', 'utf8'));
  add('assets/elements.json', Buffer.from(`${JSON.stringify(elementsData(manifest), null, 1)}\n`));
  mkdirSync('dist', { recursive: true });
  writeFileSync(ZIP, zip(entries));
  return ZIP;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`Built ${buildWordPressPlugin()} (the WordPress plugin).`);
}

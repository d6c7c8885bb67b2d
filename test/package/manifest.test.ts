import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ELEMENTS = [
  'ct-connect',
  'ct-captcha',
  'ct-login',
  'ct-register-form',
  'ct-sms-activate',
  'ct-buy-credits',
  'ct-create-connection',
  'ct-terms',
];

function generate(): { manifest: string; docs: string } {
  const dir = mkdtempSync(join(tmpdir(), 'ct-manifest-'));
  try {
    execFileSync(process.execPath, ['scripts/manifest.js', dir], { stdio: 'pipe' });
    return {
      manifest: readFileSync(join(dir, 'custom-elements.json'), 'utf8'),
      docs: readFileSync(join(dir, 'docs', 'elements.md'), 'utf8'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const fresh = generate();

test('custom-elements.json matches the JSDoc in the source (run `npm run manifest` when it does not)', () => {
  assert.equal(readFileSync('custom-elements.json', 'utf8'), fresh.manifest);
});

test('docs/elements.md matches custom-elements.json (run `npm run manifest` when it does not)', () => {
  assert.equal(readFileSync('docs/elements.md', 'utf8'), fresh.docs);
});

test('the manifest documents every element with its attributes, events, parts and custom properties', () => {
  const manifest = JSON.parse(fresh.manifest) as {
    modules: { declarations?: Record<string, unknown>[] }[];
  };
  const declarations = manifest.modules.flatMap((m) => m.declarations ?? []);
  for (const tag of ELEMENTS) {
    const element = declarations.find((d) => d['tagName'] === tag);
    assert.ok(element, `${tag} is in the manifest`);
    assert.ok(element['summary'], `${tag} has a summary`);
    assert.ok((element['attributes'] as unknown[] | undefined)?.length, `${tag} documents its attributes`);
    // <ct-connect> renders nothing of its own (display: contents), so it has no parts.
    if (tag === 'ct-connect') continue;
    assert.ok((element['cssParts'] as unknown[] | undefined)?.length, `${tag} documents its CSS parts`);
    assert.ok(
      (element['cssProperties'] as unknown[] | undefined)?.length,
      `${tag} documents its custom properties`,
    );
  }
});

test('the manifest gives each event its detail type and each custom property its default', () => {
  const manifest = JSON.parse(fresh.manifest) as {
    modules: {
      declarations?: {
        tagName?: string;
        events?: { name: string; type?: { text: string } }[];
        cssProperties?: { name: string; default?: string }[];
      }[];
    }[];
  };
  const elements = manifest.modules.flatMap((m) => m.declarations ?? []).filter((d) => d.tagName);
  const events = elements.flatMap((d) => d.events ?? []);
  assert.ok(events.length >= 16, `${events.length} events`);
  for (const event of events)
    assert.match(event.type?.text ?? '', /^CustomEvent<Ct\w+Detail>$/, `${event.name} has its detail type`);
  for (const element of elements) {
    const properties = element.cssProperties ?? [];
    if (element.tagName === 'ct-connect') continue;
    assert.ok(
      properties.some((p) => p.name === '--ct-focus-ring'),
      `${element.tagName} documents --ct-focus-ring`,
    );
    for (const property of properties)
      assert.ok(property.default, `${element.tagName} ${property.name} has a default`);
  }
  assert.equal(
    elements.reduce((n, d) => n + (d.cssProperties?.length ?? 0), 0) >= 72,
    true,
    'every custom property is listed',
  );
});

test('the manifest points at the files the package ships, not at the source', () => {
  const paths = [...fresh.manifest.matchAll(/"(?:path|module)": "([^"]+)"/g)].map((m) => m[1]!);
  assert.ok(paths.length > 0);
  for (const path of paths) {
    assert.match(path, /^dist\/.+\.js$/);
    assert.ok(
      existsSync(path.replace(/^dist\/(.*)\.js$/, 'src/$1.ts')),
      `${path} is built from a source file`,
    );
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

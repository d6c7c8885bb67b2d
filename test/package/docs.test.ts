// The code in docs/emulator.md as a site owner copies it: its imports name the package's
// entries (ct-connect/emulator, ct-connect/relay), which must export every name it uses,
// and each snippet must compile as it stands. Its JSON examples must be what the emulator
// takes and answers. So the page cannot drift from the code without a test failing.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { createEmulator } from '../../src/emulator/index.ts';
import { buildRequest, formBody, parseResponse } from '../../src/protocol/xml.ts';

const DOC = 'docs/emulator.md';
const markdown = readFileSync(DOC, 'utf8');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
};

/** The bodies of the doc's fenced blocks in `language`. */
function blocks(language: string): string[] {
  return [...markdown.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```$', 'gm'))].map(
    (m) => m[1]!,
  );
}

/** The source file behind a package specifier such as `ct-connect/relay`, through "exports". */
function sourceOf(specifier: string): string {
  const key = '.' + specifier.slice(pkg.name.length);
  const target = pkg.exports[key];
  assert.ok(target, `package.json "exports" has ${key} (imported as ${specifier})`);
  const file = typeof target === 'string' ? target : target.default;
  return resolve(file.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
}

interface Import {
  readonly specifier: string;
  readonly names: readonly string[];
}

/** The value imports (not `type` ones) of a snippet from the package itself. */
function packageImports(code: string): Import[] {
  const found: Import[] = [];
  for (const m of code.matchAll(/^import\s+(type\s+)?\{([^}]*)\}\s+from\s+'([^']+)';/gm)) {
    const [, typeOnly, list, specifier] = m;
    if (typeOnly || !(specifier === pkg.name || specifier!.startsWith(`${pkg.name}/`))) continue;
    const names = list!
      .split(',')
      .map((n) => n.trim())
      .filter((n) => n !== '' && !n.startsWith('type '))
      .map((n) => n.split(/\s+as\s+/)[0]!);
    found.push({ specifier: specifier!, names });
  }
  return found;
}

const snippets = blocks('ts');

describe('docs/emulator.md', () => {
  it('shows server code that imports from the package, not from the repository', () => {
    for (const code of snippets) {
      assert.doesNotMatch(code, /from '\.{1,2}\//, 'no relative import: a package user has no src/');
      assert.ok(packageImports(code).length > 0, `imports from ${pkg.name}/...:\n${code}`);
    }
    const all = snippets.flatMap(packageImports);
    assert.ok(all.some((i) => i.specifier === 'ct-connect/emulator' && i.names.includes('createEmulator')));
    assert.ok(
      all.some((i) => i.specifier === 'ct-connect/emulator' && i.names.includes('createRelayWithEmulator')),
    );
    assert.ok(all.some((i) => i.specifier === 'ct-connect/relay/node' && i.names.includes('toNodeListener')));
  });

  it('imports only names the package entries export', async () => {
    for (const { specifier, names } of snippets.flatMap(packageImports)) {
      const entry = (await import(sourceOf(specifier))) as Record<string, unknown>;
      for (const name of names) assert.ok(name in entry, `${specifier} exports ${name}`);
    }
  });

  it('shows snippets that compile as they stand, every identifier imported', () => {
    const { config } = ts.readConfigFile('tsconfig.json', (file) => readFileSync(file, 'utf8'));
    const parsed = ts.parseJsonConfigFileContent(config, ts.sys, process.cwd());
    const specifiers = [...new Set(snippets.flatMap(packageImports).map((i) => i.specifier))];
    const options: ts.CompilerOptions = {
      ...parsed.options,
      noEmit: true,
      types: ['node'],
      // The package's names resolve to its sources, as "exports" maps them once built.
      paths: Object.fromEntries(specifiers.map((s) => [s, [sourceOf(s)]])),
    };
    // Each snippet is its own module at the repository's root, never written to disk.
    const files = new Map(snippets.map((code, i) => [resolve(`docs-emulator-snippet-${i + 1}.ts`), code]));
    const host = ts.createCompilerHost(options);
    const { getSourceFile, fileExists, readFile } = host;
    host.getSourceFile = (name, language, ...rest) =>
      files.has(name)
        ? ts.createSourceFile(name, files.get(name)!, language)
        : getSourceFile.call(host, name, language, ...rest);
    host.fileExists = (name) => files.has(name) || fileExists.call(host, name);
    host.readFile = (name) => files.get(name) ?? readFile.call(host, name);
    const program = ts.createProgram([...files.keys()], options, host);
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.has(d.file.fileName))
      .map((d) => {
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        const code = files.get(d.file!.fileName)!.split('\n')[line];
        return `${ts.flattenDiagnosticMessageText(d.messageText, '\n')}\n    in: ${code}`;
      });
    assert.deepEqual(problems, []);
  });

  it('gives a minimal PUT /_emulator/state document the emulator loads, whose account signs in', async () => {
    const state = blocks('json')
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((doc) => doc['version'] === 1);
    assert.ok(state, 'the page has a state example');
    const emulator = createEmulator({ tokens: ['abc'] });
    const put = await emulator.fetch(
      new Request('http://127.0.0.1/_emulator/state', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(state),
      }),
    );
    assert.equal(put.status, 200);
    assert.deepEqual(await put.json(), { ok: true });
    const [account] = state['accounts'] as { user: string; password: string }[];
    const signIn = await emulator.fetch(
      new Request('http://127.0.0.1/abc', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody(
          buildRequest('authenticate_user', { user: account!.user, password: account!.password }),
        ),
      }),
    );
    assert.equal(parseResponse(await signIn.text()).result, 'Success');
  });

  it('shows the answer POST /_emulator/accounts gives for the curl example', async () => {
    const shown = blocks('json')
      .map((text) => JSON.parse(text) as Record<string, unknown>)
      .find((doc) => 'userNumber' in doc);
    assert.ok(shown, 'the page has an account answer');
    const request = /-H '(content-type): (application\/json)' \\\n\s*-d '(\{"user"[^']*\})'/.exec(markdown);
    assert.ok(request, 'the page has a curl example for POST /_emulator/accounts, sending JSON');
    const response = await createEmulator({ tokens: ['abc'] }).fetch(
      new Request('http://127.0.0.1/_emulator/accounts', {
        method: 'POST',
        headers: { [request[1]!]: request[2]! },
        body: request[3],
      }),
    );
    assert.equal(response.status, 201);
    assert.deepEqual(await response.json(), shown);
  });
});

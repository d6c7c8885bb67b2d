import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildRequest, formBody, parseResponse } from '../../src/protocol/xml.ts';

const BIN = fileURLToPath(new URL('../../bin/ct-connect.js', import.meta.url));

function start(args: string[]): { child: ChildProcess; firstLine: Promise<string>; output: () => string } {
  const child = spawn(process.execPath, [BIN, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const firstLine = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${out}`)));
  });
  child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  // Commands that exit on purpose (--help) never print a URL; nobody awaits the line then.
  firstLine.catch(() => {});
  return { child, firstLine, output: () => out };
}

describe('ct-connect emulator', () => {
  it('prints its URL and token endpoint, serves calls, and stops cleanly on SIGTERM', async () => {
    const { child, firstLine } = start(['--port', '0', '--token', 'abc']);
    const line = await firstLine;
    const match = /^Connect API emulator at (http:\/\/127\.0\.0\.1:\d+\/) \(token endpoint (\S+)\)$/.exec(
      line,
    );
    assert.ok(match, line);
    assert.equal(match[2], `${match[1]}abc`);
    const response = await fetch(match[2]!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: formBody(buildRequest('get_list_account')),
    });
    assert.equal(parseResponse(await response.text()).result, 'Success');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('generates and prints a token when none is given', async () => {
    const { child, firstLine } = start(['--port', '0']);
    const line = await firstLine;
    const endpoint = /token endpoint (http:\/\/\S+\/([0-9a-f]{32}))\)/.exec(line);
    assert.ok(endpoint, line);
    const doc = parseResponse(
      await (
        await fetch(`${endpoint[1]}?XML=${encodeURIComponent(buildRequest('get_list_callback'))}`)
      ).text(),
    );
    assert.equal(doc.result, 'Success');
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    assert.equal(code, 0);
  });

  it('prints its usage for --help and refuses unknown flags', async () => {
    const help = start(['--help']);
    const [helpCode] = await once(help.child, 'exit');
    assert.equal(helpCode, 0);
    assert.match(help.output(), /--port <n>[\s\S]*--token <t>/);
    const bad = start(['--colour', 'red']);
    const [badCode] = await once(bad.child, 'exit');
    assert.equal(badCode, 1);
    assert.match(bad.output(), /Unknown option/);
  });
});

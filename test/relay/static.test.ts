/**
 * `ct-connect relay --static <dir>`: the files of a folder on real HTTP, and nothing that
 * only looks like it is in the folder (dotfiles, symlinks out, paths that climb).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveStatic } from '../../src/server/static.ts';
import { listenWith, type Served } from './helpers.ts';

describe('a static folder beside the relay', () => {
  let base: string;
  let site: string;
  let served: Served;

  before(async () => {
    base = mkdtempSync(join(tmpdir(), 'ct-static-'));
    site = join(base, 'site');
    mkdirSync(join(site, 'docs'), { recursive: true });
    mkdirSync(join(site, '.git'));
    writeFileSync(join(site, 'index.html'), '<p>home</p>');
    writeFileSync(join(site, 'docs', 'index.html'), '<p>docs</p>');
    writeFileSync(join(site, 'app.js'), 'export {};');
    writeFileSync(join(site, '.env'), 'CT_CONNECT_TOKEN=not-for-browsers');
    writeFileSync(join(site, '.git', 'config'), '[core]');
    writeFileSync(join(base, 'outside.txt'), 'outside the folder');
    mkdirSync(join(base, 'elsewhere'));
    writeFileSync(join(base, 'elsewhere', 'index.html'), '<p>elsewhere</p>');
    symlinkSync(join(base, 'outside.txt'), join(site, 'link.txt'));
    symlinkSync(join(base, 'elsewhere'), join(site, 'linked-dir'));
    symlinkSync(join(site, 'app.js'), join(site, 'alias.js'));
    symlinkSync(join(site, '.env'), join(site, 'env.txt'));
    served = await listenWith(serveStatic(site));
  });

  after(async () => {
    await served.close();
    rmSync(base, { recursive: true, force: true });
  });

  const get = (path: string, method = 'GET') => fetch(served.url + path, { method });

  test('serves files, and index.html for the folder and its subfolders', async () => {
    const home = await get('/');
    assert.equal(home.status, 200);
    assert.match(home.headers.get('content-type') ?? '', /^text\/html/);
    assert.equal(await home.text(), '<p>home</p>');
    assert.equal(await (await get('/docs/')).text(), '<p>docs</p>');
    const script = await get('/app.js');
    assert.match(script.headers.get('content-type') ?? '', /^text\/javascript/);
    assert.equal(script.headers.get('x-content-type-options'), 'nosniff');
    assert.equal((await get('/app.js', 'HEAD')).status, 200);
  });

  test('a symlink to a file inside the folder is served', async () => {
    const alias = await get('/alias.js');
    assert.equal(alias.status, 200);
    assert.equal(await alias.text(), 'export {};');
  });

  test('answers 404 for dotfiles and anything under a dot folder, however the URL spells them', async () => {
    for (const path of ['/.env', '/%2eenv', '/docs/../.env', '/.git/config', '/.git/', '/docs/%2e%2e/.env']) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(await answer.text(), /not-for-browsers|core/, path);
    }
  });

  test('answers 404 for symlinks whose target is outside the folder, or a dotfile', async () => {
    for (const path of ['/link.txt', '/linked-dir/', '/linked-dir/index.html', '/env.txt']) {
      const answer = await get(path);
      assert.equal(answer.status, 404, path);
      assert.doesNotMatch(await answer.text(), /outside|elsewhere|not-for-browsers/, path);
    }
  });

  test('answers 404 for paths that climb out of the folder, and for files that do not exist', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/missing.html']) {
      assert.equal((await get(path)).status, 404, path);
    }
  });

  test('answers 405 to other methods than GET and HEAD', async () => {
    const answer = await get('/app.js', 'POST');
    assert.equal(answer.status, 405);
    assert.equal(answer.headers.get('allow'), 'GET, HEAD');
  });

  test('refuses to start on a folder that does not exist, or a file', () => {
    assert.throws(() => serveStatic(join(base, 'nope')), /does not exist/);
    assert.throws(() => serveStatic(join(site, 'app.js')), /is not a folder/);
  });
});

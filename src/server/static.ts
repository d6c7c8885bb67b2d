/**
 * A folder served as static files, for `ct-connect relay --static <dir>`: enough for a
 * newcomer's test page beside the relay on one origin, not a production file server.
 */
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

// .env, .git and the like hold secrets more often than pages.
function hasDotSegment(path: string): boolean {
  return path.split(/[\\/]/).some((segment) => segment.startsWith('.'));
}

/**
 * Serves GET and HEAD requests for files under `dir` (index.html for a folder); 404 for
 * anything else, for a path with a segment starting with a dot, and for a symlink whose
 * target is outside `dir`. Throws at once when `dir` is not a folder.
 */
export function serveStatic(dir: string): (req: IncomingMessage, res: ServerResponse) => void {
  let root: string;
  try {
    root = realpathSync(resolve(dir));
  } catch {
    throw new Error(`"${dir}" does not exist.`);
  }
  if (!statSync(root).isDirectory()) throw new Error(`"${dir}" is not a folder.`);

  const prefix = root.endsWith(sep) ? root : root + sep;

  /** The real path of `file` when it is inside the folder and has no dot segment there, else undefined. */
  function inside(file: string): string | undefined {
    const real = realpathSync(file);
    if (real === root) return real;
    if (!real.startsWith(prefix) || hasDotSegment(real.slice(prefix.length))) return undefined;
    return real;
  }

  return (req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const notFound = (): void => {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    };
    // Also refuses every "..": the URL parser has already folded the ones it saw.
    if (hasDotSegment(path)) return notFound();
    try {
      let file = inside(join(root, path));
      if (file !== undefined && statSync(file).isDirectory()) file = inside(join(file, 'index.html'));
      if (file === undefined) return notFound();
      const { size } = statSync(file);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.writeHead(405, { allow: 'GET, HEAD' }).end();
        return;
      }
      res.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': size,
        'x-content-type-options': 'nosniff',
      });
      if (req.method === 'HEAD') res.end();
      // A file that cannot be read after all (its permissions, say) ends the answer short.
      else
        createReadStream(file)
          .on('error', () => res.destroy())
          .pipe(res);
    } catch {
      notFound();
    }
  };
}

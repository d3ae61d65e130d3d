// The built renderer, served as files from one folder with the app's CSP: by the
// Electron app:// protocol (main/electron/protocol.ts) and by browser mode's
// loopback bridge (main/browser/bridge-server.ts), so both apply the same rules.

import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';

/** Same policy as the meta tag in renderer/index.html; the header also covers non-HTML responses. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.pdf': 'application/pdf',
};

export function mimeTypeOf(filePath: string): string {
  return MIME_TYPES[extname(filePath).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The request handler, free of Electron so tests call it with plain `Request`s.
 * Refuses anything that would resolve outside `rendererDir`, including encoded
 * separators (`%2e%2e%2f`) the URL parser leaves alone and symlinks pointing out.
 */
export function createBundleHandler(rendererDir: string, origin: string): (request: Request) => Promise<Response> {
  const expected = new URL(origin);
  const root = resolve(rendererDir);
  const realRoot = realpath(root).catch(() => root);

  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'method not allowed');

    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return plain(400, 'bad request');
    }
    if (url.protocol !== expected.protocol || url.host.toLowerCase() !== expected.host) return plain(404, 'not found');

    let relativePath: string;
    try {
      relativePath = decodeURIComponent(url.pathname);
    } catch {
      return plain(400, 'bad request');
    }
    if (relativePath.includes('\0')) return plain(400, 'bad request');
    if (relativePath === '/') relativePath = '/index.html';

    // A standard scheme's pathname always starts with '/'; anchor it under the root.
    const filePath = resolve(root, `.${relativePath}`);
    if (!isInside(root, filePath)) return plain(403, 'forbidden');

    try {
      // Resolving symlinks catches a link inside the bundle that points elsewhere.
      const realFile = await realpath(filePath);
      if (!isInside(await realRoot, realFile)) return plain(403, 'forbidden');
      if (!(await stat(realFile)).isFile()) return plain(404, 'not found');
      const body = request.method === 'HEAD' ? null : await readFile(realFile);
      return new Response(body, { status: 200, headers: headers(mimeTypeOf(realFile)) });
    } catch {
      return plain(404, 'not found');
    }
  };
}

function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

function headers(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    // The bundle changes only with the app; a stale cache after an update would mix versions.
    'Cache-Control': 'no-cache',
  });
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: headers('text/plain; charset=utf-8') });
}

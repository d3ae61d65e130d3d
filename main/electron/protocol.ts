// Serves the built renderer from `app://bundle/` instead of file://. A file:// page
// has an opaque, shared origin that can read any other local file it is pointed at;
// a privileged standard scheme gives the renderer a real origin of its own, so the
// CSP's 'self', the IPC sender check (main/ipc/dispatch.ts) and fetch() all mean
// "the app's own bundle" and nothing else on disk.

import { realpath, readFile, stat } from 'node:fs/promises';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { protocol } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
/** The only origin whose frames may call the main process. */
export const TRUSTED_ORIGIN = 'app://bundle';
export const START_URL = `${TRUSTED_ORIGIN}/index.html`;

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
 * Must run before `app.whenReady()`: Chromium fixes scheme privileges at start-up.
 * `standard` gives the scheme real origins and relative URL resolution, `secure`
 * makes it a secure context (like https), `supportFetchAPI` lets the page fetch its
 * own assets. Deliberately NOT `bypassCSP` or `corsEnabled`.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** After ready: answers `app://bundle/...` from files under `rendererDir` only. */
export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, createBundleHandler(rendererDir));
}

/**
 * The request handler, free of Electron so tests call it with plain `Request`s.
 * Refuses anything that would resolve outside `rendererDir`, including encoded
 * separators (`%2e%2e%2f`) the URL parser leaves alone and symlinks pointing out.
 */
export function createBundleHandler(rendererDir: string): (request: Request) => Promise<Response> {
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
    if (url.protocol !== `${APP_SCHEME}:` || url.host.toLowerCase() !== APP_HOST) return plain(404, 'not found');

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

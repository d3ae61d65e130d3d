// Serves the built renderer from `app://bundle/` instead of file://. A file:// page
// has an opaque, shared origin that can read any other local file it is pointed at;
// a privileged standard scheme gives the renderer a real origin of its own, so the
// CSP's 'self', the IPC sender check (main/ipc/dispatch.ts) and fetch() all mean
// "the app's own bundle" and nothing else on disk.

import { protocol } from 'electron';
import { createBundleHandler } from '../static/bundle-handler';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
/** The only origin whose frames may call the main process. */
export const TRUSTED_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const START_URL = `${TRUSTED_ORIGIN}/index.html`;

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
  protocol.handle(APP_SCHEME, createBundleHandler(rendererDir, TRUSTED_ORIGIN));
}

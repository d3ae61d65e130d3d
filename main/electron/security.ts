// Guards applied to every web contents the app ever creates, whoever creates it:
// no navigation away from the bundle, no new windows, no <webview>, no permissions.
// The renderer shows data from a server; if that data ever manages to inject script,
// these are what keep it from leaving the page or reaching the OS.

import { app, shell, type Session, type WebContents } from 'electron';
import type { Logger } from '../log/logger';

export interface SecurityOptions {
  /** The app's own origin (`app://bundle`); the only place a window may be. */
  trustedOrigin: string;
  /** Hosts whose https links may open in the user's browser, matched exactly. */
  externalHosts: readonly string[];
  log: Logger;
}

/**
 * Sandboxes every renderer, including any a library might create with different
 * preferences. Must run before `app.whenReady()`.
 */
export function enableSandbox(): void {
  app.enableSandbox();
}

export function installSecurityGuards(options: SecurityOptions): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, options));
}

export function hardenWebContents(contents: WebContents, options: SecurityOptions): void {
  const { trustedOrigin, externalHosts, log } = options;

  const guardNavigation = (event: { url: string; preventDefault(): void }) => {
    if (isSameOrigin(event.url, trustedOrigin)) return;
    event.preventDefault();
    if (isAllowedExternalUrl(event.url, externalHosts)) {
      openExternal(event.url, log);
    } else {
      log.warn('blocked a navigation', { url: describeUrl(event.url) });
    }
  };
  contents.on('will-navigate', guardNavigation);
  contents.on('will-redirect', guardNavigation);

  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternalUrl(url, externalHosts)) {
      openExternal(url, log);
    } else {
      log.warn('blocked a new window', { url: describeUrl(url) });
    }
    return { action: 'deny' };
  });

  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a webview');
  });

  denyAllPermissions(contents.session, log);
}

const hardenedSessions = new WeakSet<Session>();

/**
 * The app needs no camera, notifications, geolocation or the like; printing goes
 * through the main process. Both handlers are set: the request handler answers
 * prompts, the check handler answers synchronous queries (navigator.permissions).
 */
export function denyAllPermissions(session: Session, log: Logger): void {
  if (hardenedSessions.has(session)) return;
  hardenedSessions.add(session);
  session.setPermissionRequestHandler((_contents, permission, callback) => {
    log.warn('denied a permission request', { permission });
    callback(false);
  });
  session.setPermissionCheckHandler(() => false);
}

/**
 * An https URL whose host is exactly one of `hosts` — parsed, never a substring test,
 * so `https://allowed.example.evil.com` and `https://evil.com/?allowed.example` fail.
 * URLs with credentials or an explicit port are refused as well.
 */
export function isAllowedExternalUrl(url: string, hosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') {
    return false;
  }
  const host = parsed.hostname.toLowerCase();
  return hosts.some((allowed) => allowed.toLowerCase() === host);
}

/** Scheme and host compared after parsing (URL.origin is "null" for custom schemes in Node). */
function isSameOrigin(url: string, origin: string): boolean {
  try {
    const parsed = new URL(url);
    const expected = new URL(origin);
    return parsed.protocol === expected.protocol && parsed.host.toLowerCase() === expected.host.toLowerCase();
  } catch {
    return false;
  }
}

function openExternal(url: string, log: Logger): void {
  shell.openExternal(url).catch((error: unknown) => log.error('could not open a link externally', error));
}

/** Logs only scheme and host: a query string may carry personal data. */
function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.host === '' ? parsed.protocol : `${parsed.protocol}//${parsed.host}`;
  } catch {
    return '(unparsable)';
  }
}

/**
 * Last-resort logging (STYLE §11). Crashes of the renderer or a helper process and
 * errors nobody caught end up in main.log with their stack, where support can read
 * them; they are not shown to the user here.
 */
export function installProcessGuards(log: Logger): void {
  process.on('uncaughtException', (error) => log.error('uncaught exception', error));
  process.on('unhandledRejection', (reason) => log.error('unhandled promise rejection', reason));
  app.on('render-process-gone', (_event, contents, details) => {
    log.error('a renderer process is gone', undefined, {
      reason: details.reason,
      exitCode: details.exitCode,
      url: describeUrl(contents.getURL()),
    });
  });
  app.on('child-process-gone', (_event, details) => {
    log.error('a child process is gone', undefined, {
      type: details.type,
      reason: details.reason,
      exitCode: details.exitCode,
      name: details.name ?? null,
    });
  });
}

import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TRUSTED_ORIGIN, handleAppProtocol, registerAppScheme } from '../../main/electron/protocol';
import { CONTENT_SECURITY_POLICY, createBundleHandler, mimeTypeOf } from '../../main/static/bundle-handler';

const fake = vi.hoisted(() => ({
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
}));

// Hoisted above the imports by vitest.
vi.mock('electron', () => ({ protocol: fake.protocol }));


// <tmp>/secret.txt sits next to the bundle; <tmp>/renderer is the bundle.
let base: string;
let rendererDir: string;
let serve: (request: Request) => Promise<Response>;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'co-protocol-'));
  rendererDir = join(base, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(base, 'secret.txt'), 'SECRET');
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>t</title>');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(rendererDir, 'assets', 'index-abc.css'), 'body{}');
  writeFileSync(join(rendererDir, 'assets', 'font.woff2'), 'w');
  symlinkSync(join(base, 'secret.txt'), join(rendererDir, 'assets', 'link.txt'));
  serve = createBundleHandler(rendererDir, TRUSTED_ORIGIN);
});

afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string) => serve(new Request(url));

describe('app:// scheme', () => {
  it('is registered as standard, secure and fetchable, nothing more', () => {
    registerAppScheme();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(TRUSTED_ORIGIN).toBe('app://bundle');
  });

  it('is handled by the bundle handler', async () => {
    handleAppProtocol(rendererDir);
    expect(fake.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = fake.protocol.handle.mock.calls[0]?.[1] as (request: Request) => Promise<Response>;
    expect((await handler(new Request('app://bundle/index.html'))).status).toBe(200);
  });
});

describe('bundle handler', () => {
  it('serves index.html with the CSP header and the right type', async () => {
    const response = await get('app://bundle/index.html');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>t</title>');
  });

  it('serves index.html for the bare origin', async () => {
    expect((await get('app://bundle/')).status).toBe(200);
  });

  it.each([
    ['app://bundle/assets/index-abc.js', 'text/javascript; charset=utf-8'],
    ['app://bundle/assets/index-abc.css', 'text/css; charset=utf-8'],
    ['app://bundle/assets/font.woff2', 'font/woff2'],
  ])('serves %s as %s', async (url, type) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it.each([
    'app://bundle/../../etc/passwd',
    'app://bundle/%2e%2e/%2e%2e/etc/passwd',
    'app://bundle/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
    'app://bundle/%2e%2e%2fsecret.txt',
    'app://bundle/assets/..%2f..%2fsecret.txt',
    'app://bundle/..%5csecret.txt',
    'app://bundle/%2fetc%2fpasswd',
    'app://bundle/assets/link.txt',
    'app://bundle/index.html%00.js',
    'app://other/index.html',
    'app://bundle/assets',
    'app://bundle/missing.js',
  ])('refuses %s', async (url) => {
    const response = await get(url);
    expect(response.status).toBeGreaterThanOrEqual(400);
    const body = await response.text();
    expect(body).not.toContain('SECRET');
    expect(body).not.toContain('root:');
  });

  it('refuses encoded traversal as forbidden, not merely missing', async () => {
    expect((await get('app://bundle/%2e%2e%2fsecret.txt')).status).toBe(403);
    expect((await get('app://bundle/assets/link.txt')).status).toBe(403);
  });

  it('refuses methods other than GET and HEAD', async () => {
    expect((await serve(new Request('app://bundle/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('knows common types and falls back to octet-stream', () => {
    expect(mimeTypeOf('a.SVG')).toBe('image/svg+xml');
    expect(mimeTypeOf('a.unknown')).toBe('application/octet-stream');
  });
});

describe('CSP', () => {
  const indexHtml = resolve(__dirname, '../../renderer/index.html');
  it.runIf(existsSync(indexHtml))('is the same policy as the meta tag in renderer/index.html', () => {
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(readFileSync(indexHtml, 'utf8'));
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

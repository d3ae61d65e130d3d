// 常见问题及解答 below the UI: HelpService against the real sandbox over HTTPS, with its
// cache file on disk. Whatever a refresh meets, the copy the user sees stays readable.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../main/log/logger';
import { BUILT_IN_FAQ } from '../../main/services/help/builtin-faq';
import { FAQ_MESSAGES, HelpService } from '../../main/services/help/help-service';
import { SANDBOX_FAQ, startSandbox, type Sandbox } from '../sandbox/server';
import { testApi } from '../support/app-services';

let sandbox: Sandbox;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-help-'));
  sandbox = await startSandbox({ dataDir: join(dir, 'sandbox'), seed: 3, certificateCount: 10, tickIntervalMs: 0 });
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

let fileCount = 0;
function newService(overrides: { url?: string; now?: string } = {}) {
  const faqFile = join(dir, `cache-${++fileCount}`, 'faq.json');
  const api = testApi(overrides.url ?? sandbox.url, sandbox.caCertPem, { deadlineMs: 2_000, attempts: 1 });
  const service = new HelpService({ api, faqFile, log: silentLogger, now: () => new Date(overrides.now ?? '2026-12-03T01:00:00Z') });
  return { service, faqFile };
}

describe('HelpService', () => {
  it('shows the built-in copy until a first refresh, then keeps the downloaded edition in the cache', async () => {
    sandbox.help.publish(SANDBOX_FAQ);
    const { service, faqFile } = newService();
    expect(await service.faq()).toEqual({ document: BUILT_IN_FAQ, source: 'built-in', downloadedAt: null });

    const refresh = await service.refreshFaq();
    expect(refresh).toEqual({ changed: true, view: { document: SANDBOX_FAQ, source: 'downloaded', downloadedAt: '2026-12-03T01:00:00.000Z' } });
    // A new service over the same file (the next start) reads it without the server.
    const requests = sandbox.help.requests;
    const restarted = new HelpService({ api: testApi(sandbox.url, sandbox.caCertPem), faqFile, log: silentLogger });
    expect((await restarted.faq()).document).toEqual(SANDBOX_FAQ);
    expect(sandbox.help.requests).toBe(requests);

    // The same edition again changes nothing, not even the download time.
    expect(await service.refreshFaq()).toMatchObject({ changed: false, view: { downloadedAt: '2026-12-03T01:00:00.000Z' } });
  });

  it('refuses content outside the contract and keeps the cached copy, file untouched', async () => {
    sandbox.help.publish(SANDBOX_FAQ);
    const { service, faqFile } = newService();
    await service.refreshFaq();
    const before = readFileSync(faqFile, 'utf8');

    for (const bad of [
      '<html>维护中</html>',
      JSON.stringify({ ...SANDBOX_FAQ, version: 99, sections: [] }),
      JSON.stringify({ ...SANDBOX_FAQ, version: 99, sections: [{ title: '', items: [] }] }),
      JSON.stringify({ ...SANDBOX_FAQ, version: 99, extra: '<script>alert(1)</script>' }),
      JSON.stringify({ ...SANDBOX_FAQ, version: -1 }),
    ]) {
      sandbox.help.publishRaw(bad);
      await expect(service.refreshFaq()).rejects.toMatchObject({ code: 'SERVER_ERROR', message: FAQ_MESSAGES.SERVER_ERROR });
      expect(readFileSync(faqFile, 'utf8')).toBe(before);
      expect(await service.faq()).toMatchObject({ source: 'downloaded', document: SANDBOX_FAQ });
    }
  });

  it('keeps an older edition the server rolled back to out of the cache', async () => {
    sandbox.help.publish({ ...SANDBOX_FAQ, version: 5 });
    const { service } = newService();
    await service.refreshFaq();
    sandbox.help.publish({ ...SANDBOX_FAQ, version: 4 });
    expect(await service.refreshFaq()).toMatchObject({ changed: false, view: { document: { version: 5 } } });
  });

  it('offline: says so in Chinese and shows the cached copy, or the built-in one before any refresh', async () => {
    sandbox.help.publish(SANDBOX_FAQ);
    const online = newService();
    await online.service.refreshFaq();
    // The same cache file, and a server address nobody answers at.
    const unreachable = 'https://127.0.0.1:9';
    const offline = new HelpService({ api: testApi(unreachable, sandbox.caCertPem, { deadlineMs: 2_000, attempts: 1 }), faqFile: online.faqFile, log: silentLogger });
    await expect(offline.refreshFaq()).rejects.toMatchObject({ code: 'OFFLINE', message: FAQ_MESSAGES.OFFLINE });
    expect((await offline.faq()).document).toEqual(SANDBOX_FAQ);

    const neverRefreshed = newService({ url: unreachable });
    await expect(neverRefreshed.service.refreshFaq()).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(await neverRefreshed.service.faq()).toMatchObject({ source: 'built-in', document: BUILT_IN_FAQ });
  });

  it('shows the built-in copy when the cache file is damaged, and repairs it at the next refresh', async () => {
    sandbox.help.publish(SANDBOX_FAQ);
    const { service, faqFile } = newService();
    await service.refreshFaq();
    writeFileSync(faqFile, '{"downloadedAt":"2026-12-03T01:00:00Z","document":{"version":');
    expect(await service.faq()).toMatchObject({ source: 'built-in' });
    expect(await service.refreshFaq()).toMatchObject({ changed: true, view: { source: 'downloaded' } });
    expect(await service.faq()).toMatchObject({ source: 'downloaded', document: SANDBOX_FAQ });
  });

  it('shares one request between concurrent refreshes', async () => {
    sandbox.help.publish({ ...SANDBOX_FAQ, version: 9 });
    const { service } = newService();
    const before = sandbox.help.requests;
    const [a, b] = await Promise.all([service.refreshFaq(), service.refreshFaq()]);
    expect(a).toBe(b);
    expect(sandbox.help.requests - before).toBe(1);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesPageSchema, paths, type CertificateDto } from '../../main/net/contract';
import { startSandbox, type Sandbox } from './server';
import { ApiClient, json, manualClock, tempDir } from './test-client';

describe('layout status moves generated → sending → received on the customs side', () => {
  const dir = tempDir('sandbox-layout-status');
  const clock = manualClock('2026-11-20T02:00:00.000Z');
  let sandbox: Sandbox;
  let client: ApiClient;

  const feedAfter = async (cursor: number): Promise<CertificateDto[]> =>
    changesPageSchema.parse(json(await client.raw(`${paths.changes}?cursor=${cursor}&limit=1000`))).items;

  beforeAll(async () => {
    sandbox = await startSandbox({ dataDir: dir.path, seed: 4, certificateCount: 300, clock: clock.now, tickIntervalMs: 0 });
    client = new ApiClient(sandbox.url, sandbox.caCertPem);
    await client.login('demo', 'demo123');
  });
  afterAll(async () => {
    await sandbox?.stop();
    dir.remove();
  });

  it('applies each transition when its time has come, and only then', async () => {
    const [certificate] = sandbox.control.insertCertificates([{ layoutStatus: 'generated', sendingAfterMs: 10_000, receivedAfterMs: 20_000 }]);
    if (!certificate) throw new Error('insert failed');
    expect(certificate.layouts).toBeNull();
    const id = certificate.certificateId;

    clock.advance(9_000);
    sandbox.control.tick();
    expect(sandbox.control.getCertificate(id)?.layoutStatus).toBe('generated');

    clock.advance(1_000);
    expect(sandbox.control.tick()).toBeGreaterThanOrEqual(1);
    const sending = sandbox.control.getCertificate(id);
    expect(sending?.layoutStatus).toBe('sending');
    expect(sending?.seq).toBeGreaterThan(certificate.seq);
    expect((await feedAfter(certificate.seq)).find((item) => item.certificateId === id)?.layoutStatus).toBe('sending');
    expect((await client.raw(paths.layout(id, 'original'))).status).toBe(409);

    clock.advance(19_999);
    sandbox.control.tick();
    expect(sandbox.control.getCertificate(id)?.layoutStatus).toBe('sending');
    clock.advance(1);
    sandbox.control.tick();
    const received = (await feedAfter(sending?.seq ?? 0)).find((item) => item.certificateId === id);
    expect(received?.layoutStatus).toBe('received');
    expect(received?.updatedAt).toBe(clock.now().toISOString());
    expect(received?.layouts?.original.size).toBeGreaterThan(1000);
    expect((await client.raw(paths.layout(id, 'original'))).status).toBe(200);
  });

  it('moves the generated data’s pending layouts over the following minutes', async () => {
    const pending = (await feedAfter(0)).filter((item) => item.layoutStatus !== 'received');
    expect(pending.length).toBeGreaterThan(0);
    clock.advance(10 * 60_000);
    sandbox.control.tick();
    const ids = new Set(pending.map((item) => item.certificateId));
    const after = (await feedAfter(0)).filter((item) => ids.has(item.certificateId));
    expect(after.every((item) => item.layoutStatus === 'received')).toBe(true);
  });

  it('advanceLayouts() applies every pending transition at once', async () => {
    sandbox.control.insertCertificates([
      { layoutStatus: 'generated', sendingAfterMs: 3_600_000 },
      { layoutStatus: 'sending', receivedAfterMs: 3_600_000 },
    ]);
    expect(sandbox.control.advanceLayouts()).toBe(2);
    expect(sandbox.control.advanceLayouts()).toBe(0);
    const items = await feedAfter(0);
    expect(items.filter((item) => item.layoutStatus !== 'received')).toEqual([]);
  });

  it('runs a background ticker on the sandbox clock', async () => {
    const tickerDir = tempDir('sandbox-ticker');
    const tickerClock = manualClock('2026-11-20T02:00:00.000Z');
    const ticking = await startSandbox({ dataDir: tickerDir.path, certificateCount: 50, clock: tickerClock.now, tickIntervalMs: 20 });
    try {
      const [certificate] = ticking.control.insertCertificates([{ layoutStatus: 'sending', receivedAfterMs: 5_000 }]);
      if (!certificate) throw new Error('insert failed');
      await new Promise((done) => setTimeout(done, 100));
      expect(ticking.control.getCertificate(certificate.certificateId)?.layoutStatus).toBe('sending');
      tickerClock.advance(5_000);
      const deadline = Date.now() + 5_000;
      while (ticking.control.getCertificate(certificate.certificateId)?.layoutStatus !== 'received' && Date.now() < deadline) {
        await new Promise((done) => setTimeout(done, 20));
      }
      expect(ticking.control.getCertificate(certificate.certificateId)?.layoutStatus).toBe('received');
    } finally {
      await ticking.stop();
      tickerDir.remove();
    }
  });
});

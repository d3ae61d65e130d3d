// 'New printable certificates' as a sync counts them, against the real sandbox over
// HTTPS with a real database worker: certificates this sync made printable now
// (接收成功, 未归档, 待打印, the authorization rule passes) that were not before.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusesSelfPrint } from '../../preload/contract';
import { silentLogger } from '../../main/log/logger';
import { ProxyService } from '../../main/services/authorization/proxy-service';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import type { Profile } from '../../main/services/session/session-service';
import { SyncService } from '../../main/services/sync/sync-service';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';

let sandbox: Sandbox;
let dataDir: string;
let profile: Profile;
let service: SyncService;
const told: number[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'co-sync-new-'));
  sandbox = await startSandbox({ dataDir, seed: 12, certificateCount: 400, tickIntervalMs: 0 });
  const api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  profile = openTestProfile();
  service = new SyncService({
    api,
    layouts: new LayoutStore(api),
    profile: () => profile,
    emit: () => {},
    refreshAuthorizations: (p, signal) => new ProxyService({ api, profile: () => p, log: silentLogger }).refresh(p, signal),
    log: silentLogger,
    pageSize: 100,
    layoutPrefetch: 0,
    onNewPrintable: (count) => told.push(count),
  });
});

afterAll(async () => {
  await profile?.db.close();
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  removeTestProfiles();
});

async function sync(): Promise<void> {
  service.start();
  await service.settled();
  expect(service.current().state).toBe('idle');
}

describe('new printable certificates', () => {
  it('are not told after the first sync, which fills an empty cache', async () => {
    await sync();
    expect(told).toEqual([]);
  });

  it('count the certificates newly received that are printable now, and nothing else', async () => {
    sandbox.control.insertCertificates([
      { layoutStatus: 'received' },
      { layoutStatus: 'received' },
      { layoutStatus: 'generated', sendingAfterMs: 60_000, receivedAfterMs: 60_000 },
      { layoutStatus: 'received', archiveStatus: 'archived' },
      { layoutStatus: 'received', printStatus: 'printed' },
      // Approved before the applicant's authorization: not self-printable.
      { layoutStatus: 'received', content: { issueDate: '2024-01-15', approvedAt: '2024-01-15T10:00:00+08:00' } },
    ]);
    await sync();
    expect(told).toEqual([2]);
    // Nothing changed on the server: nothing new.
    await sync();
    expect(told).toEqual([2]);
  });

  it('count a cached certificate whose layout became 接收成功, once', async () => {
    const [pending] = sandbox.control.insertCertificates([{ layoutStatus: 'sending', receivedAfterMs: 60_000 }]);
    await sync();
    expect(told).toEqual([2]);
    expect((await profile.db.call('getCertificate', pending!.certificateId))?.layoutStatus).toBe('sending');
    // Every layout still on its way arrives now: those certificates that pass the other rules become printable.
    let waiting = 0;
    for (const layoutStatus of ['generated', 'sending'] as const) {
      const page = await profile.db.call('searchCertificates', { layoutStatus, archiveStatus: 'unarchived', printStatus: 'pending', offset: 0, limit: 1000 });
      waiting += page.rows.filter((row) => !refusesSelfPrint(row.selfPrint)).length;
    }
    expect(waiting).toBeGreaterThanOrEqual(2);
    sandbox.control.advanceLayouts();
    await sync();
    expect(told).toEqual([2, waiting]);
    await sync();
    expect(told).toHaveLength(2);
  });
});

// Sync, layouts and the outbox against the real sandbox over real HTTPS, with a real
// database worker; faults are injected by the sandbox, not mocked.

import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SyncState } from '../../preload/contract';
import { AppFailure } from '../../main/core/errors';
import { silentLogger } from '../../main/log/logger';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { OutboxService } from '../../main/services/outbox/outbox-service';
import type { ApiClient } from '../../main/net/client';
import { ProxyService } from '../../main/services/authorization/proxy-service';
import { SyncService, type SyncServiceDeps } from '../../main/services/sync/sync-service';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi } from '../support/app-services';

let sandbox: Sandbox;
let dataDir: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'co-sandbox-'));
  sandbox = await startSandbox({ dataDir, seed: 11, certificateCount: 1500, tickIntervalMs: 0 });
});

afterAll(async () => {
  await sandbox?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  removeTestProfiles();
});

async function signedInApi() {
  const api = testApi(sandbox.url, sandbox.caCertPem);
  const session = await api.login({ username: 'demo', password: 'demo123' });
  api.setToken(session.token);
  return api;
}

/** The sync's first step, as the app wires it: the authorizations, through the real ProxyService. */
function refreshWith(api: ApiClient): SyncServiceDeps['refreshAuthorizations'] {
  return (profile, signal) => new ProxyService({ api, profile: () => profile, log: silentLogger }).refresh(profile, signal);
}

async function runSync(service: SyncService): Promise<SyncState> {
  service.start();
  await service.settled();
  return service.current();
}

describe('TLS trust', () => {
  it('trusts the sandbox only through its CA: without it the connection is refused', async () => {
    const error = await testApi(sandbox.url, null).login({ username: 'demo', password: 'demo123' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppFailure);
    expect((error as AppFailure).code).toBe('OFFLINE');
    expect(String((error as AppFailure).cause)).toMatch(/self[- ]signed|unable to (verify|get)|certificate/i);
  });

  it('refuses a plain-http server URL outright', () => {
    expect(() => testApi(sandbox.url.replace('https:', 'http:'), sandbox.caCertPem)).toThrow(/https/);
  });

  it('answers wrong credentials with BAD_CREDENTIALS', async () => {
    await expect(testApi(sandbox.url, sandbox.caCertPem).login({ username: 'demo', password: 'wrong' })).rejects.toMatchObject({
      code: 'BAD_CREDENTIALS',
    });
  });
});

describe('broken answers', () => {
  it.each([
    ['cut off halfway', { truncateRate: 1 }],
    ['dropped without an answer', { dropRate: 1 }],
    ['a server error', { errorRate: 1 }],
  ])('a response %s is never taken for data: OFFLINE after the retries', async (_name, faults) => {
    const api = await signedInApi();
    sandbox.control.setFaults(faults);
    try {
      await expect(api.changes(0, 100)).rejects.toMatchObject({ code: 'OFFLINE' });
    } finally {
      sandbox.control.clearFaults();
    }
  });
});

describe('sync', () => {
  it('fills the cache with every certificate of the enterprise, and prefetches printable layouts', async () => {
    const api = await signedInApi();
    const profile = openTestProfile();
    const states: SyncState[] = [];
    const service = new SyncService({ api, layouts: new LayoutStore(api), refreshAuthorizations: refreshWith(api), profile: () => profile, emit: (s) => states.push(s), log: silentLogger, pageSize: 200, layoutPrefetch: 6 });
    const final = await runSync(service);
    expect(final.state).toBe('idle');
    const page = await profile.db.call('searchCertificates', { offset: 0, limit: 1 });
    const cursor = await profile.db.call('getSyncCursor');
    expect(page.total).toBeGreaterThan(1000);
    expect(cursor).toBeGreaterThan(0);
    expect(states.filter((s) => s.state === 'running').length).toBeGreaterThan(page.total / 200);
    const lastRunning = states.filter((s) => s.state === 'running').at(-1);
    expect(lastRunning).toMatchObject({ received: page.total, layoutsDownloaded: 6 });
    // A second sync finds nothing new.
    expect(await runSync(service)).toMatchObject({ state: 'idle' });
    expect((await profile.db.call('searchCertificates', { offset: 0, limit: 1 })).total).toBe(page.total);
    await profile.db.close();
  });

  it('resumes after an interruption without losing or duplicating a certificate', async () => {
    const api = await signedInApi();
    const profile = openTestProfile();
    // From the fourth page on the server fails every request: the first pages land, then sync fails.
    let interrupt = true;
    const service = new SyncService({
      api,
      layouts: new LayoutStore(api),
      refreshAuthorizations: refreshWith(api),
      profile: () => profile,
      emit: (state) => {
        if (interrupt && state.state === 'running' && state.received === 300) {
          interrupt = false;
          sandbox.control.setFaults({ errorRate: 1 });
        }
      },
      log: silentLogger,
      pageSize: 100,
      layoutPrefetch: 0,
    });
    const interrupted = await runSync(service);
    sandbox.control.clearFaults();
    expect(interrupted.state).toBe('failed');
    const partial = await profile.db.call('searchCertificates', { offset: 0, limit: 1 });
    const cursorAfterFailure = await profile.db.call('getSyncCursor');
    expect(await runSync(service)).toMatchObject({ state: 'idle' });
    const complete = await profile.db.call('searchCertificates', { offset: 0, limit: 1 });
    const reference = openTestProfile();
    const clean = new SyncService({ api, layouts: new LayoutStore(api), refreshAuthorizations: refreshWith(api), profile: () => reference, emit: () => {}, log: silentLogger, pageSize: 500, layoutPrefetch: 0 });
    await runSync(clean);
    const expected = await reference.db.call('searchCertificates', { offset: 0, limit: 1000 });
    const actual = await profile.db.call('searchCertificates', { offset: 0, limit: 1000 });
    expect(partial.total).toBeLessThan(complete.total);
    expect(cursorAfterFailure).toBeLessThan(await profile.db.call('getSyncCursor'));
    expect(actual).toEqual(expected);
    await profile.db.close();
    await reference.db.close();
  });

  it('rejects a response that breaks the contract and writes nothing', async () => {
    const server = createServer(
      { key: readFileSync(join(dataDir, 'sandbox-server-key.pem')), cert: readFileSync(join(dataDir, 'sandbox-server.pem')) },
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ items: [{ certificateId: 'x', number: '=HYPERLINK("evil")' }], nextCursor: 5, hasMore: false }));
      },
    );
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const api = testApi(`https://127.0.0.1:${(server.address() as AddressInfo).port}`, sandbox.caCertPem);
    const profile = openTestProfile();
    const service = new SyncService({ api, layouts: new LayoutStore(api), refreshAuthorizations: refreshWith(api), profile: () => profile, emit: () => {}, log: silentLogger });
    const state = await runSync(service);
    expect(state).toMatchObject({ state: 'failed', error: { code: 'SERVER_ERROR' } });
    expect(await profile.db.call('getSyncCursor')).toBe(0);
    expect((await profile.db.call('searchCertificates', { offset: 0, limit: 1 })).total).toBe(0);
    await profile.db.close();
    server.close();
  });

  it('can be cancelled, and keeps what it committed', async () => {
    const api = await signedInApi();
    const profile = openTestProfile();
    const service = new SyncService({ api, layouts: new LayoutStore(api), refreshAuthorizations: refreshWith(api), profile: () => profile, emit: (state) => {
      if (state.state === 'running' && state.received >= 200) service.cancel();
    }, log: silentLogger, pageSize: 100, layoutPrefetch: 0 });
    const state = await runSync(service);
    expect(state.state).toBe('cancelled');
    const kept = (await profile.db.call('searchCertificates', { offset: 0, limit: 1 })).total;
    expect(kept).toBeGreaterThanOrEqual(200);
    expect(kept).toBeLessThan(1000);
    await profile.db.close();
  });
});

describe('layouts', () => {
  it('downloads a layout once, checks its hash, and serves it from disk afterwards', async () => {
    const api = await signedInApi();
    const profile = openTestProfile();
    const printable = sandbox.control.findPrintable();
    expect(printable).not.toBeNull();
    await profile.db.call('upsertCertificates', [printable!]);
    const store = new LayoutStore(api);
    const before = sandbox.control.stats().requests;
    const first = await store.read(profile, printable!, 'copy');
    expect(first.subarray(0, 5).toString()).toBe('%PDF-');
    const afterFirst = sandbox.control.stats().requests;
    const second = await store.read(profile, printable!, 'copy');
    expect(second.equals(first)).toBe(true);
    expect(afterFirst - before).toBe(1);
    expect(sandbox.control.stats().requests).toBe(afterFirst);
    // A record that claims another hash is refused: the bytes do not match it.
    const forged = { ...printable!, layouts: { ...printable!.layouts!, copy: { sha256: '0'.repeat(64), size: 10 } } };
    await expect(store.read(profile, forged, 'copy')).rejects.toMatchObject({ code: 'LAYOUT_CORRUPT' });
    await profile.db.close();
  });
});

describe('outbox', () => {
  it('delivers a confirmation exactly once across a lost answer and a restart', async () => {
    const api = await signedInApi();
    const profile = openTestProfile();
    const certificate = sandbox.control.findPrintable()!;
    await profile.db.call('upsertCertificates', [certificate]);
    const printId = `outbox-${Date.now()}`;
    await api.registerPrint({ printId, certificateId: certificate.certificateId, kind: 'original', printerName: 'SimDuplex' });
    const now = new Date().toISOString();
    await profile.db.call('insertPrint', { printId, certificateId: certificate.certificateId, certificateNumber: certificate.number, kind: 'original', printer: 'SimDuplex', onBehalfOf: null, now });
    await profile.db.call('setPrintState', printId, { state: 'awaiting-confirmation', spoolerOutcome: 'completed' }, now);
    await profile.db.call('recordConfirmation', { printId, answer: 'yes', spoolerOutcome: 'completed', now });

    // The server applies the write, but the answer never arrives (three tries).
    sandbox.control.setFaults({ dropRate: 1 });
    const first = new OutboxService({ api, profile: () => profile, log: silentLogger, retryBaseMs: 60_000 });
    await first.flush();
    first.stop();
    expect(await profile.db.call('countOutbox')).toBe(1);
    expect(sandbox.control.stats().confirmations[printId]?.applied).toBe(1);

    // "Restart": a new service over the same database, the network back.
    sandbox.control.clearFaults();
    const second = new OutboxService({ api, profile: () => profile, log: silentLogger });
    await second.flush();
    expect(await profile.db.call('countOutbox')).toBe(0);
    expect(sandbox.control.stats().confirmations[printId]).toMatchObject({ applied: 1 });
    expect(sandbox.control.stats().confirmations[printId]!.replayed).toBeGreaterThanOrEqual(1);
    expect(sandbox.control.getCertificate(certificate.certificateId)?.archiveStatus).toBe('archived');
    expect((await profile.db.call('getCertificate', certificate.certificateId))?.archiveStatus).toBe('archived');
    await profile.db.close();
  });
});

// The printing service with its real collaborators: the sandbox over HTTPS, the
// database worker, and CUPS with simulated printers — one that can print an
// original and one that cannot print two-sided.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintJobView } from '../../preload/contract';
import { silentLogger } from '../../main/log/logger';
import { CupsBackend } from '../../main/print';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { PrintService } from '../../main/services/printing/print-service';
import type { Profile } from '../../main/services/session/session-service';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, testApi, testPdfWorker } from '../support/app-services';
import { startCups, waitForSpooledJob, type CupsSim } from '../support/cups';

let root: string;
let sandbox: Sandbox;
let duplex: CupsSim;
let simplex: CupsSim;
let profile: Profile;
let service: PrintService;
const events: PrintJobView[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-print-service-'));
  sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: 21, certificateCount: 200, tickIntervalMs: 0 });
  duplex = await startCups({ name: 'ServiceDuplex', duplex: true, color: true });
  simplex = await startCups({ name: 'ServiceSimplex', duplex: false, color: true });
  const api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  profile = openTestProfile(join(root, 'profile'));
  await profile.db.call('upsertCertificates', sandbox.control.listPrintable(5));
  service = new PrintService({
    api,
    backend: new CupsBackend(),
    layouts: new LayoutStore(api),
    pdf: testPdfWorker(),
    profile: () => profile,
    spoolDir: root,
    emit: (job) => events.push(job),
    onConfirmed: () => {},
    log: silentLogger,
    jobPollMs: 200,
  });
});

afterAll(async () => {
  await profile?.db.close();
  await simplex?.stop();
  await duplex?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('PrintService', () => {
  it('refuses a printer that cannot print two-sided, before anything is registered or spooled', async () => {
    const [certificate] = sandbox.control.listPrintable(1);
    const registeredBefore = sandbox.control.stats().printsRegistered;
    await expect(service.start({ certificateIds: [certificate!.certificateId], kind: 'original', printer: simplex.printerName })).rejects.toMatchObject({
      code: 'PRINTER_UNSUITABLE',
      message: expect.stringContaining('双面'),
    });
    expect(sandbox.control.stats().printsRegistered).toBe(registeredBefore);
    expect(await profile.db.call('recentPrints', 10)).toEqual([]);
  });

  it('refuses a whole batch, naming the certificate, when one of them cannot be printed', async () => {
    const [good, archived] = sandbox.control.listPrintable(2);
    await profile.db.call('upsertCertificates', [{ ...archived!, archiveStatus: 'archived', seq: archived!.seq + 1_000_000 }]);
    await expect(
      service.start({ certificateIds: [good!.certificateId, archived!.certificateId], kind: 'copy', printer: duplex.printerName }),
    ).rejects.toMatchObject({ code: 'ARCHIVED', message: expect.stringContaining(archived!.number) });
    expect(await profile.db.call('recentPrints', 10)).toEqual([]);
  });

  it('walks a job through every state to the confirmation, and records the answer with its outbox row', async () => {
    const certificate = sandbox.control.listPrintable(3)[2]!;
    const [job] = await service.start({ certificateIds: [certificate.certificateId], kind: 'original', printer: duplex.printerName });
    await service.idle();
    const states = events.filter((event) => event.printId === job!.printId).map((event) => event.status.state);
    expect(states).toEqual(['queued', 'reserving', 'spooling', 'printing', 'awaiting-confirmation']);
    const final = events.filter((event) => event.printId === job!.printId).at(-1)!;
    expect(final.status).toEqual({ state: 'awaiting-confirmation', spoolerOutcome: 'completed' });
    expect((await waitForSpooledJob(duplex.spoolDir, `${certificate.number} original`)).pages).toBe(2);
    await expect(service.confirm(job!.printId, 'yes')).resolves.toMatchObject({ status: { state: 'confirmed', answer: 'yes' } });
    // A second click changes nothing and adds no second outbox row.
    await service.confirm(job!.printId, 'no');
    expect(await profile.db.call('countOutbox')).toBe(1);
    expect((await profile.db.call('getCertificate', certificate.certificateId))?.printStatus).toBe('printed');
    // And the original cannot be printed again.
    await expect(service.start({ certificateIds: [certificate.certificateId], kind: 'both', printer: duplex.printerName })).rejects.toMatchObject({
      code: 'ORIGINAL_ALREADY_PRINTED',
    });
  });

  it('refuses to confirm a job that has not finished printing', async () => {
    await expect(service.confirm('no-such-print', 'yes')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

// 批量打印 with cancel: the jobs of a batch still queued are cancelled (failed with
// CANCELLED), never registered with the server nor spooled, so a cancelled original
// does not count as printed anywhere and can be printed later. Real sandbox over
// HTTPS, real database worker, real CUPS (queue prefix Desk).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintJobView } from '../../preload/contract';
import { CANCELLED_PRINT_MESSAGE } from '../../main/db/queries/prints';
import { silentLogger } from '../../main/log/logger';
import { CupsBackend } from '../../main/print';
import type { CertificateDto } from '../../main/net/contract';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { PrintService } from '../../main/services/printing/print-service';
import type { Profile } from '../../main/services/session/session-service';
import { startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, testApi, testPdfWorker } from '../support/app-services';
import { readSpooledJobs, startCups, waitForSpooledJob, type CupsSim } from '../support/cups';

let root: string;
let sandbox: Sandbox;
let printer: CupsSim;
let profile: Profile;
let service: PrintService;
let printable: CertificateDto[];
const events: PrintJobView[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-print-cancel-'));
  sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: 23, certificateCount: 200, tickIntervalMs: 0 });
  printer = await startCups({ name: 'DeskCancel', duplex: true, color: true });
  const api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  profile = openTestProfile(join(root, 'profile'));
  printable = sandbox.control.listPrintable(4);
  expect(printable).toHaveLength(4);
  await profile.db.call('upsertCertificates', printable);
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
  await printer?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
});

const statesOf = (printId: string) => events.filter((event) => event.printId === printId).map((event) => event.status.state);

describe('cancelling a batch', () => {
  it('cancels the jobs still queued; the one already sent to the server goes on; cancelled originals are not printed anywhere', async () => {
    const batch = printable.slice(0, 3);
    const registeredBefore = sandbox.control.stats().printsRegistered;
    const jobs = await service.start({ certificateIds: batch.map((c) => c.certificateId), kind: 'original', printer: printer.printerName });
    expect(jobs.map((job) => job.status.state)).toEqual(['queued', 'queued', 'queued']);

    // The queue took the first job before this call reached the database (one writer, in order).
    const answer = await service.cancel(jobs.map((job) => job.printId));
    const [first, second, third] = answer;
    expect(first?.status.state).not.toBe('failed');
    for (const cancelled of [second, third]) {
      expect(cancelled?.status).toEqual({ state: 'failed', error: { code: 'CANCELLED', message: CANCELLED_PRINT_MESSAGE } });
    }
    await service.idle();

    expect(statesOf(jobs[0]!.printId)).toEqual(['queued', 'reserving', 'spooling', 'printing', 'awaiting-confirmation']);
    for (const job of jobs.slice(1)) {
      // Never reserved, never spooled: the worker left them as the cancel did.
      expect(statesOf(job.printId)).toEqual(['queued', 'failed']);
      expect(sandbox.control.getPrint(job.printId)).toBeNull();
      expect(sandbox.control.getCertificate(job.certificateId)?.printStatus).toBe('pending');
      expect(await profile.db.call('originalAlreadyPrinted', job.certificateId)).toBe(false);
    }
    expect(sandbox.control.stats().printsRegistered - registeredBefore).toBe(1);
    await waitForSpooledJob(printer.spoolDir, `${batch[0]!.number} original`);
    const spooled = await readSpooledJobs(printer.spoolDir);
    expect(spooled.map((job) => job.jobName)).toEqual([`${batch[0]!.number} original`]);

    // A cancel after the end changes nothing.
    const again = await service.cancel(jobs.map((job) => job.printId));
    expect(again.map((job) => job.status.state)).toEqual(['awaiting-confirmation', 'failed', 'failed']);
    expect(await service.cancel(['no-such-print'])).toEqual([]);
  });

  it('prints a cancelled original later, once, under the same print id', async () => {
    const certificate = printable[3]!;
    // A lone job is claimed at once; a second one behind it waits, and is the one cancelled.
    const [blocker] = await service.start({ certificateIds: [printable[0]!.certificateId], kind: 'copy', printer: printer.printerName });
    const [job] = await service.start({ certificateIds: [certificate.certificateId], kind: 'original', printer: printer.printerName });
    const [cancelled] = await service.cancel([job!.printId]);
    expect(cancelled?.status).toMatchObject({ state: 'failed', error: { code: 'CANCELLED' } });
    await service.idle();
    expect(sandbox.control.getPrint(job!.printId)).toBeNull();

    const [retry] = await service.start({ certificateIds: [certificate.certificateId], kind: 'original', printer: printer.printerName });
    expect(retry?.printId).toBe(job!.printId);
    await service.idle();
    expect((await profile.db.call('getPrint', job!.printId))?.status.state).toBe('awaiting-confirmation');
    expect(sandbox.control.getPrint(job!.printId)).toMatchObject({ kind: 'original' });
    expect(sandbox.control.getCertificate(certificate.certificateId)?.printStatus).toBe('printed');
    expect((await profile.db.call('getPrint', blocker!.printId))?.status.state).toBe('awaiting-confirmation');
  });
});

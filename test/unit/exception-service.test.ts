// 打印异常申请 below the UI: the exception service, the printing service and the outbox
// with their real collaborators — the sandbox over HTTPS, the database worker, CUPS with
// a simulated duplex colour printer.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrintJobView } from '../../preload/contract';
import { refusePrint } from '../../main/core/print-rules';
import { refuseForRole } from '../../main/ipc/permissions';
import { argSchemas } from '../../main/ipc/schemas';
import { silentLogger } from '../../main/log/logger';
import type { ApiClient } from '../../main/net/client';
import type { CertificateDto } from '../../main/net/contract';
import { CupsBackend } from '../../main/print';
import { LayoutStore } from '../../main/services/certificates/layout-store';
import { EXCEPTION_MESSAGES, ExceptionService } from '../../main/services/exceptions/exception-service';
import { OutboxService } from '../../main/services/outbox/outbox-service';
import { PrintService } from '../../main/services/printing/print-service';
import type { Profile } from '../../main/services/session/session-service';
import { EXCEPTION_REFUSALS, startSandbox, type Sandbox } from '../sandbox/server';
import { openTestProfile, removeTestProfiles, testApi, testPdfWorker } from '../support/app-services';
import { startCups, waitForSpooledJob, type CupsSim } from '../support/cups';

let root: string;
let sandbox: Sandbox;
let printer: CupsSim;
let api: ApiClient;
let profile: Profile;
let outbox: OutboxService;
let exceptions: ExceptionService;
let printing: PrintService;
let certificate: CertificateDto;
/** [0] is printed and applied for, [1] stays unprinted until the last test, [2] is archived in the cache. */
let printable: CertificateDto[];
const events: PrintJobView[] = [];

const newExceptions = (client: ApiClient) => new ExceptionService({ api: client, profile: () => profile, onRecorded: () => {}, log: silentLogger });

async function printOriginal(answer: 'yes' | 'no'): Promise<string> {
  const [job] = await printing.start({ certificateIds: [certificate.certificateId], kind: 'original', printer: printer.printerName });
  await printing.idle();
  expect(events.filter((event) => event.printId === job!.printId).at(-1)?.status.state).toBe('awaiting-confirmation');
  await printing.confirm(job!.printId, answer);
  await outbox.flush();
  return job!.printId;
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'co-exception-service-'));
  sandbox = await startSandbox({ dataDir: join(root, 'sandbox'), seed: 29, certificateCount: 200, tickIntervalMs: 0 });
  printer = await startCups({ name: 'ExcService', duplex: true, color: true });
  api = testApi(sandbox.url, sandbox.caCertPem);
  api.setToken((await api.login({ username: 'demo', password: 'demo123' })).token);
  profile = openTestProfile(join(root, 'profile'));
  printable = sandbox.control.listPrintable(3);
  await profile.db.call('upsertCertificates', printable);
  certificate = printable[0]!;
  outbox = new OutboxService({ api, profile: () => profile, log: silentLogger, retryBaseMs: 60_000 });
  exceptions = newExceptions(api);
  printing = new PrintService({
    api,
    backend: new CupsBackend(),
    layouts: new LayoutStore(api),
    pdf: testPdfWorker(),
    profile: () => profile,
    spoolDir: root,
    emit: (job) => events.push(job),
    onConfirmed: () => {},
    exceptions,
    log: silentLogger,
    jobPollMs: 200,
  });
});

afterAll(async () => {
  outbox?.stop();
  await profile?.db.close();
  await printer?.stop();
  await sandbox?.stop();
  rmSync(root, { recursive: true, force: true });
  removeTestProfiles();
});

describe('ExceptionService', () => {
  it('refuses a certificate not printed yet, and an archived one, changing nothing', async () => {
    const [, pending, archived] = printable;
    await expect(exceptions.submit({ certificateId: pending!.certificateId, reasonCode: 'other', operationCode: 'reprint-original' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT', message: EXCEPTION_MESSAGES.NOT_PRINTED,
    });
    await profile.db.call('upsertCertificates', [{ ...archived!, archiveStatus: 'archived', printStatus: 'printed', seq: archived!.seq + 1_000_000 }]);
    await expect(exceptions.submit({ certificateId: archived!.certificateId, reasonCode: 'other', operationCode: 'reprint-original' })).rejects.toMatchObject({
      code: 'ARCHIVED', message: '已归档的证书不可进行异常申请。',
    });
    expect(await exceptions.list()).toEqual([]);
  });

  it('gives the options from the server, and from the cache offline; offline an application is refused and nothing changes', async () => {
    const options = await exceptions.options();
    expect(options.reasons.map((option) => option.label)).toContain('打印机卡纸或故障');
    expect(options.operations.map((option) => option.label)).toEqual(['重新打印正本', '重新打印正副本']);
    await printOriginal('no');
    expect(sandbox.control.getCertificate(certificate.certificateId)?.printStatus).toBe('printed');

    const offline = newExceptions(testApi('https://127.0.0.1:9', sandbox.caCertPem, { deadlineMs: 2_000, attempts: 1 }));
    await expect(offline.options()).resolves.toEqual(options);
    await expect(offline.submit({ certificateId: certificate.certificateId, reasonCode: 'printer-fault', operationCode: 'reprint-original' })).rejects.toMatchObject({
      code: 'OFFLINE', message: EXCEPTION_MESSAGES.OFFLINE,
    });
    expect(await offline.list()).toEqual([]);
    expect(sandbox.control.stats().exceptionPrintsReported).toBe(0);
  });

  it('submits, refuses a second open application here and at the server, and prints exactly one more original after approval', async () => {
    const application = await exceptions.submit({ certificateId: certificate.certificateId, reasonCode: 'printer-fault', operationCode: 'reprint-original' });
    expect(application).toMatchObject({ status: 'pending', reason: '打印机卡纸或故障', operation: '重新打印正本', printUsed: false, printCounted: false });
    const again = { certificateId: certificate.certificateId, reasonCode: 'other', operationCode: 'reprint-both' };
    await expect(exceptions.submit(again)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: EXCEPTION_MESSAGES.OPEN });
    // With an empty cache the server refuses it too.
    await profile.db.call('replaceExceptionApplications', []);
    await expect(exceptions.submit(again)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: EXCEPTION_REFUSALS.open });

    // Pending is not approved: the original is still refused.
    const original = { certificateIds: [certificate.certificateId], kind: 'original' as const, printer: printer.printerName };
    await expect(printing.start(original)).rejects.toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    expect(sandbox.control.decideExceptions('approve')).toBe(1);
    expect((await exceptions.list())[0]).toMatchObject({ applicationId: application.applicationId, status: 'approved', reviewMessage: '审核通过' });
    // 异常申请列表 offline: as last cached.
    const offline = newExceptions(testApi('https://127.0.0.1:9', sandbox.caCertPem, { deadlineMs: 2_000, attempts: 1 }));
    expect((await offline.list()).map((view) => [view.applicationId, view.status])).toEqual([[application.applicationId, 'approved']]);

    const registeredBefore = sandbox.control.stats().printsRegistered;
    const printId = await printOriginal('no');
    expect(sandbox.control.stats().printsRegistered).toBe(registeredBefore + 1);
    const spooled = await waitForSpooledJob(printer.spoolDir, `${certificate.number} original`);
    expect(spooled.pages).toBe(2);
    expect(sandbox.control.getExceptionApplication(application.applicationId)).toMatchObject({ usedByPrintId: printId });
    expect(sandbox.control.getCertificate(certificate.certificateId)?.exceptionPrintCount).toBe(1);
    expect(sandbox.control.stats().exceptionPrintsReported).toBe(1);
    expect((await profile.db.call('getCertificate', certificate.certificateId))?.exceptionPrintCount).toBe(1);
    expect((await exceptions.list())[0]).toMatchObject({ printUsed: true, printCounted: true });

    // A third original: the approval is used up, here and at the server.
    await expect(printing.start(original)).rejects.toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    await profile.db.call('replaceExceptionApplications', []);
    await expect(printing.start(original)).rejects.toMatchObject({ code: 'ORIGINAL_ALREADY_PRINTED' });
    expect(sandbox.control.stats().printsRegistered).toBe(registeredBefore + 1);
  });

  it('reports an exception print exactly once when the server’s answer is lost', async () => {
    certificate = printable[1]!;
    await printOriginal('no');
    await exceptions.submit({ certificateId: certificate.certificateId, reasonCode: 'position-offset', operationCode: 'reprint-both' });
    sandbox.control.decideExceptions('approve');
    const reported = sandbox.control.stats().exceptionPrintsReported;
    // The report is applied, then the connection drops before the answer.
    const [job] = await printing.start({ certificateIds: [certificate.certificateId], kind: 'both', printer: printer.printerName });
    await printing.idle();
    sandbox.control.setFaults({ dropRate: 1 });
    await printing.confirm(job!.printId, 'no');
    await outbox.flush();
    expect(await profile.db.call('countOutbox')).toBeGreaterThan(0);
    sandbox.control.clearFaults();
    await outbox.flush();
    expect(await profile.db.call('countOutbox')).toBe(0);
    expect(sandbox.control.stats().exceptionPrintsReported).toBe(reported + 1);
    expect(sandbox.control.getCertificate(certificate.certificateId)?.exceptionPrintCount).toBe(1);
  });

  it('after a crash between the spooler and the question, the exception print is still reported once', async () => {
    const [fresh] = sandbox.control.insertCertificates([{}]);
    certificate = fresh!;
    await profile.db.call('upsertCertificates', [certificate]);
    await printOriginal('no');
    await exceptions.submit({ certificateId: certificate.certificateId, reasonCode: 'paper-toner', operationCode: 'reprint-original' });
    sandbox.control.decideExceptions('approve');
    const reported = sandbox.control.stats().exceptionPrintsReported;
    const [job] = await printing.start({ certificateIds: [certificate.certificateId], kind: 'original', printer: printer.printerName });
    await printing.idle();
    const spooled = events.filter((event) => event.printId === job!.printId).find((event) => event.status.state === 'printing');
    if (spooled?.status.state !== 'printing') throw new Error('the job never reached the spooler');
    // The app died after the report was recorded, before the question was: the job is taken up again after the restart.
    await profile.db.call('setPrintState', job!.printId, { state: 'printing', spoolerJobId: spooled.status.spoolerJobId }, new Date().toISOString());
    const restarted = new PrintService({
      api, backend: new CupsBackend(), layouts: new LayoutStore(api), pdf: testPdfWorker(), profile: () => profile, spoolDir: root,
      emit: (view) => events.push(view), onConfirmed: () => {}, exceptions: newExceptions(api), log: silentLogger, jobPollMs: 200,
    });
    await restarted.resume(profile);
    await restarted.idle();
    const rows = (await profile.db.call('pendingOutbox', 10)).filter((entry) => entry.operation === 'exception-print');
    expect(rows.map((entry) => entry.idempotencyKey)).toEqual([`exception-print-${job!.printId}`]);
    await restarted.confirm(job!.printId, 'no');
    await outbox.flush();
    expect(await profile.db.call('countOutbox')).toBe(0);
    expect(sandbox.control.stats().exceptionPrintsReported).toBe(reported + 1);
    expect(sandbox.control.getCertificate(certificate.certificateId)?.exceptionPrintCount).toBe(1);
  });
});

describe('the print rule with an approved 打印异常申请', () => {
  it('allows one more original of a printed certificate, but never of an archived one, nor past the other rules', () => {
    const printed = { archiveStatus: 'unarchived', layoutStatus: 'received', printStatus: 'printed' } as const;
    expect(refusePrint(printed, 'original', true, 'ok')?.code).toBe('ORIGINAL_ALREADY_PRINTED');
    expect(refusePrint(printed, 'original', true, 'ok', true)).toBeNull();
    expect(refusePrint(printed, 'both', false, 'unknown', true)).toBeNull();
    expect(refusePrint({ ...printed, archiveStatus: 'archived' }, 'original', true, 'ok', true)?.code).toBe('ARCHIVED');
    expect(refusePrint(printed, 'original', true, 'not-authorized', true)?.code).toBe('NOT_SELF_PRINTABLE');
  });
});

describe('打印异常申请 over IPC', () => {
  it('parses the arguments strictly and lets every role that may print use the channels', () => {
    const submit = argSchemas['exceptions:submit'];
    expect(submit.safeParse([{ certificateId: 'c1', reasonCode: 'other', operationCode: 'reprint-original' }]).success).toBe(true);
    for (const bad of [
      [],
      [{ certificateId: 'c1', reasonCode: 'other' }],
      [{ certificateId: 'c1; DROP', reasonCode: 'other', operationCode: 'reprint-original' }],
      [{ certificateId: 'c1', reasonCode: 'other', operationCode: 'reprint-original', extra: true }],
      [{ certificateId: 'c'.repeat(65), reasonCode: 'other', operationCode: 'reprint-original' }],
    ]) {
      expect(submit.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
    expect(argSchemas['exceptions:list'].safeParse([1]).success).toBe(false);
    for (const channel of ['exceptions:options', 'exceptions:list', 'exceptions:submit'] as const) {
      expect(refuseForRole(channel, null)?.code).toBe('NOT_SIGNED_IN');
      for (const role of ['password', 'operator', 'legal-person'] as const) expect(refuseForRole(channel, role)).toBeNull();
    }
  });
});

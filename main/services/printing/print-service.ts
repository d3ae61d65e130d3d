// 证书打印: checks, registration with the server, the OS spooler, the user's
// confirmation. Jobs run one at a time in the order they were asked for; every
// step is recorded in the prints table before the next begins, so a crash at any
// point is resumed (or asked about) after the restart.
//
// A job (PrintJobState in the contract):
//   queued → reserving → spooling → printing → awaiting-confirmation → confirmed
//   any step before awaiting-confirmation → failed
//   queued → failed (CANCELLED) when the user cancels it: nothing was sent anywhere
// An original is registered with the server BEFORE it is spooled: the server's
// answer is what guarantees one original per certificate, across workstations.

import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrintJobView, PrintRequest, PrinterCheck, PrinterInfo, PrinterOffset, SpoolerOutcome } from '../../../preload/contract';
import { AppFailure, toAppError } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import { includesOriginal, refusePrint } from '../../core/print-rules';
import type { Logger } from '../../log/logger';
import type { ApiClient } from '../../net/client';
import type { CertificateDto } from '../../net/contract';
import type { PdfWork } from '../../pdf/pdf-worker-client';
import { checkPrinterForOriginal, PrintError, waitForJobEnd, type PrintBackend } from '../../print/backend';
import type { LayoutStore } from '../certificates/layout-store';
import type { Profile } from '../session/session-service';

export interface PrintServiceDeps {
  api: ApiClient;
  backend: PrintBackend;
  layouts: LayoutStore;
  /** Joins and shifts the jobs' PDFs off the main thread. */
  pdf: Pick<PdfWork, 'concatenate' | 'shift'>;
  profile(): Profile;
  /** Where the PDF of a job is written for the spooler. */
  spoolDir: string;
  emit(job: PrintJobView): void;
  /** After a confirmation is recorded: deliver the outbox. */
  onConfirmed(): void;
  /**
   * 打印异常申请: the approval that allows one more original of a certificate (null: none),
   * and the note that a print reached the spooler, so an exception print gets reported.
   */
  exceptions?: {
    allowance(profile: Profile, certificateId: string): Promise<string | null>;
    printed(profile: Profile, printId: string): Promise<void>;
  };
  log: Logger;
  now?: () => Date;
  jobPollMs?: number;
  jobTimeoutMs?: number;
  /** 打印校准: the printer's offset, applied to every job on it; absent: no printer is calibrated. */
  calibration?: { offsetFor(printer: string): Promise<PrinterOffset | null> };
}

export class PrintService {
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: PrintServiceDeps) {}

  listPrinters(): Promise<PrinterInfo[]> {
    return this.withPrintErrors(() => this.deps.backend.listPrinters());
  }

  async checkPrinter(printer: string): Promise<PrinterCheck> {
    const capabilities = await this.withPrintErrors(() => this.deps.backend.capabilities(printer));
    return { name: printer, ...capabilities, problems: checkPrinterForOriginal(capabilities) };
  }

  /**
   * Checks every certificate and the printer first, so a batch is refused whole
   * with the reason rather than half printed; then queues one job per certificate.
   */
  async start(request: PrintRequest): Promise<PrintJobView[]> {
    const profile = this.deps.profile();
    const certificates: CertificateDto[] = [];
    const allowances = new Map<string, string>();
    for (const certificateId of request.certificateIds) {
      const certificate = await profile.db.call('getCertificate', certificateId);
      if (!certificate) throw new AppFailure('NOT_FOUND', MESSAGES.NOT_FOUND);
      const printedHere = includesOriginal(request.kind) && (await profile.db.call('originalAlreadyPrinted', certificateId));
      const selfPrint = (await profile.db.call('certificateSelfPrint', certificateId)) ?? 'unknown';
      let refusal = refusePrint(certificate, request.kind, printedHere, selfPrint);
      // Only a second original asks for an approved 打印异常申请 (a round trip when online).
      if (refusal?.code === 'ORIGINAL_ALREADY_PRINTED') {
        const allowance = (await this.deps.exceptions?.allowance(profile, certificateId)) ?? null;
        if (allowance) allowances.set(certificateId, allowance);
        refusal = refusePrint(certificate, request.kind, printedHere, selfPrint, allowance !== null);
      }
      if (refusal) throw new AppFailure(refusal.code, `证书(${certificate.number}):${refusal.message}`);
      certificates.push(certificate);
    }
    const check = await this.checkPrinter(request.printer);
    if (check.problems.length > 0) {
      throw new AppFailure('PRINTER_UNSUITABLE', `${check.problems.join(';')}。请使用支持双面自动打印的彩色打印机进行打印!`);
    }

    const views: PrintJobView[] = [];
    for (const certificate of certificates) {
      const now = this.nowIso();
      // A registration that may have reached the server keeps its id, so the
      // server's idempotency decides instead of counting a second original.
      const reused = await profile.db.call('unresolvedRegistration', certificate.certificateId, request.kind);
      const printId = reused ?? randomUUID();
      if (!reused) {
        await profile.db.call('insertPrint', {
          printId,
          certificateId: certificate.certificateId,
          certificateNumber: certificate.number,
          // Every print records on whose behalf it was made: an agent prints its principals' certificates.
          onBehalfOf:
            certificate.applicantCode === profile.enterpriseCode ? null : { code: certificate.applicantCode, name: certificate.applicant },
          kind: request.kind,
          printer: request.printer,
          now,
        });
      }
      const allowance = allowances.get(certificate.certificateId);
      if (allowance) await profile.db.call('setPrintException', printId, allowance);
      const view = await profile.db.call('setPrintState', printId, { state: 'queued' }, now);
      this.deps.emit(view);
      views.push(view);
      this.enqueue(() => this.run(profile, printId, certificate, request.printer));
    }
    return views;
  }

  /**
   * 取消: cancels the jobs of a batch that are still queued. A job already registered or
   * spooled goes on (the server may have counted its original; the paper may be coming);
   * the answer lists every job asked about, as it is now.
   */
  async cancel(printIds: readonly string[]): Promise<PrintJobView[]> {
    const profile = this.deps.profile();
    const cancelled = await profile.db.call('cancelQueuedPrints', printIds, this.nowIso());
    for (const view of cancelled) this.deps.emit(view);
    this.deps.log.info('queued prints cancelled', { asked: printIds.length, cancelled: cancelled.length });
    const views: PrintJobView[] = [];
    for (const printId of printIds) {
      const view = await profile.db.call('getPrint', printId);
      if (view) views.push(view);
    }
    return views;
  }

  jobs(): Promise<PrintJobView[]> {
    return this.deps.profile().db.call('recentPrints', 20);
  }

  async confirm(printId: string, answer: 'yes' | 'no'): Promise<PrintJobView> {
    const profile = this.deps.profile();
    const job = await profile.db.call('getPrint', printId);
    if (!job) throw new AppFailure('NOT_FOUND', '未找到该打印任务。');
    if (job.status.state === 'confirmed') return job; // a repeated click changes nothing
    if (job.status.state !== 'awaiting-confirmation') throw new AppFailure('INVALID_ARGUMENT', '该打印任务尚未完成,不能确认。');
    const view = await profile.db.call('recordConfirmation', {
      printId,
      answer,
      spoolerOutcome: job.status.spoolerOutcome,
      now: this.nowIso(),
    });
    this.deps.log.info('print confirmed', { printId, answer });
    this.deps.emit(view);
    this.deps.onConfirmed();
    return view;
  }

  /**
   * After a restart: a job that was spooled (or may have been) is followed to its
   * end and then asked about again; one that never reached the spooler is failed,
   * keeping its id so a retry reuses the same registration.
   */
  async resume(profile: Profile): Promise<void> {
    for (const job of await profile.db.call('unfinishedPrints')) {
      switch (job.status.state) {
        case 'queued':
        case 'reserving':
          this.deps.emit(
            await profile.db.call('setPrintState', job.printId, { state: 'failed', error: { code: 'OFFLINE', message: '程序在登记打印时退出,证书未打印,请重新打印。' } }, this.nowIso()),
          );
          break;
        case 'spooling':
        case 'printing': {
          const spoolerJobId = job.status.state === 'printing' ? job.status.spoolerJobId : null;
          this.enqueue(() => this.follow(profile, job.printId, job.printer, spoolerJobId));
          break;
        }
        case 'awaiting-confirmation':
          this.deps.emit(job);
          break;
        case 'confirmed':
        case 'failed':
          break;
      }
    }
  }

  /** Resolves when every queued job has been processed (for shutdown and tests). */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(task: () => Promise<void>): void {
    this.queue = this.queue.then(task).catch((error: unknown) => this.deps.log.error('print task crashed', error));
  }

  private async run(profile: Profile, printId: string, certificate: CertificateDto, printer: string): Promise<void> {
    const set = async (status: Parameters<typeof this.setState>[2]) => this.setState(profile, printId, status);
    try {
      // A job the user cancelled while it waited is left as it is: never registered, never spooled.
      const job = await profile.db.call('claimQueuedPrint', printId, this.nowIso());
      if (!job) return;
      this.deps.emit(job);
      const registered = await this.deps.api.registerPrint({
        printId,
        certificateId: certificate.certificateId,
        kind: job.kind,
        printerName: job.printer,
      });
      await profile.db.call('upsertCertificates', [registered.certificate]);
      await set({ state: 'spooling' });
      const pdf = await this.calibrated(printer, await this.documentFor(profile, registered.certificate, job.kind));
      const file = join(this.deps.spoolDir, `${printId}.pdf`);
      await writeFile(file, pdf);
      let spoolerJobId: string;
      try {
        spoolerJobId = await this.deps.backend.submit({
          printer,
          filePath: file,
          title: `${certificate.number} ${job.kind}`,
          duplex: true,
          color: true,
          copies: 1,
        });
      } finally {
        // The spooler keeps its own copy once lp returns; ours is no longer needed.
        await rm(file, { force: true });
      }
      await set({ state: 'printing', spoolerJobId });
      await this.follow(profile, printId, printer, spoolerJobId);
    } catch (error) {
      const appError = error instanceof PrintError ? { code: error.code, message: error.message } : toAppError(error);
      if (!(error instanceof AppFailure) && !(error instanceof PrintError)) this.deps.log.error('print failed', error);
      await set({ state: 'failed', error: appError });
    }
  }

  /** Waits for the spooler's verdict, then asks the user. */
  private async follow(profile: Profile, printId: string, printer: string, spoolerJobId: string | null): Promise<void> {
    let outcome: SpoolerOutcome = 'unknown';
    if (spoolerJobId) {
      try {
        outcome = await waitForJobEnd(this.deps.backend, printer, spoolerJobId, {
          pollMs: this.deps.jobPollMs ?? 500,
          timeoutMs: this.deps.jobTimeoutMs ?? 10 * 60_000,
        });
      } catch (error) {
        this.deps.log.warn('could not follow the spooler job', { printId, reason: String(error) });
      }
    }
    // Before the question: a crash after this is resumed here again, and the report's key keeps it single.
    try {
      await this.deps.exceptions?.printed(profile, printId);
    } catch (error) {
      this.deps.log.error('recording the exception print failed', error);
    }
    await this.setState(profile, printId, { state: 'awaiting-confirmation', spoolerOutcome: outcome });
  }

  private async documentFor(profile: Profile, certificate: CertificateDto, kind: PrintRequest['kind']): Promise<Uint8Array> {
    if (kind !== 'both') return this.deps.layouts.read(profile, certificate, kind);
    const original = await this.deps.layouts.read(profile, certificate, 'original');
    const copy = await this.deps.layouts.read(profile, certificate, 'copy');
    return this.deps.pdf.concatenate([original, copy]);
  }

  /** 打印校准: the job's PDF moved by the printer's offset; unchanged for a printer without one. */
  private async calibrated(printer: string, pdf: Uint8Array): Promise<Uint8Array> {
    const offset = (await this.deps.calibration?.offsetFor(printer)) ?? null;
    if (!offset) return pdf;
    const shifted = await this.deps.pdf.shift(pdf, offset);
    this.deps.log.info('calibration offset applied', { printer, offset });
    return shifted;
  }

  private async setState(profile: Profile, printId: string, status: PrintJobView['status']): Promise<void> {
    this.deps.emit(await profile.db.call('setPrintState', printId, status, this.nowIso()));
  }

  private async withPrintErrors<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof PrintError) throw new AppFailure(error.code, error.message, { cause: error });
      throw error;
    }
  }

  private nowIso(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

// The main thread's handle on the PDF worker (./pdf-worker.ts): one thread, started on the
// first job and kept, jobs answered by id in any order. A worker that dies fails the jobs it
// held with a plain message and is started afresh for the next one; a print job that fails
// this way is never spooled, so it stays printable.

import { Worker } from 'node:worker_threads';
import type { PrinterOffset } from '../../preload/contract';
import { AppFailure } from '../core/errors';
import { isZeroOffset } from '../core/calibration';
import type { Logger } from '../log/logger';
import { pdfReplySchema, type PdfRequest } from './pdf-worker-protocol';

/** The PDF work a print job needs, as the services use it. */
export interface PdfWork {
  /** 打印正副本: the documents as one, in order. */
  concatenate(documents: readonly Uint8Array[]): Promise<Uint8Array>;
  /** 打印校准: the document moved by the offset; the same bytes for no offset. */
  shift(bytes: Uint8Array, offset: PrinterOffset | null): Promise<Uint8Array>;
  /** The calibration page moved by the offset it states; warnings are what it had to leave out. */
  calibrationPage(applied: PrinterOffset | null): Promise<{ bytes: Uint8Array; warnings: string[] }>;
}

type Job = { resolve(result: { bytes: Uint8Array; warnings: string[] }): void; reject(error: Error): void };
/** Omit that keeps a union a union (each member loses the key). */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;
/** A request as the caller writes it; the id is the client's. */
type Request = WithoutId<PdfRequest>;

export class PdfWorker implements PdfWork {
  private worker: Worker | null = null;
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: { workerPath: string; execArgv?: string[]; log: Logger }) {}

  async concatenate(documents: readonly Uint8Array[]): Promise<Uint8Array> {
    return (await this.run({ op: 'concatenate', documents: [...documents] })).bytes;
  }

  async shift(bytes: Uint8Array, offset: PrinterOffset | null): Promise<Uint8Array> {
    if (isZeroOffset(offset)) return bytes;
    return (await this.run({ op: 'shift', bytes, offset })).bytes;
  }

  calibrationPage(applied: PrinterOffset | null): Promise<{ bytes: Uint8Array; warnings: string[] }> {
    return this.run({ op: 'calibration-page', applied });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll('PDF 处理已关闭。');
    const worker = this.worker;
    this.worker = null;
    if (worker) await worker.terminate();
  }

  private run(request: Request): Promise<{ bytes: Uint8Array; warnings: string[] }> {
    if (this.closed) return Promise.reject(new AppFailure('CANCELLED', 'PDF 处理已关闭。'));
    const id = this.nextId++;
    const worker = this.ensureWorker();
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      // The inputs are copied: the layouts stay the caller's, and are a few hundred kilobytes.
      worker.postMessage({ id, ...request });
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.workerPath, { execArgv: this.options.execArgv ?? [] });
    // Idle, it must not keep a process alive that has nothing else to do.
    worker.unref();
    worker.on('message', (raw: unknown) => {
      if (this.worker === worker) this.settle(raw);
    });
    worker.on('error', (error) => {
      if (this.worker !== worker) return;
      this.options.log.error('PDF worker failed', error);
      this.replace();
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.options.log.error('PDF worker exited', new Error(`exit code ${code}`));
      this.replace();
    });
    this.worker = worker;
    return worker;
  }

  private settle(raw: unknown): void {
    const parsed = pdfReplySchema.safeParse(raw);
    const job = parsed.success ? this.jobs.get(parsed.data.id) : undefined;
    if (!parsed.success || !job) {
      // Which job it answers is unknown: none of them can be trusted to get its answer.
      this.options.log.error('PDF worker sent a malformed reply', parsed.success ? undefined : parsed.error);
      this.replace();
      return;
    }
    this.jobs.delete(parsed.data.id);
    const reply = parsed.data;
    if (reply.ok) {
      job.resolve({ bytes: reply.bytes, warnings: reply.warnings });
      return;
    }
    // pdf-lib's words are for the log; the user gets what to do.
    this.options.log.error('PDF job failed', new Error(reply.message));
    job.reject(new AppFailure('INTERNAL', 'PDF 处理失败,请重试;仍不成功请联系技术支持。'));
  }

  /** The worker is gone: its jobs fail, and the next job starts a new one. */
  private replace(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    this.failAll('PDF 处理程序意外退出,请重试。');
  }

  private failAll(message: string): void {
    for (const job of this.jobs.values()) job.reject(new AppFailure('INTERNAL', message));
    this.jobs.clear();
  }
}

// The main thread's side of one export: starts a worker of its own for it, relays its
// progress, cancels it through a shared flag (the worker checks it between rows, so a
// cancel needs no message turn) and makes sure that whatever happens — cancel, failure,
// a worker that dies or hangs — no temporary file is left beside the target.

import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { CertificateExportQuery } from '../../preload/contract';
import { AppFailure } from '../core/errors';
import { MESSAGES } from '../core/messages';
import type { Logger } from '../log/logger';
import { exportReplySchema, type ExportJob, type FailureKind } from './export-worker-protocol';

export interface ExportRun {
  workerPath: string;
  execArgv?: string[];
  databasePath: string;
  query: CertificateExportQuery;
  target: string;
  /** The temporary file beside the target (tempPathFor); made here when not given. */
  temp?: string;
  rowsPerSheet?: number;
  signal?: AbortSignal;
  onProgress(written: number, total: number): void;
  log: Logger;
}

export interface ExportResult {
  rows: number;
  /** The worker's peak V8 heap, sampled between turns (for benchmarks and logs). */
  heapPeakBytes: number;
}

/** How long a cancelled worker may take to clean up before it is terminated. */
const CANCEL_GRACE_MS = 10_000;

/** The temporary file beside the target: same folder, so the final rename never crosses file systems. */
export function tempPathFor(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.part`);
}

export function failureMessage(kind: FailureKind, target: string): string {
  switch (kind) {
    case 'target':
      return `导出失败:无法写入文件"${target}"。请确认所选文件夹存在、可写入且磁盘空间充足,目标文件没有被其他程序(如 Excel)打开,然后重新导出。`;
    case 'database':
      return '导出失败:无法读取本地证书数据,请稍后重新导出。';
    case 'internal':
      return '导出失败:程序内部错误,详情已记录在日志中。';
  }
}

export function runExport(run: ExportRun): Promise<ExportResult> {
  const temp = run.temp ?? tempPathFor(run.target);
  const cancelFlag = new SharedArrayBuffer(4);
  const job: ExportJob = { databasePath: run.databasePath, query: run.query, target: run.target, temp, cancelFlag, rowsPerSheet: run.rowsPerSheet };
  if (run.signal?.aborted) return Promise.reject(new AppFailure('CANCELLED', MESSAGES.CANCELLED));

  return new Promise<ExportResult>((resolve, reject) => {
    const worker = new Worker(run.workerPath, {
      workerData: job,
      execArgv: run.execArgv ?? [],
      // Streaming keeps the heap small at any row count; a runaway is stopped, not the app.
      resourceLimits: { maxOldGenerationSizeMb: 256, maxYoungGenerationSizeMb: 32 },
    });
    let settled: { ok: true; value: ExportResult } | { ok: false; error: Error } | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    const settle = (outcome: { ok: true; value: ExportResult } | { ok: false; error: Error }) => {
      settled ??= outcome;
      void worker.terminate();
    };
    const onAbort = () => {
      Atomics.store(new Int32Array(cancelFlag), 0, 1);
      graceTimer = setTimeout(() => {
        run.log.warn('export worker did not stop after cancel; terminating it');
        settle({ ok: false, error: new AppFailure('CANCELLED', MESSAGES.CANCELLED) });
      }, CANCEL_GRACE_MS);
    };
    run.signal?.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (raw: unknown) => {
      const parsed = exportReplySchema.safeParse(raw);
      if (!parsed.success) {
        run.log.error('export worker sent a malformed reply', parsed.error);
        settle({ ok: false, error: new AppFailure('EXPORT_FAILED', failureMessage('internal', run.target)) });
        return;
      }
      const message = parsed.data;
      switch (message.type) {
        case 'started':
          run.onProgress(0, message.total);
          return;
        case 'progress':
          run.onProgress(message.written, message.total);
          return;
        case 'done':
          settle({ ok: true, value: { rows: message.rows, heapPeakBytes: message.heapPeakBytes } });
          return;
        case 'cancelled':
          settle({ ok: false, error: new AppFailure('CANCELLED', MESSAGES.CANCELLED) });
          return;
        case 'failed':
          run.log.warn('export failed', { kind: message.kind, errno: message.errno, detail: message.detail });
          settle({ ok: false, error: new AppFailure('EXPORT_FAILED', failureMessage(message.kind, run.target)) });
          return;
      }
    });
    worker.on('error', (error) => {
      run.log.error('export worker crashed', error);
      settle({ ok: false, error: new AppFailure('EXPORT_FAILED', failureMessage('internal', run.target)) });
    });
    worker.on('exit', () => {
      clearTimeout(graceTimer);
      run.signal?.removeEventListener('abort', onAbort);
      const outcome = settled ?? { ok: false as const, error: new AppFailure('EXPORT_FAILED', failureMessage('internal', run.target)) };
      // The worker removes its temp file itself; this covers a worker that died or was terminated first.
      void rm(temp, { force: true })
        .catch((error: unknown) => run.log.warn('could not remove an export temp file', { reason: String(error) }))
        .finally(() => (outcome.ok ? resolve(outcome.value) : reject(outcome.error)));
    });
  });
}

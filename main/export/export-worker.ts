// The export worker thread: opens the cache read-only beside the database worker (WAL
// lets a reader run beside the writer, on one consistent snapshot), streams the list's
// rows for the query into a temporary .xlsx beside the target and renames it into
// place when complete. Main only hears progress; the event loop never sees exceljs.

import { rename, stat, unlink } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { iterateCertificates } from '../db/queries/certificates';
import { writeCertificateWorkbook } from './certificate-workbook';
import { exportJobSchema, type ExportReply, type FailureKind } from './export-worker-protocol';

const PROGRESS_INTERVAL_MS = 200;

const port = parentPort;
if (!port) throw new Error('export worker must run in a worker thread');
const reply = (message: ExportReply) => port.postMessage(message);

class Failure extends Error {
  constructor(
    readonly kind: FailureKind,
    override readonly cause: unknown,
  ) {
    super(kind);
  }
}

async function run(): Promise<void> {
  const job = exportJobSchema.parse(workerData);
  const cancelFlag = new Int32Array(job.cancelFlag);
  const isCancelled = () => Atomics.load(cancelFlag, 0) === 1;
  let heapPeakBytes = getHeapStatistics().used_heap_size;
  let db: Database.Database;
  try {
    db = new Database(job.databasePath, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new Failure('database', error);
  }
  try {
    // One read transaction: the count and the rows come from the same snapshot, whatever a sync writes meanwhile.
    db.exec('BEGIN');
    let source: ReturnType<typeof iterateCertificates>;
    try {
      source = iterateCertificates(db, job.query);
    } catch (error) {
      throw new Failure('database', error);
    }
    const { total } = source;
    reply({ type: 'started', total });
    let lastProgress = Number.NEGATIVE_INFINITY;
    let outcome: Awaited<ReturnType<typeof writeCertificateWorkbook>>;
    try {
      outcome = await writeCertificateWorkbook({
        temp: job.temp,
        rows: source.rows,
        rowsPerSheet: job.rowsPerSheet,
        isCancelled,
        onProgress(written) {
          const now = performance.now();
          if (now - lastProgress < PROGRESS_INTERVAL_MS) return;
          lastProgress = now;
          reply({ type: 'progress', written, total });
        },
        onTurn() {
          heapPeakBytes = Math.max(heapPeakBytes, getHeapStatistics().used_heap_size);
        },
      });
    } catch (error) {
      throw isSqliteError(error) ? new Failure('database', error) : new Failure('target', error);
    } finally {
      source.rows.return();
    }
    if (outcome.outcome === 'cancelled') return reply({ type: 'cancelled' });
    // A cancel that came while the file was being finished still wins: nothing is renamed.
    if (isCancelled()) {
      await removeTemp(job.temp);
      return reply({ type: 'cancelled' });
    }
    try {
      // The target may be an existing folder: rename would then fail with an unclear error, or worse succeed on POSIX for an empty one.
      const existing = await stat(job.target).catch(() => null);
      if (existing?.isDirectory()) throw Object.assign(new Error('target is a directory'), { code: 'EISDIR' });
      await rename(job.temp, job.target);
    } catch (error) {
      await removeTemp(job.temp);
      throw new Failure('target', error);
    }
    reply({ type: 'done', rows: outcome.rows, heapPeakBytes });
  } finally {
    db.close();
  }
}

function isSqliteError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && code.startsWith('SQLITE');
}

async function removeTemp(temp: string): Promise<void> {
  await unlink(temp).catch(() => undefined);
}

run().catch((error: unknown) => {
  const kind: FailureKind = error instanceof Failure ? error.kind : 'internal';
  const cause = error instanceof Failure ? error.cause : error;
  const errno = typeof (cause as { code?: unknown } | null)?.code === 'string' ? (cause as { code: string }).code : null;
  reply({ type: 'failed', kind, errno, detail: cause instanceof Error ? cause.message : String(cause) });
});

// Print jobs, as durable records: a job that was spooled but never confirmed is
// found again after a crash and asked about.

import type { AppError, PrintJobState, PrintJobView, PrintKind, SpoolerOutcome } from '../../../preload/contract';
import type { Db } from '../connection';
import { enqueueOutbox } from './outbox';

type StoredState = PrintJobState['state'];

interface PrintRecord {
  print_id: string;
  certificate_id: string;
  certificate_number: string;
  on_behalf_of_name: string | null;
  kind: PrintKind;
  printer: string;
  state: StoredState;
  spooler_job_id: string | null;
  spooler_outcome: SpoolerOutcome | null;
  answer: 'yes' | 'no' | null;
  error_code: AppError['code'] | null;
  error_message: string | null;
  created_at: string;
}

function toStatus(record: PrintRecord): PrintJobState {
  switch (record.state) {
    case 'queued':
    case 'reserving':
    case 'spooling':
      return { state: record.state };
    case 'printing':
      return { state: 'printing', spoolerJobId: record.spooler_job_id ?? '' };
    case 'awaiting-confirmation':
      return { state: 'awaiting-confirmation', spoolerOutcome: record.spooler_outcome ?? 'unknown' };
    case 'confirmed':
      return { state: 'confirmed', answer: record.answer ?? 'no' };
    case 'failed':
      return { state: 'failed', error: { code: record.error_code ?? 'INTERNAL', message: record.error_message ?? '' } };
  }
}

function toView(record: PrintRecord): PrintJobView {
  return {
    printId: record.print_id,
    certificateId: record.certificate_id,
    certificateNumber: record.certificate_number,
    onBehalfOf: record.on_behalf_of_name,
    kind: record.kind,
    printer: record.printer,
    createdAt: record.created_at,
    status: toStatus(record),
  };
}

export function insertPrint(
  db: Db,
  print: {
    printId: string;
    certificateId: string;
    certificateNumber: string;
    /** The principal an agent prints for; null for the enterprise's own certificate. */
    onBehalfOf: { code: string; name: string } | null;
    kind: PrintKind;
    printer: string;
    now: string;
  },
): void {
  db.prepare(
    `INSERT INTO prints (print_id, certificate_id, certificate_number, on_behalf_of_code, on_behalf_of_name, kind, printer, state, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?)`,
  ).run(print.printId, print.certificateId, print.certificateNumber, print.onBehalfOf?.code ?? null, print.onBehalfOf?.name ?? null, print.kind, print.printer, print.now, print.now);
}

/** Moves a job to a new state, recording what that state carries. */
export function setPrintState(db: Db, printId: string, status: PrintJobState, now: string): PrintJobView {
  const fields = {
    printId,
    state: status.state,
    now,
    spoolerJobId: status.state === 'printing' ? status.spoolerJobId : null,
    spoolerOutcome: status.state === 'awaiting-confirmation' ? status.spoolerOutcome : null,
    answer: status.state === 'confirmed' ? status.answer : null,
    errorCode: status.state === 'failed' ? status.error.code : null,
    errorMessage: status.state === 'failed' ? status.error.message : null,
  };
  db.prepare(
    `UPDATE prints SET state = @state, updated_at = @now,
       spooler_job_id = COALESCE(@spoolerJobId, spooler_job_id),
       spooler_outcome = COALESCE(@spoolerOutcome, spooler_outcome),
       answer = COALESCE(@answer, answer),
       error_code = @errorCode, error_message = @errorMessage
     WHERE print_id = @printId`,
  ).run(fields);
  const view = getPrint(db, printId);
  if (!view) throw new Error(`print ${printId} vanished`);
  return view;
}

export function getPrint(db: Db, printId: string): PrintJobView | null {
  const record = db.prepare('SELECT * FROM prints WHERE print_id = ?').get(printId) as PrintRecord | undefined;
  return record ? toView(record) : null;
}

/** Jobs still in flight or waiting for the user's answer, oldest first, plus the latest finished ones. */
export function recentPrints(db: Db, finishedLimit: number): PrintJobView[] {
  const open = db
    .prepare(`SELECT * FROM prints WHERE state NOT IN ('confirmed', 'failed') ORDER BY created_at`)
    .all() as PrintRecord[];
  const finished = db
    .prepare(`SELECT * FROM prints WHERE state IN ('confirmed', 'failed') ORDER BY updated_at DESC LIMIT ?`)
    .all(finishedLimit) as PrintRecord[];
  return [...open, ...finished].map(toView);
}

/** Jobs a previous run left between spooling and the user's answer. */
export function unfinishedPrints(db: Db): PrintJobView[] {
  return (
    db.prepare(`SELECT * FROM prints WHERE state NOT IN ('confirmed', 'failed') ORDER BY created_at`).all() as PrintRecord[]
  ).map(toView);
}

/**
 * A print of this certificate's original that went past registration (so the
 * original exists, or may exist, on paper).
 */
export function originalAlreadyPrinted(db: Db, certificateId: string): boolean {
  return (
    db
      .prepare(
        `SELECT 1 FROM prints WHERE certificate_id = ? AND kind IN ('original', 'both')
           AND state IN ('spooling', 'printing', 'awaiting-confirmation', 'confirmed') LIMIT 1`,
      )
      .get(certificateId) !== undefined
  );
}

/**
 * The prints whose registration may or may not have reached the server: still to be
 * registered, or failed on the way (offline) or cancelled while queued with such an id.
 * One condition for every query that must not lose them: the retry, the exception
 * allowance and clearing the cache.
 */
export const UNRESOLVED_REGISTRATION = `(state IN ('queued', 'reserving') OR (state = 'failed' AND error_code IN ('OFFLINE', 'CANCELLED')))`;

/**
 * A registration of this original that may or may not have reached the server (the
 * network failed). Retrying with the same print id lets the server's idempotency
 * decide, so a lost answer never counts as a second original. A job cancelled while
 * queued may itself carry an earlier, unresolved registration's id, so it is reused too.
 */
export function unresolvedRegistration(db: Db, certificateId: string, kind: PrintKind): string | null {
  const row = db
    .prepare(
      `SELECT print_id FROM prints WHERE certificate_id = ? AND kind = ?
         AND ${UNRESOLVED_REGISTRATION}
       ORDER BY created_at DESC LIMIT 1`,
    )
    .get(certificateId, kind) as { print_id: string } | undefined;
  return row?.print_id ?? null;
}

/** The user's answer and the server write that reports it, in one transaction. */
export function recordConfirmation(
  db: Db,
  confirmation: { printId: string; answer: 'yes' | 'no'; spoolerOutcome: SpoolerOutcome; now: string },
): PrintJobView {
  return db.transaction(() => {
    const view = setPrintState(db, confirmation.printId, { state: 'confirmed', answer: confirmation.answer }, confirmation.now);
    enqueueOutbox(db, {
      idempotencyKey: `confirm-${confirmation.printId}`,
      operation: 'print-confirmation',
      payload: { printId: confirmation.printId, answer: confirmation.answer, spoolerOutcome: confirmation.spoolerOutcome },
      now: confirmation.now,
    });
    return view;
  })();
}

// ---------------------------------------------------------------------------
// desktop: cancelling the queued jobs of a batch

/** The message a job cancelled before it reached the server carries. */
export const CANCELLED_PRINT_MESSAGE = '已取消:该任务尚未开始打印,证书未打印。';

/**
 * Cancels those of these jobs that are still queued (not yet sent to the server or
 * the spooler); the others are left as they are. Returns the jobs cancelled.
 */
export function cancelQueuedPrints(db: Db, printIds: readonly string[], now: string): PrintJobView[] {
  return db.transaction(() => {
    const cancel = db.prepare(
      `UPDATE prints SET state = 'failed', error_code = 'CANCELLED', error_message = ?, updated_at = ?
       WHERE print_id = ? AND state = 'queued'`,
    );
    const cancelled: PrintJobView[] = [];
    for (const printId of printIds) {
      if (cancel.run(CANCELLED_PRINT_MESSAGE, now, printId).changes === 0) continue;
      const view = getPrint(db, printId);
      if (view) cancelled.push(view);
    }
    return cancelled;
  })();
}

/**
 * queued → reserving, only if the job is still queued: the one step where a cancel and
 * the queue's worker race, decided inside the database's single writer. Null: cancelled.
 */
export function claimQueuedPrint(db: Db, printId: string, now: string): PrintJobView | null {
  const claimed = db.prepare(`UPDATE prints SET state = 'reserving', updated_at = ? WHERE print_id = ? AND state = 'queued'`).run(now, printId);
  return claimed.changes === 0 ? null : getPrint(db, printId);
}

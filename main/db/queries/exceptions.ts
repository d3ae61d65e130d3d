// 打印异常申请 in the cache: the applications as the server last listed them, the
// approval a reprint uses, and the report of each exception print (through the outbox,
// in the same transaction as the local fact, so it reaches the server exactly once).

import type { ExceptionApplicationView } from '../../../preload/contract';
import type { ExceptionApplicationDto } from '../../net/contract';
import type { Db } from '../connection';
import { enqueueOutbox } from './outbox';
import { UNRESOLVED_REGISTRATION } from './prints';

/** The states of a print whose registration the server accepted: the approval it carried is used. */
const REGISTERED_STATES = `('spooling', 'printing', 'awaiting-confirmation', 'confirmed')`;

export function toExceptionView(dto: ExceptionApplicationDto, usedHere = false): ExceptionApplicationView {
  return {
    applicationId: dto.applicationId,
    certificateId: dto.certificateId,
    certificateNumber: dto.certificateNumber,
    reason: dto.reason.label,
    operation: dto.operation.label,
    status: dto.status,
    reviewMessage: dto.reviewMessage,
    submittedAt: dto.submittedAt,
    decidedAt: dto.decidedAt,
    printUsed: dto.usedByPrintId !== null || usedHere,
    printCounted: dto.printReportedAt !== null,
  };
}

export function upsertExceptionApplications(db: Db, items: readonly ExceptionApplicationDto[]): void {
  const statement = db.prepare(
    `INSERT INTO exception_applications (application_id, certificate_id, status, submitted_at_ms, used_by_print_id, detail)
     VALUES (@applicationId, @certificateId, @status, @submittedAtMs, @usedByPrintId, @detail)
     ON CONFLICT (application_id) DO UPDATE SET certificate_id = excluded.certificate_id, status = excluded.status,
       submitted_at_ms = excluded.submitted_at_ms, used_by_print_id = excluded.used_by_print_id, detail = excluded.detail`,
  );
  for (const item of items) {
    statement.run({
      applicationId: item.applicationId,
      certificateId: item.certificateId,
      status: item.status,
      submittedAtMs: Date.parse(item.submittedAt),
      usedByPrintId: item.usedByPrintId,
      detail: JSON.stringify(item),
    });
  }
}

/** The server's list is complete: it replaces the cached one whole. */
export function replaceExceptionApplications(db: Db, items: readonly ExceptionApplicationDto[]): void {
  db.transaction(() => {
    db.prepare('DELETE FROM exception_applications').run();
    upsertExceptionApplications(db, items);
  })();
}

export function exceptionListQuery(): string {
  return `SELECT a.detail, EXISTS (SELECT 1 FROM prints p WHERE p.exception_application_id = a.application_id
      AND p.state IN ${REGISTERED_STATES}) AS used_here
    FROM exception_applications a ORDER BY a.submitted_at_ms DESC, a.application_id DESC LIMIT ?`;
}

/** 异常申请列表, newest first; a print made here that used an approval counts as used before the server says so. */
export function listExceptionApplications(db: Db, limit: number): ExceptionApplicationView[] {
  const rows = db.prepare(exceptionListQuery()).all(limit) as { detail: string; used_here: number }[];
  return rows.map((row) => toExceptionView(JSON.parse(row.detail) as ExceptionApplicationDto, row.used_here === 1));
}

/**
 * The approval that allows one more original of this certificate now: approved, not
 * used by the server's account (but for a registration of ours still unresolved), and
 * not used by a print registered here since.
 */
export function exceptionAllowance(db: Db, certificateId: string): string | null {
  const row = db
    .prepare(
      `SELECT a.application_id FROM exception_applications a
       WHERE a.certificate_id = ? AND a.status = 'approved'
         -- used by a registration of ours whose answer was lost: its retry (same print id) is the server's replay
         AND (a.used_by_print_id IS NULL OR a.used_by_print_id IN (SELECT print_id FROM prints WHERE print_id = a.used_by_print_id
           AND ${UNRESOLVED_REGISTRATION}))
         AND NOT EXISTS (SELECT 1 FROM prints p WHERE p.exception_application_id = a.application_id AND p.state IN ${REGISTERED_STATES})
       ORDER BY a.submitted_at_ms LIMIT 1`,
    )
    .get(certificateId) as { application_id: string } | undefined;
  return row?.application_id ?? null;
}

/** An application that keeps another one from being made: 审核中, or approved and unused. */
export function openExceptionApplication(db: Db, certificateId: string): ExceptionApplicationView | null {
  const pending = db
    .prepare(`SELECT detail FROM exception_applications WHERE certificate_id = ? AND status = 'pending' LIMIT 1`)
    .get(certificateId) as { detail: string } | undefined;
  if (pending) return toExceptionView(JSON.parse(pending.detail) as ExceptionApplicationDto);
  const approved = exceptionAllowance(db, certificateId);
  if (!approved) return null;
  const row = db.prepare('SELECT detail FROM exception_applications WHERE application_id = ?').get(approved) as { detail: string };
  return toExceptionView(JSON.parse(row.detail) as ExceptionApplicationDto);
}

/** Marks a print as the reprint that uses this approval. */
export function setPrintException(db: Db, printId: string, applicationId: string): void {
  db.prepare('UPDATE prints SET exception_application_id = ? WHERE print_id = ?').run(applicationId, printId);
}

/**
 * The exception print reached the spooler (or may have): the report to the server goes
 * into the outbox under a key of its own, so a repeat after a crash adds nothing.
 * Returns false for a print that used no approval.
 */
export function recordExceptionPrint(db: Db, printId: string, now: string): boolean {
  const row = db.prepare('SELECT exception_application_id AS id FROM prints WHERE print_id = ?').get(printId) as { id: string | null } | undefined;
  if (!row?.id) return false;
  enqueueOutbox(db, { idempotencyKey: `exception-print-${printId}`, operation: 'exception-print', payload: { applicationId: row.id, printId }, now });
  return true;
}

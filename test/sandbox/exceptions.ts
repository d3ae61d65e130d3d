// 打印异常申请 on the customs side. An application names a printed, unarchived
// certificate, a reason and an operation type from the lists below; the customs side
// decides it LATER (30–120 s on the sandbox clock, applied by the ticker or
// control.tick()), approving or rejecting as drawn from a PRNG seeded by (sandbox seed,
// applicationId), so a run is repeatable. An approved, unused application lets exactly
// one more original be registered (print-rules.ts); the client's report of that print
// is what the certificate's exception print count counts, once per print.

import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import {
  exceptionPaths, exceptionPrintReportSchema, newExceptionApplicationSchema,
  type ExceptionApplicationDto, type ExceptionOptionsDto, type ExceptionPrintReport, type ExceptionPrintResponse, type NewExceptionApplicationRequest,
} from '../../main/net/contract';
import { chinaTime } from './generate';
import { ApiFailure, discardBody, jsonReply, type Reply } from './http';
import { Rng, streamSeed } from './prng';
import { decode, idempotentWrite, methodNotAllowed, readRoute, type ApiContext, type WriteRequest } from './routes';
import type { SandboxStore } from './store';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS exception_applications (
  application_id TEXT PRIMARY KEY, enterprise_code TEXT NOT NULL, certificate_id TEXT NOT NULL, user_id TEXT NOT NULL,
  reason_code TEXT NOT NULL, operation_code TEXT NOT NULL, status TEXT NOT NULL, review_message TEXT NOT NULL,
  submitted_at INTEGER NOT NULL, due INTEGER NOT NULL, outcome TEXT NOT NULL, outcome_message TEXT NOT NULL,
  decided_at INTEGER, used_by_print_id TEXT, print_reported_at INTEGER);
CREATE INDEX IF NOT EXISTS exception_applications_enterprise ON exception_applications(enterprise_code, submitted_at);
CREATE INDEX IF NOT EXISTS exception_applications_certificate ON exception_applications(certificate_id, status);
CREATE INDEX IF NOT EXISTS exception_applications_pending ON exception_applications(due) WHERE status = 'pending';
`;

/** What the customs side offers; the manual does not list them, so the server does. */
export const EXCEPTION_OPTIONS: ExceptionOptionsDto = {
  reasons: [
    { code: 'printer-fault', label: '打印机卡纸或故障' },
    { code: 'position-offset', label: '打印位置偏移' },
    { code: 'printer-settings', label: '打印机设置错误(非彩色或非双面)' },
    { code: 'paper-toner', label: '纸张或墨粉问题' },
    { code: 'other', label: '其他' },
  ],
  operations: [
    { code: 'reprint-original', label: '重新打印正本' },
    { code: 'reprint-both', label: '重新打印正副本' },
  ],
};

export const EXCEPTION_REFUSALS = {
  archived: '已归档的证书不可进行异常申请',
  notPrinted: '证书尚未打印(打印状态不是已打印),不能进行异常申请',
  open: '该证书已有未完成的异常申请(审核中,或已审核通过尚未打印),不能重复申请',
} as const;

const APPROVED_MESSAGE = '审核通过';
const REJECTION_MESSAGES = ['异常原因与打印记录不符,请核实后重新申请', '该证书正本已确认打印成功,不予重新打印'] as const;
/** Seconds from submission until the customs side decides. */
const DECISION_DELAY_S: readonly [number, number] = [30, 120];

export const exceptionSettingsSchema = z
  .object({
    /** Share of applications the customs side approves (seeded). */
    approveRate: z.number().min(0).max(1).default(0.8),
    /** Forces the decision of the next application submitted; then back to null. */
    forceNext: z.enum(['approve', 'reject']).nullable().default(null),
  })
  .strict();
export type ExceptionSettings = z.output<typeof exceptionSettingsSchema>;
export type ExceptionSettingsInput = z.input<typeof exceptionSettingsSchema>;

type Status = ExceptionApplicationDto['status'];
interface ApplicationRow {
  application_id: string; enterprise_code: string; certificate_id: string; user_id: string;
  reason_code: string; operation_code: string; status: Status; review_message: string;
  submitted_at: number; due: number; outcome: 'approved' | 'rejected'; outcome_message: string;
  decided_at: number | null; used_by_print_id: string | null; print_reported_at: number | null;
}

/** What the customs side draws for an application, before control.forceNext has its say. */
export interface ExceptionDraw {
  /** Seconds from submission until the decision. */
  delayS: number;
  approve: boolean;
  /** The words of a rejection, should the application be rejected. */
  rejectionMessage: string;
}

/** The draw of one application: a function of (sandbox seed, applicationId, approveRate) alone. */
export function drawExceptionDecision(seed: number, applicationId: string, approveRate: number): ExceptionDraw {
  const rng = new Rng(streamSeed(seed, createHash('sha256').update(applicationId).digest().readUInt32BE(0), 0xe5));
  const delayS = rng.int(DECISION_DELAY_S[0], DECISION_DELAY_S[1]);
  const approve = rng.next() < approveRate;
  // Drawn for an approval too: it is the last draw, so it moves no other.
  return { delayS, approve, rejectionMessage: rng.pick(REJECTION_MESSAGES) };
}

const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;
const option = (list: ExceptionOptionsDto['reasons'], code: string) => list.find((entry) => entry.code === code);

export class ExceptionStore {
  private settings: ExceptionSettings = exceptionSettingsSchema.parse({});

  constructor(
    private readonly store: SandboxStore,
    private readonly seed: number,
  ) {
    store.db.exec(SCHEMA);
  }

  setSettings(input: ExceptionSettingsInput): ExceptionSettings {
    this.settings = exceptionSettingsSchema.parse(input);
    return this.getSettings();
  }

  getSettings(): ExceptionSettings {
    return { ...this.settings };
  }

  row(applicationId: string): ApplicationRow | undefined {
    return this.store.db.prepare<[string], ApplicationRow>('SELECT * FROM exception_applications WHERE application_id = ?').get(applicationId);
  }

  /** 审核中, or approved and not used yet: a certificate has at most one. */
  open(certificateId: string): ApplicationRow | undefined {
    return this.store.db
      .prepare<[string], ApplicationRow>(
        `SELECT * FROM exception_applications WHERE certificate_id = ?
         AND (status = 'pending' OR (status = 'approved' AND used_by_print_id IS NULL)) LIMIT 1`,
      )
      .get(certificateId);
  }

  /** The approval that allows one more original now, if any. */
  allowance(certificateId: string): ApplicationRow | undefined {
    const open = this.open(certificateId);
    return open?.status === 'approved' ? open : undefined;
  }

  use(applicationId: string, printId: string): void {
    this.store.db.prepare('UPDATE exception_applications SET used_by_print_id = ? WHERE application_id = ?').run(printId, applicationId);
  }

  submit(entry: { request: NewExceptionApplicationRequest; enterpriseCode: string; userId: string; nowMs: number }): ExceptionApplicationDto {
    const { request } = entry;
    const drawn = drawExceptionDecision(this.seed, request.applicationId, this.settings.approveRate);
    const due = entry.nowMs + drawn.delayS * 1000;
    const forced = this.settings.forceNext;
    this.settings.forceNext = null;
    const approve = forced === null ? drawn.approve : forced === 'approve';
    this.store.db
      .prepare(
        `INSERT INTO exception_applications (application_id, enterprise_code, certificate_id, user_id, reason_code, operation_code,
           status, review_message, submitted_at, due, outcome, outcome_message)
         VALUES (?, ?, ?, ?, ?, ?, 'pending', '', ?, ?, ?, ?)`,
      )
      .run(
        request.applicationId, entry.enterpriseCode, request.certificateId, entry.userId, request.reasonCode, request.operationCode,
        wholeSecond(entry.nowMs), due, approve ? 'approved' : 'rejected', approve ? APPROVED_MESSAGE : drawn.rejectionMessage,
      );
    return this.dto(this.row(request.applicationId)!);
  }

  list(enterpriseCode: string): ExceptionApplicationDto[] {
    return this.store.db
      .prepare<[string], ApplicationRow>('SELECT * FROM exception_applications WHERE enterprise_code = ? ORDER BY submitted_at DESC, rowid DESC LIMIT 10000')
      .all(enterpriseCode)
      .map((row) => this.dto(row));
  }

  /**
   * Decides the applications that are due by `nowMs` (with `all`, every pending one, as
   * decided now); `outcome` overrides what was drawn. Returns how many were decided.
   */
  applyDue(nowMs: number, all = false, outcome?: 'approve' | 'reject'): number {
    return this.store.transaction(() => {
      const due = this.store.db
        .prepare<[number], ApplicationRow>("SELECT * FROM exception_applications WHERE status = 'pending' AND due <= ? ORDER BY due, application_id")
        .all(all ? Number.MAX_SAFE_INTEGER : nowMs);
      const update = this.store.db.prepare('UPDATE exception_applications SET status = ?, review_message = ?, decided_at = ? WHERE application_id = ?');
      for (const row of due) {
        const status = outcome === undefined ? row.outcome : outcome === 'approve' ? 'approved' : 'rejected';
        const message = status === row.outcome ? row.outcome_message : status === 'approved' ? APPROVED_MESSAGE : REJECTION_MESSAGES[0];
        update.run(status, message, wholeSecond(Math.min(row.due, nowMs)), row.application_id);
      }
      return due.length;
    });
  }

  /** Counts the exception print on the certificate; the caller has checked it is the one that used the approval. */
  reportPrint(row: ApplicationRow, nowMs: number): void {
    this.store.db.prepare('UPDATE exception_applications SET print_reported_at = ? WHERE application_id = ?').run(wholeSecond(nowMs), row.application_id);
    const certificate = this.store.rowById(row.certificate_id);
    if (!certificate) throw new Error(`certificate ${row.certificate_id} vanished`);
    this.store.db.prepare('UPDATE certificates SET exception_print_count = exception_print_count + 1 WHERE rowid = ?').run(certificate.rowid);
    this.store.touch(certificate.rowid, nowMs, {});
  }

  /** Exception prints reported (each counted once). */
  reportedCount(): number {
    return this.store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM exception_applications WHERE print_reported_at IS NOT NULL').get()?.n ?? 0;
  }

  dto(row: ApplicationRow): ExceptionApplicationDto {
    const certificate = this.store.rowById(row.certificate_id);
    const reason = option(EXCEPTION_OPTIONS.reasons, row.reason_code);
    const operation = option(EXCEPTION_OPTIONS.operations, row.operation_code);
    if (!certificate || !reason || !operation) throw new Error(`exception application ${row.application_id} refers to something unknown`);
    return {
      applicationId: row.application_id,
      certificateId: row.certificate_id,
      certificateNumber: certificate.number,
      reason,
      operation,
      status: row.status,
      reviewMessage: row.review_message,
      submittedAt: chinaTime(row.submitted_at),
      decidedAt: row.decided_at === null ? null : chinaTime(row.decided_at),
      usedByPrintId: row.used_by_print_id,
      printReportedAt: row.print_reported_at === null ? null : chinaTime(row.print_reported_at),
    };
  }
}

// ---------------------------------------------------------------------------
// Routes

function apply(ctx: ApiContext, { user, body }: WriteRequest<NewExceptionApplicationRequest>): Reply {
  const row = ctx.store.rowById(body.certificateId);
  if (!row || row.owner_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', `certificate ${body.certificateId} not found`);
  if (!option(EXCEPTION_OPTIONS.reasons, body.reasonCode)) throw new ApiFailure(400, 'VALIDATION', '未知的异常申请原因');
  if (!option(EXCEPTION_OPTIONS.operations, body.operationCode)) throw new ApiFailure(400, 'VALIDATION', '未知的操作类型');
  if (row.archive_status === 'archived') throw new ApiFailure(409, 'ARCHIVED', EXCEPTION_REFUSALS.archived);
  if (row.print_status !== 'printed') throw new ApiFailure(409, 'CONFLICT', EXCEPTION_REFUSALS.notPrinted);
  if (ctx.exceptions.open(row.certificate_id)) throw new ApiFailure(409, 'CONFLICT', EXCEPTION_REFUSALS.open);
  if (ctx.exceptions.row(body.applicationId)) throw new ApiFailure(409, 'CONFLICT', '申请编号已存在');
  const dto = ctx.exceptions.submit({ request: body, enterpriseCode: user.enterprise_code, userId: user.user_id, nowMs: ctx.clock().getTime() });
  return jsonReply(201, dto);
}

function reportPrint(ctx: ApiContext, applicationId: string, { user, body }: WriteRequest<ExceptionPrintReport>): Reply {
  const row = ctx.exceptions.row(applicationId);
  // Another enterprise's application is reported as missing: its existence is not the caller's business.
  if (!row || row.enterprise_code !== user.enterprise_code) throw new ApiFailure(404, 'NOT_FOUND', '异常申请不存在');
  if (row.used_by_print_id !== body.printId) throw new ApiFailure(409, 'CONFLICT', '该打印未使用此异常申请');
  // A report under another key for the same print is refused: each exception print counts once.
  if (row.print_reported_at !== null) throw new ApiFailure(409, 'CONFLICT', '该异常打印已登记');
  ctx.exceptions.reportPrint(row, ctx.clock().getTime());
  const certificate = ctx.store.rowById(row.certificate_id);
  if (!certificate) throw new Error(`certificate ${row.certificate_id} vanished`);
  const response: ExceptionPrintResponse = { application: ctx.exceptions.dto(ctx.exceptions.row(applicationId)!), certificate: ctx.store.toDto(certificate) };
  return jsonReply(200, response);
}

const PRINTS_PATH = /^\/api\/v1\/exception-applications\/([^/]+)\/prints$/;

/** Answers the 打印异常申请 routes, or returns null for a path that is not one of them. */
export async function exceptionRoute(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply | null> {
  const path = url.pathname;
  const method = req.method ?? 'GET';
  if (path === exceptionPaths.options) return readRoute(ctx, req, () => EXCEPTION_OPTIONS);
  if (path === exceptionPaths.applications) {
    if (method === 'GET') return readRoute(ctx, req, (user) => ctx.exceptions.list(user.enterprise_code));
    if (method !== 'POST') methodNotAllowed(req, 'GET, POST');
    return idempotentWrite(ctx, req, path, newExceptionApplicationSchema, (write) => apply(ctx, write));
  }
  const prints = PRINTS_PATH.exec(path);
  if (prints) {
    if (method !== 'POST') methodNotAllowed(req, 'POST');
    const applicationId = decode(prints[1] ?? '');
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(applicationId)) {
      discardBody(req);
      throw new ApiFailure(404, 'NOT_FOUND', 'no such application');
    }
    return idempotentWrite(ctx, req, path, exceptionPrintReportSchema, (write) => reportPrint(ctx, applicationId, write));
  }
  return null;
}

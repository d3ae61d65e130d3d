// The sandbox's own SQLite store (better-sqlite3, WAL). A certificate row keeps only
// what is queried or changes (statuses, seq, cached layout hashes); generated content
// is recomputed from (seed, index). Everything here is synchronous, and each API write
// runs in one transaction, so a request is applied entirely or not at all.

import { createHash, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { certificateSchema, goodsItemSchema, type CertificateDto, type EnterpriseDto, type SessionDto } from '../../main/net/contract';
import { buildApplicants, generateContent, type CertificateContent, type GenerationPlan } from './generate';
import type { LayoutKind, LayoutRenderer } from './layout-pdf';
import { describeLayout, type LayoutFile } from './layout-pdf';

/** Bump when the schema or the generator changes: a data dir from another version is rebuilt. */
export const STORE_VERSION = 5;
export const SESSION_TTL_MS = 8 * 3600 * 1000;

export type Role = SessionDto['user']['role'];
type Kind = 'both' | 'original' | 'copy';

/** Who a user is; what they may do depends on how they signed in (see UserRow). */
export interface UserIdentity {
  user_id: string;
  username: string;
  name: string;
  enterprise_code: string;
  enterprise_name: string;
}

/** A signed-in user: the role is the session's (a password gives 'password', a card its own role). */
export interface UserRow extends UserIdentity {
  role: Role;
}

export interface EnterpriseRow {
  code: string;
  customs_code: string;
  name: string;
  /** Receipt time (ms) of the first authorization in force (印章签名授权), or null. */
  self_print_since: number | null;
}

export interface CertificateRow {
  rowid: number;
  certificate_id: string;
  owner_code: string;
  seq: number;
  number: string;
  type: string;
  applicant_slot: number;
  content: string | null;
  layout_status: CertificateDto['layoutStatus'];
  sending_due: number | null;
  received_due: number | null;
  archive_status: CertificateDto['archiveStatus'];
  print_status: CertificateDto['printStatus'];
  exception_print_count: number;
  original_sha256: string | null;
  original_size: number | null;
  copy_sha256: string | null;
  copy_size: number | null;
  updated_at: number | null;
}

export interface PrintRecord {
  printId: string;
  certificateId: string;
  userId: string;
  kind: Kind;
  printerName: string;
  registeredAt: string;
  answer: 'yes' | 'no' | null;
  spoolerOutcome: string | null;
  confirmationsApplied: number;
  /** Set when the user answered 否: the print failed and an exception application may follow. */
  failed: boolean;
  /** The principal an agent printed for; null for the enterprise's own certificate. */
  onBehalfOf: { code: string; name: string } | null;
}

interface PrintRow {
  print_id: string;
  certificate_id: string;
  user_id: string;
  kind: Kind;
  printer_name: string;
  registered_at: number;
  answer: 'yes' | 'no' | null;
  spooler_outcome: string | null;
  confirmations_applied: number;
  failed: number;
  on_behalf_of: string | null;
}

export interface StoredResponse {
  status: number;
  body: string;
}

const SCHEMA = `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE users (
  user_id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_salt BLOB NOT NULL,
  password_hash BLOB NOT NULL,
  name TEXT NOT NULL,
  enterprise_code TEXT NOT NULL,
  enterprise_name TEXT NOT NULL
);
-- The role is the session's, decided at sign-in: a password is always 'password', a card gives its own.
CREATE TABLE sessions (token TEXT PRIMARY KEY, user_id TEXT NOT NULL, role TEXT NOT NULL, expires_at INTEGER NOT NULL);
-- Every enterprise the customs side knows: applicants, the sandbox's own enterprises, agents.
CREATE TABLE enterprises (
  code TEXT PRIMARY KEY,
  customs_code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  self_print_since INTEGER
);
-- rowid is the generation index; content is NULL for generated certificates (derived from seed + rowid).
CREATE TABLE certificates (
  rowid INTEGER PRIMARY KEY,
  certificate_id TEXT NOT NULL,
  owner_code TEXT NOT NULL,
  seq INTEGER NOT NULL,
  number TEXT NOT NULL,
  type TEXT NOT NULL,
  applicant_slot INTEGER NOT NULL,
  content TEXT,
  layout_status TEXT NOT NULL,
  sending_due INTEGER,
  received_due INTEGER,
  next_due INTEGER,
  archive_status TEXT NOT NULL,
  print_status TEXT NOT NULL,
  exception_print_count INTEGER NOT NULL,
  original_sha256 TEXT,
  original_size INTEGER,
  copy_sha256 TEXT,
  copy_size INTEGER,
  updated_at INTEGER
);
CREATE TABLE prints (
  print_id TEXT PRIMARY KEY,
  certificate_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  enterprise_code TEXT NOT NULL,
  kind TEXT NOT NULL,
  printer_name TEXT NOT NULL,
  registered_at INTEGER NOT NULL,
  answer TEXT,
  spooler_outcome TEXT,
  confirmed_at INTEGER,
  confirmations_applied INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  on_behalf_of TEXT
);
CREATE TABLE idempotency (
  user_id TEXT NOT NULL,
  key TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  replays INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, key)
);
`;

/** Built after the bulk insert: creating indexes once is much faster than maintaining them per row. */
export const CERTIFICATE_INDEXES = `
CREATE UNIQUE INDEX IF NOT EXISTS certificates_id ON certificates(certificate_id);
CREATE UNIQUE INDEX IF NOT EXISTS certificates_seq ON certificates(seq);
CREATE UNIQUE INDEX IF NOT EXISTS certificates_number ON certificates(number);
CREATE INDEX IF NOT EXISTS certificates_owner_seq ON certificates(owner_code, seq);
CREATE INDEX IF NOT EXISTS certificates_next_due ON certificates(next_due) WHERE next_due IS NOT NULL;
`;

export const certificateContentSchema = certificateSchema
  .pick({
    number: true, type: true, applicant: true, applicantCode: true, exporter: true, consignee: true, producer: true,
    transport: true, destinationCountry: true, invoiceNumber: true, invoiceDate: true, remarks: true, backToBack: true,
    thirdPartyInvoicing: true, issuedRetroactively: true, issueDate: true, approvedAt: true,
  })
  .extend({ goods: z.array(goodsItemSchema), destinationEn: z.string(), formTitle: z.string() });

const hashPassword = (password: string, salt: Buffer): Buffer => scryptSync(password, salt, 32);

export class SandboxStore {
  readonly plan: GenerationPlan;
  private readonly layoutCache = new Map<string, LayoutFile>();
  private static readonly LAYOUT_CACHE_SIZE = 64;

  constructor(
    readonly db: Database.Database,
    private readonly renderer: LayoutRenderer,
  ) {
    const seed = Number(this.meta('seed'));
    const count = Number(this.meta('count'));
    this.plan = { seed, count, applicants: buildApplicants(seed) };
    // Cached hashes are only valid for the layout code that computed them.
    if (this.meta('layout_fingerprint') !== renderer.fingerprint) {
      db.exec('UPDATE certificates SET original_sha256 = NULL, original_size = NULL, copy_sha256 = NULL, copy_size = NULL WHERE original_sha256 IS NOT NULL');
      this.setMeta('layout_fingerprint', renderer.fingerprint);
    }
  }

  static dbPath(dataDir: string): string {
    return join(dataDir, 'sandbox.sqlite');
  }

  /** Opens the store if it exists and matches; returns null when it must be (re)built. */
  static openExisting(dataDir: string, wanted: { seed?: number; count?: number }): Database.Database | null {
    const path = SandboxStore.dbPath(dataDir);
    if (!existsSync(path)) return null;
    const db = new Database(path);
    try {
      const row = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'version'").get();
      const seedRow = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'seed'").get();
      const countRow = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'count'").get();
      const complete = db.prepare<[], { value: string }>("SELECT value FROM meta WHERE key = 'complete'").get();
      const matches =
        row?.value === String(STORE_VERSION) &&
        complete?.value === '1' &&
        (wanted.seed === undefined || seedRow?.value === String(wanted.seed)) &&
        (wanted.count === undefined || countRow?.value === String(wanted.count));
      if (matches) {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        return db;
      }
    } catch {
      // An unreadable or foreign file is rebuilt like a stale one.
    }
    db.close();
    return null;
  }

  static createEmpty(dataDir: string): Database.Database {
    mkdirSync(dataDir, { recursive: true });
    const path = SandboxStore.dbPath(dataDir);
    for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true });
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.exec(SCHEMA);
    return db;
  }

  meta(key: string): string | undefined {
    return this.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?').get(key)?.value;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  // -------------------------------------------------------------------------
  // Users and sessions

  static insertUser(db: Database.Database, user: UserIdentity & { password: string }): void {
    const salt = randomBytes(16);
    db.prepare(
      `INSERT INTO users (user_id, username, password_salt, password_hash, name, enterprise_code, enterprise_name)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(user.user_id, user.username, salt, hashPassword(user.password, salt), user.name, user.enterprise_code, user.enterprise_name);
  }

  checkPassword(username: string, password: string): UserIdentity | null {
    const row = this.db
      .prepare<[string], UserIdentity & { password_salt: Buffer; password_hash: Buffer }>('SELECT * FROM users WHERE username = ?')
      .get(username);
    // Hash even for unknown users, so the answer time does not reveal which usernames exist.
    const salt = row?.password_salt ?? Buffer.alloc(16);
    const hash = hashPassword(password, salt);
    if (!row || !timingSafeEqual(hash, row.password_hash)) return null;
    return this.userById(row.user_id);
  }

  userById(userId: string): UserIdentity | null {
    return (
      this.db
        .prepare<[string], UserIdentity>('SELECT user_id, username, name, enterprise_code, enterprise_name FROM users WHERE user_id = ?')
        .get(userId) ?? null
    );
  }

  createSession(userId: string, role: Role, nowMs: number): { token: string; expiresAt: number } {
    const token = randomBytes(32).toString('hex');
    const expiresAt = nowMs + SESSION_TTL_MS;
    this.db.prepare('INSERT INTO sessions (token, user_id, role, expires_at) VALUES (?, ?, ?, ?)').run(token, userId, role, expiresAt);
    return { token, expiresAt };
  }

  sessionForToken(token: string, nowMs: number): { user: UserRow; expiresAt: number } | null {
    const row = this.db
      .prepare<[string, number], UserRow & { expires_at: number }>(
        `SELECT u.user_id, u.username, u.name, s.role, u.enterprise_code, u.enterprise_name, s.expires_at
         FROM sessions s JOIN users u ON u.user_id = s.user_id WHERE s.token = ? AND s.expires_at > ?`,
      )
      .get(token, nowMs);
    if (!row) return null;
    const { expires_at: expiresAt, ...user } = row;
    return { user, expiresAt };
  }

  deleteSession(token: string): void {
    this.db.prepare('DELETE FROM sessions WHERE token = ?').run(token);
  }

  // -------------------------------------------------------------------------
  // Enterprises

  static insertEnterprise(db: Database.Database, row: EnterpriseRow): void {
    db.prepare('INSERT INTO enterprises (code, customs_code, name, self_print_since) VALUES (?, ?, ?, ?)').run(
      row.code, row.customs_code, row.name, row.self_print_since,
    );
  }

  /** By the 18-character credit code or the 10-character customs code. */
  enterprise(code: string): EnterpriseRow | null {
    return this.db.prepare<[string, string], EnterpriseRow>('SELECT * FROM enterprises WHERE code = ? OR customs_code = ?').get(code, code) ?? null;
  }

  /** Rewrites an enterprise's history (control only): when self-print started, or null for never. */
  setSelfPrintSince(code: string, sinceMs: number | null): boolean {
    return this.db.prepare('UPDATE enterprises SET self_print_since = ? WHERE code = ?').run(sinceMs, code).changes === 1;
  }

  /** Sets selfPrintSince unless it is set already: the earliest authorization in force is the one that counts. */
  startSelfPrint(code: string, sinceMs: number): void {
    this.db.prepare('UPDATE enterprises SET self_print_since = ? WHERE code = ? AND self_print_since IS NULL').run(sinceMs, code);
  }

  // -------------------------------------------------------------------------
  // Certificates

  nextSeq(): number {
    return (this.db.prepare<[], { seq: number | null }>('SELECT MAX(seq) AS seq FROM certificates').get()?.seq ?? 0) + 1;
  }

  content(row: CertificateRow): CertificateContent {
    if (row.content !== null) return certificateContentSchema.parse(JSON.parse(row.content) as unknown);
    return generateContent(this.plan, row.rowid, row.applicant_slot, row.number);
  }

  rowById(certificateId: string): CertificateRow | null {
    return this.db.prepare<[string], CertificateRow>('SELECT * FROM certificates WHERE certificate_id = ?').get(certificateId) ?? null;
  }

  /** Renders (or takes from the small LRU) one layout; the bytes are a pure function of the content. */
  layout(row: CertificateRow, kind: LayoutKind, content = this.content(row)): LayoutFile {
    const key = `${row.certificate_id}:${kind}`;
    const cached = this.layoutCache.get(key);
    if (cached) {
      this.layoutCache.delete(key);
      this.layoutCache.set(key, cached);
      return cached;
    }
    const file = describeLayout(this.renderer.render(content, kind));
    this.layoutCache.set(key, file);
    if (this.layoutCache.size > SandboxStore.LAYOUT_CACHE_SIZE) {
      const oldest = this.layoutCache.keys().next().value;
      if (oldest !== undefined) this.layoutCache.delete(oldest);
    }
    return file;
  }

  /**
   * Hashes are computed the first time a received certificate is described and then
   * kept, so what the feed reports is exactly what the layout endpoint serves, without
   * rendering every layout up front.
   */
  private layoutHashes(row: CertificateRow, content: CertificateContent): CertificateDto['layouts'] {
    if (row.layout_status !== 'received') return null;
    if (row.original_sha256 === null || row.original_size === null || row.copy_sha256 === null || row.copy_size === null) {
      const original = describeLayout(this.renderer.render(content, 'original'));
      const copy = describeLayout(this.renderer.render(content, 'copy'));
      this.db
        .prepare('UPDATE certificates SET original_sha256 = ?, original_size = ?, copy_sha256 = ?, copy_size = ? WHERE rowid = ?')
        .run(original.sha256, original.size, copy.sha256, copy.size, row.rowid);
      row.original_sha256 = original.sha256;
      row.original_size = original.size;
      row.copy_sha256 = copy.sha256;
      row.copy_size = copy.size;
    }
    return { original: { sha256: row.original_sha256, size: row.original_size }, copy: { sha256: row.copy_sha256, size: row.copy_size } };
  }

  toDto(row: CertificateRow): CertificateDto {
    const content = this.content(row);
    return {
      certificateId: row.certificate_id,
      seq: row.seq,
      number: content.number,
      type: content.type,
      applicant: content.applicant,
      applicantCode: content.applicantCode,
      exporter: content.exporter,
      consignee: content.consignee,
      producer: content.producer,
      transport: content.transport,
      destinationCountry: content.destinationCountry,
      goods: content.goods,
      invoiceNumber: content.invoiceNumber,
      invoiceDate: content.invoiceDate,
      remarks: content.remarks,
      backToBack: content.backToBack,
      thirdPartyInvoicing: content.thirdPartyInvoicing,
      issuedRetroactively: content.issuedRetroactively,
      issueDate: content.issueDate,
      approvedAt: content.approvedAt,
      layoutStatus: row.layout_status,
      archiveStatus: row.archive_status,
      printStatus: row.print_status,
      exceptionPrintCount: row.exception_print_count,
      layouts: this.layoutHashes(row, content),
      // Untouched generated certificates last changed when they were approved.
      updatedAt: row.updated_at === null ? content.approvedAt : new Date(row.updated_at).toISOString(),
    };
  }

  changes(ownerCode: string, cursor: number, limit: number): { rows: CertificateRow[]; hasMore: boolean } {
    const rows = this.db
      .prepare<[string, number, number], CertificateRow>(
        'SELECT * FROM certificates WHERE owner_code = ? AND seq > ? ORDER BY seq LIMIT ?',
      )
      .all(ownerCode, cursor, limit + 1);
    const hasMore = rows.length > limit;
    return { rows: hasMore ? rows.slice(0, limit) : rows, hasMore };
  }

  /** Marks a change: the certificate moves to the end of the feed. */
  touch(rowid: number, nowMs: number, set: Partial<Pick<CertificateRow, 'layout_status' | 'archive_status' | 'print_status'>> & { next_due?: number | null }): void {
    const assignments: string[] = ['seq = ?', 'updated_at = ?'];
    const values: (string | number | null)[] = [this.nextSeq(), nowMs];
    for (const [column, value] of Object.entries(set)) {
      assignments.push(`${column} = ?`);
      values.push(value);
    }
    this.db.prepare(`UPDATE certificates SET ${assignments.join(', ')} WHERE rowid = ?`).run(...values, rowid);
  }

  /** Applies the customs side's layout transitions that are due; returns how many certificates changed. */
  applyDueLayouts(nowMs: number, all = false): number {
    return this.transaction(() => {
      const due = all
        ? this.db.prepare<[], CertificateRow>('SELECT * FROM certificates WHERE next_due IS NOT NULL ORDER BY next_due, rowid').all()
        : this.db
            .prepare<[number], CertificateRow>('SELECT * FROM certificates WHERE next_due IS NOT NULL AND next_due <= ? ORDER BY next_due, rowid')
            .all(nowMs);
      for (const row of due) {
        let status = row.layout_status;
        if (status === 'generated' && (all || (row.sending_due ?? 0) <= nowMs)) status = 'sending';
        if (status === 'sending' && (all || (row.received_due ?? 0) <= nowMs)) status = 'received';
        const nextDue = status === 'generated' ? row.sending_due : status === 'sending' ? row.received_due : null;
        this.touch(row.rowid, nowMs, { layout_status: status, next_due: nextDue });
      }
      return due.length;
    });
  }

  /** Newest first, every certificate of the owner whose statuses allow printing; the self-print rules are the caller's. */
  *printCandidates(ownerCode: string): Generator<CertificateRow> {
    // In pages, not with iterate(): the caller queries (and may write) while it walks, which an open iterator forbids.
    const page = this.db.prepare<[string, number], CertificateRow>(
      `SELECT * FROM certificates WHERE owner_code = ? AND seq < ? AND layout_status = 'received'
       AND archive_status = 'unarchived' AND print_status = 'pending' ORDER BY seq DESC LIMIT 200`,
    );
    for (let before = Number.MAX_SAFE_INTEGER; ; ) {
      const rows = page.all(ownerCode, before);
      yield* rows;
      const last = rows.at(-1);
      if (!last || rows.length < 200) return;
      before = last.seq;
    }
  }

  // -------------------------------------------------------------------------
  // Prints

  insertPrint(print: {
    printId: string; certificateId: string; userId: string; enterpriseCode: string; kind: Kind; printerName: string; onBehalfOf: string | null; nowMs: number;
  }): void {
    this.db
      .prepare(
        `INSERT INTO prints (print_id, certificate_id, user_id, enterprise_code, kind, printer_name, registered_at, on_behalf_of)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(print.printId, print.certificateId, print.userId, print.enterpriseCode, print.kind, print.printerName, print.nowMs, print.onBehalfOf);
  }

  /** The principal a print was made for, as the print answer names it. */
  onBehalfOf(print: { on_behalf_of: string | null }): { code: string; name: string } | null {
    if (print.on_behalf_of === null) return null;
    const principal = this.enterprise(print.on_behalf_of);
    return { code: print.on_behalf_of, name: principal?.name ?? print.on_behalf_of };
  }

  printRow(printId: string): (PrintRow & { enterprise_code: string }) | null {
    return this.db.prepare<[string], PrintRow & { enterprise_code: string }>('SELECT * FROM prints WHERE print_id = ?').get(printId) ?? null;
  }

  recordConfirmation(printId: string, answer: 'yes' | 'no', spoolerOutcome: string, nowMs: number): void {
    this.db
      .prepare(
        `UPDATE prints SET answer = ?, spooler_outcome = ?, confirmed_at = ?, confirmations_applied = confirmations_applied + 1,
         failed = CASE WHEN ? = 'no' THEN 1 ELSE failed END WHERE print_id = ?`,
      )
      .run(answer, spoolerOutcome, nowMs, answer, printId);
  }

  printRecord(printId: string): PrintRecord | null {
    const row = this.printRow(printId);
    if (!row) return null;
    return {
      printId: row.print_id,
      certificateId: row.certificate_id,
      userId: row.user_id,
      kind: row.kind,
      printerName: row.printer_name,
      registeredAt: new Date(row.registered_at).toISOString(),
      answer: row.answer,
      spoolerOutcome: row.spooler_outcome,
      confirmationsApplied: row.confirmations_applied,
      failed: row.failed === 1,
      onBehalfOf: this.onBehalfOf(row),
    };
  }

  // -------------------------------------------------------------------------
  // Idempotency

  static requestHash(method: string, path: string, body: unknown): string {
    return createHash('sha256').update(`${method} ${path}\n${canonicalJson(body)}`).digest('hex');
  }

  findIdempotent(userId: string, key: string): { method: string; path: string; request_hash: string; status: number; body: string } | null {
    return (
      this.db
        .prepare<[string, string], { method: string; path: string; request_hash: string; status: number; body: string }>(
          'SELECT method, path, request_hash, status, body FROM idempotency WHERE user_id = ? AND key = ?',
        )
        .get(userId, key) ?? null
    );
  }

  countReplay(userId: string, key: string): void {
    this.db.prepare('UPDATE idempotency SET replays = replays + 1 WHERE user_id = ? AND key = ?').run(userId, key);
  }

  saveIdempotent(entry: { userId: string; key: string; method: string; path: string; requestHash: string; response: StoredResponse; nowMs: number }): void {
    this.db
      .prepare(
        `INSERT INTO idempotency (user_id, key, method, path, request_hash, status, body, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(entry.userId, entry.key, entry.method, entry.path, entry.requestHash, entry.response.status, entry.response.body, entry.nowMs);
  }

  // -------------------------------------------------------------------------
  // Stats

  printStats(): {
    printsRegistered: number;
    printRegistrationReplays: number;
    confirmations: Record<string, { applied: number; replayed: number }>;
  } {
    const printsRegistered = this.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM prints').get()?.n ?? 0;
    const confirmations: Record<string, { applied: number; replayed: number }> = {};
    for (const row of this.db.prepare<[], { print_id: string; confirmations_applied: number }>('SELECT print_id, confirmations_applied FROM prints').all()) {
      confirmations[row.print_id] = { applied: row.confirmations_applied, replayed: 0 };
    }
    let printRegistrationReplays = 0;
    const replays = this.db
      .prepare<[], { path: string; replays: number; status: number }>("SELECT path, replays, status FROM idempotency WHERE method = 'POST'")
      .all();
    for (const row of replays) {
      const match = /\/prints\/([^/]+)\/confirmation$/.exec(row.path);
      if (match?.[1]) {
        const printId = decodeURIComponent(match[1]);
        const entry = (confirmations[printId] ??= { applied: 0, replayed: 0 });
        entry.replayed += row.replays;
      } else if (row.path.endsWith('/prints')) {
        printRegistrationReplays += row.replays;
      }
    }
    return { printsRegistered, printRegistrationReplays, confirmations };
  }
}

export function enterpriseDto(row: EnterpriseRow): EnterpriseDto {
  return { code: row.code, customsCode: row.customs_code, name: row.name };
}

/** JSON with sorted keys, so the same body written in another key order is the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

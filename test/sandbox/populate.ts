// Filling a new store: the seeded users, then the generated certificates in bulk.
// Rows go in with a single prepared statement inside large transactions and the
// indexes are built afterwards, which is what makes 100k certificates take seconds.

import type Database from 'better-sqlite3';
import type { CertificateType, SessionDto } from '../../main/net/contract';
import {
  DEMO_ENTERPRISE, OTHER_ENTERPRISE, SerialAllocator, buildApplicants, certificateNumber, generateContent, generateCore, ownerOfSlot,
  type CertificateContent, type Enterprise, type GenerationPlan, type LayoutStatus,
} from './generate';
import { CERTIFICATE_INDEXES, STORE_VERSION, SandboxStore } from './store';

export interface SandboxUser {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly name: string;
  readonly role: SessionDto['user']['role'];
  readonly enterprise: Enterprise;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { username: 'demo', password: 'demo123', userId: 'u_demo', name: '张敏', role: 'password', enterprise: DEMO_ENTERPRISE },
  { username: 'operator', password: 'operator123', userId: 'u_operator', name: '李强', role: 'operator', enterprise: DEMO_ENTERPRISE },
  { username: 'legal', password: 'legal123', userId: 'u_legal', name: '王建国', role: 'legal-person', enterprise: DEMO_ENTERPRISE },
  { username: 'other', password: 'other123', userId: 'u_other', name: '陈静', role: 'password', enterprise: OTHER_ENTERPRISE },
];

const CHUNK = 25_000;

/** Fills an empty store; returns how long the certificates took, in ms. */
export function populate(db: Database.Database, options: { seed: number; count: number; nowMs: number }): number {
  for (const user of SANDBOX_USERS) {
    SandboxStore.insertUser(db, {
      user_id: user.userId, username: user.username, password: user.password, name: user.name, role: user.role,
      enterprise_code: user.enterprise.code, enterprise_name: user.enterprise.nameCn,
    });
  }
  const started = performance.now();
  const plan: GenerationPlan = { seed: options.seed, count: options.count, applicants: buildApplicants(options.seed) };
  const allocator = new SerialAllocator(plan.applicants);
  const insert = db.prepare(
    `INSERT INTO certificates (rowid, certificate_id, owner_code, seq, number, type, applicant_slot, content, layout_status,
       sending_due, received_due, next_due, archive_status, print_status, exception_print_count, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, NULL)`,
  );
  // Durability does not matter while the file is being created; 'complete' is written last.
  db.pragma('synchronous = OFF');
  const insertChunk = db.transaction((from: number, to: number) => {
    for (let index = from; index < to; index++) {
      const core = generateCore(plan, index);
      const { slot, number } = allocator.allocate(core.type, core.issueDate, core.slot);
      const sendingDue = core.sendingAfterMs === null ? null : options.nowMs + core.sendingAfterMs;
      const receivedDue = core.receivedAfterMs === null ? null : options.nowMs + core.receivedAfterMs;
      insert.run(
        index, core.certificateId, ownerOfSlot(slot).code, index + 1, number, core.type, slot, core.layoutStatus,
        sendingDue, receivedDue, core.layoutStatus === 'generated' ? sendingDue : receivedDue,
        core.archived ? 'archived' : 'unarchived', core.printed ? 'printed' : 'pending', core.exceptionPrintCount,
      );
    }
  });
  for (let from = 0; from < options.count; from += CHUNK) insertChunk(from, Math.min(from + CHUNK, options.count));
  db.exec(CERTIFICATE_INDEXES);
  db.pragma('synchronous = NORMAL');
  const setMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    setMeta.run('version', String(STORE_VERSION));
    setMeta.run('seed', String(options.seed));
    setMeta.run('count', String(options.count));
    setMeta.run('created_at', new Date(options.nowMs).toISOString());
    setMeta.run('complete', '1');
  })();
  return performance.now() - started;
}

/** What a test may ask the sandbox to add; everything left out is generated. */
export interface CertificateSeed {
  /** Owner enterprise; the demo enterprise by default. */
  enterpriseCode?: string;
  type?: CertificateType;
  layoutStatus?: LayoutStatus;
  archiveStatus?: 'unarchived' | 'archived';
  printStatus?: 'pending' | 'printed';
  exceptionPrintCount?: number;
  /** For a 'generated' layout: ms from now until it becomes 'sending'. */
  sendingAfterMs?: number;
  /** Until 'received': ms after it becomes 'sending' (or from now, for a 'sending' layout). */
  receivedAfterMs?: number;
  content?: Partial<Omit<CertificateContent, 'number' | 'type'>>;
}

const shanghaiDay = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
const shanghaiTime = (ms: number): string => `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`;

/** Adds certificates after creation (issued today, with the next free serial); returns their rowids. */
export function insertCertificates(store: SandboxStore, seeds: readonly CertificateSeed[], nowMs: number): number[] {
  return store.transaction(() => {
    const rowids: number[] = [];
    for (const seed of seeds) {
      const ownerCode = seed.enterpriseCode ?? DEMO_ENTERPRISE.code;
      const ownSlot = ownerCode === OTHER_ENTERPRISE.code ? 9 : ownerCode === DEMO_ENTERPRISE.code ? 0 : -1;
      const applicant = store.plan.applicants[ownSlot];
      if (!applicant) throw new Error(`unknown enterprise ${ownerCode}`);
      const index = (store.db.prepare<[], { n: number | null }>('SELECT MAX(rowid) AS n FROM certificates').get()?.n ?? -1) + 1;
      const type = seed.type ?? generateCore(store.plan, index).type;
      const issueDate = seed.content?.issueDate ?? shanghaiDay(nowMs);
      const prefix = certificateNumber(type, issueDate, applicant.registration, 0).slice(0, -4);
      const last = store.db
        .prepare<[string, string], { number: string }>('SELECT number FROM certificates WHERE number > ? AND number < ? ORDER BY number DESC LIMIT 1')
        .get(prefix, `${prefix}~`);
      const serial = last ? Number(last.number.slice(-4)) + 1 : 1;
      if (serial > 9999) throw new Error(`no serials left for ${prefix}`);
      const number = certificateNumber(type, issueDate, applicant.registration, serial);
      const content: CertificateContent = {
        ...generateContent(store.plan, index, ownSlot, number, type),
        issueDate,
        approvedAt: shanghaiTime(nowMs),
        ...seed.content,
      };
      const layoutStatus = seed.layoutStatus ?? 'received';
      const sendingDue = layoutStatus === 'generated' ? nowMs + (seed.sendingAfterMs ?? 30_000) : null;
      const receivedDue = layoutStatus === 'received' ? null : (sendingDue ?? nowMs) + (seed.receivedAfterMs ?? 30_000);
      store.db
        .prepare(
          `INSERT INTO certificates (rowid, certificate_id, owner_code, seq, number, type, applicant_slot, content, layout_status,
             sending_due, received_due, next_due, archive_status, print_status, exception_print_count, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          index, generateCore(store.plan, index).certificateId, ownerCode, store.nextSeq(), number, type, ownSlot, JSON.stringify(content),
          layoutStatus, sendingDue, receivedDue, layoutStatus === 'generated' ? sendingDue : receivedDue,
          seed.archiveStatus ?? 'unarchived', seed.printStatus ?? (seed.archiveStatus === 'archived' ? 'printed' : 'pending'),
          seed.exceptionPrintCount ?? 0, nowMs,
        );
      rowids.push(index);
    }
    return rowids;
  });
}

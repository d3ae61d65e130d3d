// Filling a new store: the seeded users, the enterprise registry with its history
// (authorizations in force, proxy grants), then the generated certificates in bulk.
// Rows go in with a single prepared statement inside large transactions and the
// indexes are built afterwards, which is what makes 100k certificates take seconds.

import type Database from 'better-sqlite3';
import type { CertificateType } from '../../main/net/contract';
import { seedAuthorizationHistory } from './authorizations';
import type { CardRole } from './cards';
import {
  AGENT_ENTERPRISE, DEMO_ENTERPRISE, OTHER_ENTERPRISE, SANDBOX_ENTERPRISES, SEEDED_SELF_PRINT_SINCE, SerialAllocator, buildApplicants,
  certificateNumber, chinaDay, chinaTime, generateContent, generateCore, ownerOfSlot, principalSelfPrintSince,
  type Applicant, type CertificateContent, type Enterprise, type GenerationPlan, type LayoutStatus,
} from './generate';
import { seedProxyGrants } from './proxy';
import { CERTIFICATE_INDEXES, STORE_VERSION, SandboxStore } from './store';

export interface SandboxUser {
  readonly username: string;
  readonly password: string;
  readonly userId: string;
  readonly name: string;
  /**
   * The e-port card the user holds, if any. A password sign-in is always role
   * 'password'; a sign-in with this card (卡介质登录) gets the card's role.
   */
  readonly card: CardRole | null;
  readonly enterprise: Enterprise;
}

export const SANDBOX_USERS: readonly SandboxUser[] = [
  { username: 'demo', password: 'demo123', userId: 'u_demo', name: '张敏', card: null, enterprise: DEMO_ENTERPRISE },
  { username: 'operator', password: 'operator123', userId: 'u_operator', name: '李强', card: 'operator', enterprise: DEMO_ENTERPRISE },
  { username: 'legal', password: 'legal123', userId: 'u_legal', name: '王建国', card: 'legal-person', enterprise: DEMO_ENTERPRISE },
  { username: 'other', password: 'other123', userId: 'u_other', name: '陈静', card: null, enterprise: OTHER_ENTERPRISE },
  { username: 'agent', password: 'agent123', userId: 'u_agent', name: '赵磊', card: null, enterprise: AGENT_ENTERPRISE },
];

const CARD_NAMES: Record<CardRole, string> = { 'legal-person': '法人卡', operator: '操作员卡' };

/** One line per user, for the CLI and the dev start: how to sign in, and with which card. */
export function describeUsers(pin: string): string[] {
  return SANDBOX_USERS.map((user) => {
    const card = user.card ? `${CARD_NAMES[user.card]} (card login → role ${user.card}, PIN ${pin})` : 'no card';
    return `${user.username}/${user.password} ${user.name}, ${user.enterprise.nameCn}: password → role password; ${card}`;
  });
}

const CHUNK = 25_000;

/** The registry: every applicant of the plan and the sandbox's own enterprises, each with its first authorization in force. */
function insertEnterprises(db: Database.Database, plan: GenerationPlan): void {
  const seeded = (enterprise: Enterprise): number | null => {
    const since = SEEDED_SELF_PRINT_SINCE.get(enterprise.code);
    return since === undefined ? null : Date.parse(since);
  };
  for (const enterprise of SANDBOX_ENTERPRISES) {
    SandboxStore.insertEnterprise(db, { code: enterprise.code, customs_code: enterprise.customsCode, name: enterprise.nameCn, self_print_since: seeded(enterprise) });
  }
  const own = new Set(SANDBOX_ENTERPRISES.map((enterprise) => enterprise.code));
  for (const applicant of plan.applicants) {
    if (own.has(applicant.code)) continue;
    SandboxStore.insertEnterprise(db, {
      code: applicant.code, customs_code: applicant.customsCode, name: applicant.nameCn,
      self_print_since: principalSelfPrintSince(plan.seed, applicant.slot),
    });
  }
}

/** Fills an empty store; returns how long the certificates took, in ms. */
export function populate(db: Database.Database, options: { seed: number; count: number; nowMs: number }): number {
  const plan: GenerationPlan = { seed: options.seed, count: options.count, applicants: buildApplicants(options.seed) };
  db.transaction(() => {
    for (const user of SANDBOX_USERS) {
      SandboxStore.insertUser(db, {
        user_id: user.userId, username: user.username, password: user.password, name: user.name,
        enterprise_code: user.enterprise.code, enterprise_name: user.enterprise.nameCn,
      });
    }
    insertEnterprises(db, plan);
    seedAuthorizationHistory(db);
    seedProxyGrants(db, plan);
  })();
  const started = performance.now();
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
  /** Owner: the enterprise that declared it and sees it in its feed; the demo enterprise by default. */
  enterpriseCode?: string;
  /**
   * The applicant (申请单位), by generation slot (0 = demo, 9 = other) or by credit code.
   * Default: the owner itself, which only the demo and the other enterprise are; an agent
   * declares for principals, so a certificate owned by the agent must name one.
   */
  applicantSlot?: number;
  applicantCode?: string;
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

function applicantOf(plan: GenerationPlan, seed: CertificateSeed, ownerCode: string): Applicant {
  const ownSlot = ownerCode === OTHER_ENTERPRISE.code ? 9 : ownerCode === DEMO_ENTERPRISE.code ? 0 : undefined;
  const applicant =
    seed.applicantCode !== undefined
      ? plan.applicants.find((candidate) => candidate.code === seed.applicantCode)
      : plan.applicants[seed.applicantSlot ?? ownSlot ?? -1];
  if (!applicant) {
    throw new Error(
      seed.applicantSlot === undefined && seed.applicantCode === undefined
        ? `enterprise ${ownerCode} is not an applicant: give applicantSlot or applicantCode`
        : `no applicant ${seed.applicantCode ?? String(seed.applicantSlot)}`,
    );
  }
  return applicant;
}

/** Adds certificates after creation (issued today, with the next free serial); returns their rowids. */
export function insertCertificates(store: SandboxStore, seeds: readonly CertificateSeed[], nowMs: number): number[] {
  return store.transaction(() => {
    const rowids: number[] = [];
    for (const seed of seeds) {
      const ownerCode = seed.enterpriseCode ?? DEMO_ENTERPRISE.code;
      if (!store.enterprise(ownerCode)) throw new Error(`unknown enterprise ${ownerCode}`);
      const applicant = applicantOf(store.plan, seed, ownerCode);
      const index = (store.db.prepare<[], { n: number | null }>('SELECT MAX(rowid) AS n FROM certificates').get()?.n ?? -1) + 1;
      const type = seed.type ?? generateCore(store.plan, index).type;
      const issueDate = seed.content?.issueDate ?? chinaDay(nowMs);
      const prefix = certificateNumber(type, issueDate, applicant.registration, 0).slice(0, -4);
      const last = store.db
        .prepare<[string, string], { number: string }>('SELECT number FROM certificates WHERE number > ? AND number < ? ORDER BY number DESC LIMIT 1')
        .get(prefix, `${prefix}~`);
      const serial = last ? Number(last.number.slice(-4)) + 1 : 1;
      if (serial > 9999) throw new Error(`no serials left for ${prefix}`);
      const number = certificateNumber(type, issueDate, applicant.registration, serial);
      const content: CertificateContent = {
        ...generateContent(store.plan, index, applicant.slot, number, type),
        issueDate,
        approvedAt: chinaTime(nowMs),
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
          index, generateCore(store.plan, index).certificateId, ownerCode, store.nextSeq(), number, type, applicant.slot, JSON.stringify(content),
          layoutStatus, sendingDue, receivedDue, layoutStatus === 'generated' ? sendingDue : receivedDue,
          seed.archiveStatus ?? 'unarchived', seed.printStatus ?? (seed.archiveStatus === 'archived' ? 'printed' : 'pending'),
          seed.exceptionPrintCount ?? 0, nowMs,
        );
      rowids.push(index);
    }
    return rowids;
  });
}

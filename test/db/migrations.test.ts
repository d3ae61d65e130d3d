import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { LATEST_VERSION, MIGRATIONS, migrate, NewerDatabaseError, type Migration } from '../../main/db/migrations';

function tables(db: Database.Database): string[] {
  return (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map(
    (row) => row.name,
  );
}

describe('migrations', () => {
  // Numbers are handed out per branch (0030, 0040, …), so one may land before the one below it.
  it('are numbered in steps of 10 and strictly increasing', () => {
    MIGRATIONS.forEach((migration, index) => {
      expect(migration.version % 10).toBe(0);
      expect(migration.version).toBeGreaterThan(MIGRATIONS[index - 1]?.version ?? 0);
    });
  });

  it('bring an empty database to the latest version with every table', () => {
    const db = new Database(':memory:');
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(
      expect.arrayContaining(['applicants', 'certificates', 'layouts', 'meta', 'outbox', 'prints']),
    );
  });

  it('apply each migration on top of the one before, and again is a no-op', () => {
    const db = new Database(':memory:');
    for (let count = 1; count <= MIGRATIONS.length; count++) {
      expect(migrate(db, MIGRATIONS.slice(0, count))).toBe(MIGRATIONS[count - 1]!.version);
    }
    const before = tables(db);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(before);
  });

  it('0010 enforces its checks: a bad status is refused', () => {
    const db = new Database(':memory:');
    migrate(db);
    expect(() =>
      db
        .prepare(
          `INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
            approved_at, layout_status, archive_status, print_status, exception_print_count, detail)
           VALUES ('x', 1, 'E24470ZC00010001', 'E', 'a', 'b', '2024-01-01', 'x', 'done', 'unarchived', 'pending', 0, '{}')`,
        )
        .run(),
    ).toThrow(/CHECK constraint failed/);
  });

  it('0020 fills the applicant and the approval instant of certificates cached before it', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 1));
    const detail = JSON.stringify({ applicantCode: '91330201MA2H3XK7QE', approvedAt: '2024-03-01T10:15:00+08:00' });
    db.prepare(
      `INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
        approved_at, layout_status, archive_status, print_status, exception_print_count, detail)
       VALUES ('x', 1, 'E24470ZC00010001', 'E', 'a', 'b', '2024-03-01', '2024-03-01T10:15:00+08:00', 'received', 'unarchived', 'pending', 0, ?)`,
    ).run(detail);
    migrate(db);
    expect(db.prepare('SELECT applicant_code, approved_at_ms FROM certificates').get()).toEqual({
      applicant_code: '91330201MA2H3XK7QE',
      approved_at_ms: Date.parse('2024-03-01T10:15:00+08:00'),
    });
    expect(tables(db)).toContain('enterprises');
    expect(() => db.prepare(`INSERT INTO enterprises (code, name, relation) VALUES ('c', 'n', 'agent')`).run()).toThrow(/CHECK constraint failed/);
  });

  it('0030 adds 打印异常申请: the applications cache, checked statuses, and which print used an approval', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.slice(0, 2));
    db.prepare(
      `INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
        approved_at, layout_status, archive_status, print_status, exception_print_count, detail)
       VALUES ('x', 1, 'E24470ZC00010001', 'E', 'a', 'b', '2024-03-01', 'x', 'received', 'unarchived', 'printed', 0, '{}')`,
    ).run();
    db.prepare(
      `INSERT INTO prints (print_id, certificate_id, certificate_number, kind, printer, state, created_at, updated_at)
       VALUES ('p1', 'x', 'E24470ZC00010001', 'original', 'P', 'confirmed', 't', 't')`,
    ).run();
    migrate(db);
    expect(tables(db)).toContain('exception_applications');
    // A print cached before it used no approval.
    expect(db.prepare('SELECT exception_application_id FROM prints').get()).toEqual({ exception_application_id: null });
    const insert = (status: string) =>
      db.prepare(`INSERT INTO exception_applications (application_id, certificate_id, status, submitted_at_ms, detail) VALUES (?, 'x', ?, 0, '{}')`).run(status, status);
    expect(() => insert('approved')).not.toThrow();
    expect(() => insert('maybe')).toThrow(/CHECK constraint failed/);
  });

  it('0040 keeps one e-version per cached certificate, removed with it, and indexes only RC and BR', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db);
    const insert = (id: string, type: string) =>
      db
        .prepare(
          `INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
            approved_at, layout_status, archive_status, print_status, exception_print_count, detail)
           VALUES (?, 1, ?, ?, 'a', '日本', '2024-03-01', 'x', 'received', 'unarchived', 'pending', 0, '{}')`,
        )
        .run(id, `${type}24470ZC0001000${id.length}`, type);
    insert('x', 'RC');
    const record = db.prepare(
      `INSERT INTO e_certificates (certificate_id, sha256, size, file_name, downloaded_at) VALUES (?, ?, ?, 'f.pdf', '2026-01-01T00:00:00Z')`,
    );
    record.run('x', 'a'.repeat(64), 100);
    expect(() => record.run('x', 'b'.repeat(64), 100)).toThrow(/UNIQUE|PRIMARY KEY/);
    expect(() => record.run('nobody', 'a'.repeat(64), 100)).toThrow(/FOREIGN KEY/);
    expect(() => record.run('x2', 'short', 100)).toThrow(/CHECK|FOREIGN KEY/);
    db.prepare(`DELETE FROM certificates WHERE certificate_id = 'x'`).run();
    expect(db.prepare('SELECT count(*) AS n FROM e_certificates').get()).toEqual({ n: 0 });
    const index = db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'certificates_e_version'`).get() as { sql: string };
    expect(index.sql).toContain(`WHERE type IN ('RC', 'BR')`);
    expect(tables(db)).toContain('e_certificates');
  });

  it('refuse a database written by a newer app, leaving it untouched', () => {
    const db = new Database(':memory:');
    db.pragma(`user_version = ${LATEST_VERSION + 10}`);
    expect(() => migrate(db)).toThrow(NewerDatabaseError);
    expect(tables(db)).toEqual([]);
  });

  it('run all pending migrations in one transaction: a failure leaves nothing behind', () => {
    const db = new Database(':memory:');
    const failing: Migration = {
      version: LATEST_VERSION + 10,
      up: () => {
        throw new Error('boom');
      },
    };
    expect(() => migrate(db, [...MIGRATIONS, failing])).toThrow('boom');
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// 0060 (issue 9, cache write cost): detail no longer repeats the row's columns.
describe('migration 0060', () => {
  it('slims the detail of certificates cached before it, and each still reads back as the whole server record', async () => {
    const { getCertificate } = await import('../../main/db/queries/certificates');
    const { makeCertificate } = await import('../fixtures/certificates');
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version < 60));
    const withLayouts = makeCertificate({ certificateId: 'old-1', applicant: '宁波旧缓存进出口有限公司', exceptionPrintCount: 2 });
    const withoutLayouts = makeCertificate({ certificateId: 'old-2', layoutStatus: 'generated', layouts: null, printStatus: 'printed' });
    const insert = db.prepare(
      `INSERT INTO certificates (certificate_id, seq, number, type, applicant, applicant_code, destination_country, issue_date,
        approved_at, approved_at_ms, layout_status, archive_status, print_status, exception_print_count, original_sha256, copy_sha256, detail)
       VALUES (@certificateId, @seq, @number, @type, @applicant, @applicantCode, @destinationCountry, @issueDate,
        @approvedAt, 0, @layoutStatus, @archiveStatus, @printStatus, @exceptionPrintCount, @original, @copy, @detail)`,
    );
    for (const item of [withLayouts, withoutLayouts]) {
      // As upsertCertificates wrote rows before 0060: the whole record as detail.
      insert.run({ ...item, original: item.layouts?.original.sha256 ?? null, copy: item.layouts?.copy.sha256 ?? null, detail: JSON.stringify(item), layouts: undefined });
    }
    const before = db.prepare('SELECT sum(length(detail)) AS bytes FROM certificates').get() as { bytes: number };
    // Up to 0060 only: 0080 deflates detail, and what 0060 left is read here as JSON.
    expect(migrate(db, MIGRATIONS.filter((migration) => migration.version <= 60))).toBe(60);
    const after = db.prepare('SELECT sum(length(detail)) AS bytes FROM certificates').get() as { bytes: number };
    expect(after.bytes).toBeLessThan(before.bytes * 0.75);
    const detail = JSON.parse((db.prepare(`SELECT detail FROM certificates WHERE certificate_id = 'old-1'`).get() as { detail: string }).detail) as Record<string, unknown>;
    expect(Object.keys(detail)).not.toContain('certificateId');
    expect(Object.keys(detail)).not.toContain('applicant');
    expect(detail.layouts).toEqual({ original: { size: 1000 }, copy: { size: 1000 } });
    expect(getCertificate(db, 'old-1')).toEqual(withLayouts);
    expect(getCertificate(db, 'old-2')).toEqual(withoutLayouts);
    expect(migrate(db)).toBe(LATEST_VERSION);
    expect(getCertificate(db, 'old-1')).toEqual(withLayouts);
    expect(getCertificate(db, 'old-2')).toEqual(withoutLayouts);
  });

  it('0070 and 0090 leave the certificates the indexes a plan needs: the list and the e-versions', () => {
    const db = new Database(':memory:');
    migrate(db, MIGRATIONS.filter((migration) => migration.version < 70));
    db.prepare(
      `INSERT INTO certificates (certificate_id, seq, number, type, applicant, destination_country, issue_date,
        approved_at, layout_status, archive_status, print_status, exception_print_count, detail)
       VALUES ('x', 1, 'E24470ZC00010001', 'E', 'a', 'b', '2024-01-01', 'x', 'received', 'unarchived', 'pending', 0, '{}')`,
    ).run();
    migrate(db);
    const indexes = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'certificates' AND sql IS NOT NULL ORDER BY name`)
      .pluck().all() as string[]);
    expect(indexes).toEqual(['certificates_e_version', 'certificates_list']);
    expect(db.prepare(`SELECT number FROM certificates INDEXED BY certificates_list WHERE type = 'E'`).pluck().all()).toEqual(['E24470ZC00010001']);
  });
});

import type { LayoutKind } from '../../../preload/contract';
import type { Db } from '../connection';

export interface LayoutRecord {
  certificateId: string;
  kind: LayoutKind;
  sha256: string;
  size: number;
  fileName: string;
}

export function recordLayout(db: Db, layout: LayoutRecord): void {
  db.prepare(
    `INSERT INTO layouts (certificate_id, kind, sha256, size, file_name) VALUES (@certificateId, @kind, @sha256, @size, @fileName)
     ON CONFLICT (certificate_id, kind) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size, file_name = excluded.file_name`,
  ).run(layout);
}

export function getLayout(db: Db, certificateId: string, kind: LayoutKind): LayoutRecord | null {
  const row = db
    .prepare(
      `SELECT certificate_id AS certificateId, kind, sha256, size, file_name AS fileName
       FROM layouts WHERE certificate_id = ? AND kind = ?`,
    )
    .get(certificateId, kind) as LayoutRecord | undefined;
  return row ?? null;
}

// Benchmark: what counting 'new printable certificates' adds to a sync page. The count
// looks only at the page's own rows (a primary-key lookup each), so its cost per page
// must not grow with the cache: measured over a small and a big cache (BENCH_SYNC_SMALL_ROWS
// and BENCH_SYNC_ROWS, default 20,000 and 200,000), pages of 500 changes, half new
// certificates, half layouts arriving.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../main/db/connection';
import { replaceEnterprises } from '../../main/db/queries/enterprises';
import { applyChangesPage } from '../../main/db/queries/sync';
import type { CertificateDto } from '../../main/net/contract';
import { makeCertificate } from '../fixtures/certificates';
import { ratioOf, type BenchHarness } from './harness';
import type { BenchSizes } from './sizes';

const PAGE = 500;
const PAGES = 20;

function certificate(index: number, layoutStatus: CertificateDto['layoutStatus'], seq: number): CertificateDto {
  return makeCertificate({
    certificateId: `c${index}`,
    seq,
    number: `E26${String(index).padStart(9, '0')}${String(index % 10000).padStart(4, '0')}`,
    type: 'E',
    issueDate: '2026-11-01',
    approvedAt: '2026-11-01T10:00:00+08:00',
    layoutStatus,
    archiveStatus: 'unarchived',
    printStatus: 'pending',
  });
}

function measure(rows: number): { plain: number; counting: number; counted: number } {
  const dir = mkdtempSync(join(tmpdir(), 'co-bench-new-'));
  const db = openDatabase(join(dir, 'cache.sqlite'));
  try {
    let seq = 0;
    for (let start = 0; start < rows; start += 1000) {
      const page = Array.from({ length: Math.min(1000, rows - start) }, (_, offset) => certificate(start + offset, 'sending', ++seq));
      applyChangesPage(db, page, seq);
    }
    replaceEnterprises(
      db,
      { self: { enterprise: { code: makeCertificate({}).applicantCode, customsCode: null, name: '宁波示例进出口有限公司' }, selfPrintSince: '2024-01-01T00:00:00Z' }, principals: [] },
      new Date().toISOString(),
    );
    const timed = (countNewlyPrintable: boolean, firstNew: number, firstArrived: number) => {
      let counted = 0;
      const started = performance.now();
      for (let p = 0; p < PAGES; p += 1) {
        const fresh = Array.from({ length: PAGE / 2 }, (_, i) => certificate(firstNew + p * PAGE + i, 'received', ++seq));
        const arrived = Array.from({ length: PAGE / 2 }, (_, i) => certificate(firstArrived + p * PAGE + i, 'received', ++seq));
        counted += applyChangesPage(db, [...fresh, ...arrived], seq, { countNewlyPrintable });
      }
      return { ms: (performance.now() - started) / PAGES, counted };
    };
    const plain = timed(false, rows + 1_000_000, 0);
    const counting = timed(true, rows + 2_000_000, PAGES * PAGE);
    return { plain: plain.ms, counting: counting.ms, counted: counting.counted };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSyncNewPrintable(harness: BenchHarness, sizes: BenchSizes): Promise<void> {
  let smallCounting: number | undefined;
  for (const rows of new Set([sizes.syncSmallRows, sizes.syncRows])) {
    const { plain, counting, counted } = measure(rows);
    const label = `new printable count, cache ${rows.toLocaleString('en-US')} rows, ${PAGE}-row page`;
    harness.record({ name: `${label}: plain`, value: plain, unit: 'ms' });
    harness.record({ name: `${label}: counting (ratio: / plain)`, value: counting, unit: 'ms', ratio: ratioOf(counting, plain) });
    harness.record({ name: `${label}: counted of ${PAGES * PAGE}`, value: counted, unit: 'certificates' });
    // The point of the design: the big cache's page costs about what the small one's does.
    if (smallCounting === undefined) smallCounting = counting;
    else harness.record({ name: `new printable count: big / small cache page time`, value: counting / smallCounting, unit: 'ratio' });
  }
}

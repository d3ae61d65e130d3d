// The PDF worker (main/pdf/pdf-worker.ts) through its client: what it returns is what the
// same code returns on the calling thread, a bad document or a dead worker fails only the
// job it held, with a Chinese message, and the next job is served.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppFailure } from '../../main/core/errors';
import { silentLogger } from '../../main/log/logger';
import { shiftPdf } from '../../main/pdf/offset';
import { PdfWorker } from '../../main/pdf/pdf-worker-client';
import { SOURCE_PDF_WORKER, testPdfWorker } from '../support/app-services';

let dir: string;
let twoPages: Uint8Array;
let onePage: Uint8Array;
const workers: PdfWorker[] = [];

async function document(title: string, pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let page = 0; page < pages; page++) doc.addPage([595.28, 841.89]).drawText(`${title} ${page + 1}`, { x: 72, y: 760 });
  return doc.save();
}

function worker(path = SOURCE_PDF_WORKER.path): PdfWorker {
  const made = path === SOURCE_PDF_WORKER.path ? testPdfWorker() : new PdfWorker({ workerPath: path, log: silentLogger });
  workers.push(made);
  return made;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'co-pdf-worker-'));
  twoPages = await document('original', 2);
  onePage = await document('copy', 1);
});

afterAll(async () => {
  await Promise.all(workers.map((made) => made.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('PdfWorker', () => {
  it('shifts byte for byte as shiftPdf does on the calling thread, and joins documents in order', async () => {
    const pdf = worker();
    const offset = { xMm: 1.5, yMm: -0.8 };
    expect(Buffer.from(await pdf.shift(twoPages, offset)).equals(Buffer.from(await shiftPdf(twoPages, offset)))).toBe(true);
    const joined = await PDFDocument.load(await pdf.concatenate([twoPages, onePage]));
    expect(joined.getPageCount()).toBe(3);
    // The caller's layouts are copied to the worker, never taken from it.
    expect(twoPages.byteLength).toBeGreaterThan(0);
  });

  it('answers a zero offset with the same bytes, without a round trip', async () => {
    const pdf = worker();
    expect(await pdf.shift(twoPages, { xMm: 0, yMm: 0 })).toBe(twoPages);
    expect(await pdf.shift(twoPages, null)).toBe(twoPages);
  });

  it('makes the calibration page: one A4 page', async () => {
    const page = await worker().calibrationPage({ xMm: 2, yMm: 1 });
    const doc = await PDFDocument.load(page.bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getPage(0).getSize().width).toBeCloseTo(595.28, 1);
    expect(page.warnings).toEqual([]);
  });

  it('fails a job whose document is not a PDF with a Chinese message, and serves the next', async () => {
    const pdf = worker();
    const refused = await pdf.concatenate([new TextEncoder().encode('not a pdf')]).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppFailure);
    expect((refused as AppFailure).message).toBe('PDF 处理失败,请重试;仍不成功请联系技术支持。');
    expect((await PDFDocument.load(await pdf.concatenate([onePage]))).getPageCount()).toBe(1);
  });

  it('fails the jobs a dying worker held, and starts a new one for the next job', async () => {
    // The real worker, except that a join of three documents ends its thread.
    const path = join(dir, 'dies-on-three.cjs');
    writeFileSync(
      path,
      `const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (m) => { if (m.op === 'concatenate' && m.documents.length === 3) process.exit(9); });\nrequire(${JSON.stringify(SOURCE_PDF_WORKER.path)});\n`,
    );
    const pdf = worker(path);
    const died = await pdf.concatenate([onePage, onePage, onePage]).catch((error: unknown) => error);
    expect(died).toBeInstanceOf(AppFailure);
    expect((died as AppFailure).message).toBe('PDF 处理程序意外退出,请重试。');
    expect((await PDFDocument.load(await pdf.concatenate([onePage, twoPages]))).getPageCount()).toBe(3);
  });
});

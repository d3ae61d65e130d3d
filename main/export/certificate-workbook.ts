// Writes certificate rows to an .xlsx file with exceljs's streaming writer: each row is
// committed (serialised and handed to the zip stream) as soon as it is added, so memory
// does not grow with the number of rows. Runs in the export worker, never in main.

import { createWriteStream, type WriteStream } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import { open, unlink } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import type { CertificateRow } from '../../preload/contract';
import { EXPORT_COLUMNS, rowValues } from './columns';

/** Excel's limit is 1,048,576 rows a sheet; one is the header. */
export const EXCEL_ROWS_PER_SHEET = 1_048_575;
/** Rows between two pauses that let the zip and file streams drain. */
const ROWS_PER_TURN = 500;
/** Bytes the file stream may hold before the writer waits for the disk. */
const HIGH_WATER_BYTES = 4 * 1024 * 1024;

export interface WorkbookJob {
  /** Where the bytes go; the caller renames it into place once this resolves with 'complete'. */
  temp: string;
  rows: Iterable<CertificateRow>;
  rowsPerSheet?: number;
  isCancelled(): boolean;
  /** After every turn, with the rows written so far. */
  onProgress(written: number): void;
  /** After every turn too: lets the worker sample its heap. */
  onTurn?(): void;
}

export type WorkbookOutcome = { outcome: 'complete'; rows: number } | { outcome: 'cancelled' };

/**
 * The columns' styles, one object each. exceljs caches a style's id by object and not by
 * the cell's type, which is sound here because a column without a number format holds
 * only text (rowValues): a number or date there would need a style of its own.
 */
const CELL_STYLES: readonly Partial<ExcelJS.Style>[] = EXPORT_COLUMNS.map((column) => Object.freeze(column.numFmt ? { numFmt: column.numFmt } : {}));

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

function sheetName(index: number): string {
  return index === 0 ? '证书' : `证书(${index + 1})`;
}

function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, index: number): ExcelJS.Worksheet {
  // The header row stays in view while scrolling through any number of rows.
  const sheet = workbook.addWorksheet(sheetName(index), { views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }] });
  sheet.columns = EXPORT_COLUMNS.map((column) => ({ width: column.width, style: column.numFmt ? { numFmt: column.numFmt } : {} }));
  const header = sheet.addRow(EXPORT_COLUMNS.map((column) => column.header));
  header.font = { bold: true };
  // The date column's format must not turn its header into a date-formatted cell.
  header.eachCell((cell) => {
    cell.numFmt = '@';
  });
  header.commit();
  return sheet;
}

/** Writes `job.rows` to `job.temp` (created, never overwritten); on cancel or failure the temp file is removed. */
export async function writeCertificateWorkbook(job: WorkbookJob): Promise<WorkbookOutcome> {
  // 'wx': a temp name that already exists is someone else's file.
  const file: WriteStream = createWriteStream(job.temp, { flags: 'wx' });
  await once(file, 'open');
  try {
    const outcome = await writeTo(file, job);
    if (outcome.outcome === 'cancelled') await discard(file, job.temp);
    return outcome;
  } catch (error) {
    await discard(file, job.temp);
    throw error;
  }
}

async function writeTo(file: WriteStream, job: WorkbookJob): Promise<WorkbookOutcome> {
  // Kept for good: after a cancel the zip may still write into the destroyed stream.
  const failed = new Promise<never>((_resolve, reject) => file.on('error', reject));
  // A write error is seen at the next turn instead of as an unhandled rejection.
  failed.catch(() => undefined);
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useStyles: true, useSharedStrings: false });
  const perSheet = job.rowsPerSheet ?? EXCEL_ROWS_PER_SHEET;
  let sheetIndex = 0;
  let sheet = addSheet(workbook, sheetIndex);
  let inSheet = 0;
  let written = 0;
  for (const row of job.rows) {
    if (inSheet === perSheet) {
      sheet.commit();
      sheetIndex += 1;
      sheet = addSheet(workbook, sheetIndex);
      inSheet = 0;
    }
    const added = sheet.addRow(rowValues(row));
    // exceljs gives every cell a fresh style object and renders it to XML to look its id
    // up, unless it has seen that very object before: one shared object per column turns
    // that into a WeakMap hit (it was a third of the export's time).
    added.eachCell((cell, column) => {
      cell.style = CELL_STYLES[column - 1]!;
    });
    added.commit();
    inSheet += 1;
    written += 1;
    if (written % ROWS_PER_TURN === 0) {
      if (job.isCancelled()) return { outcome: 'cancelled' };
      await Promise.race([drain(file, sheet), failed]);
      job.onProgress(written);
      job.onTurn?.();
    }
  }
  if (job.isCancelled()) return { outcome: 'cancelled' };
  sheet.commit();
  await Promise.race([workbook.commit(), failed]);
  if (file.closed !== true) await Promise.race([once(file, 'close'), failed]);
  // On disk before the rename makes it the user's file: a power cut must not leave a
  // complete-looking name over half a workbook.
  const handle = await open(job.temp, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
  job.onProgress(written);
  return { outcome: 'complete', rows: written };
}

/**
 * Waits while the file stream, or the zip entry the sheet's rows go into, holds more than it
 * should, so rows are not produced faster than they are compressed and written. exceljs
 * pipes a sheet's rows into archiver through a PassThrough without heeding its write()'s
 * answer: the rows of a 1,000,000-row export queued there while deflate caught up (peak RSS
 * 653 MB with a 43 MB heap, the rest Buffers), whatever the disk did.
 */
async function drain(file: WriteStream, sheet: ExcelJS.Worksheet): Promise<void> {
  await turn();
  while (file.writableLength > HIGH_WATER_BYTES && !file.destroyed) await once(file, 'drain');
  for (const entry of sheetEntries(sheet)) {
    while (queuedBytes(entry) > HIGH_WATER_BYTES && entry.destroyed !== true) await once(entry, 'drain');
  }
}

/** A stream of archiver's readable-stream 2, which has no writableLength yet. */
type ZipEntryInput = EventEmitter & { destroyed?: boolean; writableLength?: number; _writableState?: { length: number } };

const queuedBytes = (entry: ZipEntryInput): number => entry.writableLength ?? entry._writableState?.length ?? 0;

/** Where the sheet's rows are piped: exceljs's StreamBuf keeps its pipes' writables in `pipes` (exceljs 4.4). */
function sheetEntries(sheet: ExcelJS.Worksheet): ZipEntryInput[] {
  const stream: unknown = (sheet as unknown as { stream?: unknown }).stream;
  const pipes: unknown = typeof stream === 'object' && stream !== null ? (stream as { pipes?: unknown }).pipes : undefined;
  return Array.isArray(pipes) ? pipes.filter((pipe): pipe is ZipEntryInput => pipe instanceof EventEmitter) : [];
}

async function discard(file: WriteStream, temp: string): Promise<void> {
  if (!file.closed) {
    const closed = once(file, 'close').catch(() => undefined);
    file.destroy();
    await closed;
  }
  await unlink(temp).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  });
}

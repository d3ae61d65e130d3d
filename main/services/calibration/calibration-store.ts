// 打印校准: the offsets of this workstation's printers. They belong to the machine and
// its printers, not to a user or an enterprise, so they live in one small JSON file in
// the data folder rather than in a profile's cache.
//
// Written whole to a temporary file and renamed over the old one, so a crash leaves
// either the old offsets or the new ones, never half a file. A file that does not
// parse means "no offsets" (and a log line): printing goes on uncalibrated rather
// than not at all.

import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { PrinterCalibration, PrinterOffset } from '../../../preload/contract';
import { normaliseOffset, refuseOffset } from '../../core/calibration';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import { writeFileAtomically } from '../storage/atomic-file';

const entrySchema = z
  .object({
    xMm: z.number(),
    yMm: z.number(),
    updatedAt: z.iso.datetime(),
  })
  .strict()
  // An out-of-range offset in the file (edited by hand, or from a newer app) is not applied.
  .refine((entry) => refuseOffset(entry) === null);

const fileSchema = z
  .object({
    version: z.literal(1),
    printers: z.record(z.string().min(1).max(127), entrySchema),
  })
  .strict();

type CalibrationFile = z.infer<typeof fileSchema>;

export interface CalibrationStoreDeps {
  /** The JSON file, e.g. <dataDir>/calibration.json. */
  file: string;
  log: Logger;
  now?: () => Date;
}

export class CalibrationStore {
  private cache: Promise<CalibrationFile> | null = null;
  /** Writes run one after another, each on the result of the one before. */
  private writes: Promise<unknown> = Promise.resolve();

  constructor(private readonly deps: CalibrationStoreDeps) {}

  async get(printer: string): Promise<PrinterCalibration> {
    return view(printer, await this.load());
  }

  /** The offset to apply to a job on this printer; null when it is not calibrated. */
  async offsetFor(printer: string): Promise<PrinterOffset | null> {
    return (await this.get(printer)).offset;
  }

  set(printer: string, offset: PrinterOffset): Promise<PrinterCalibration> {
    const refusal = refuseOffset(offset);
    if (refusal) return Promise.reject(new AppFailure('INVALID_ARGUMENT', refusal));
    const clean = normaliseOffset(offset);
    return this.update(printer, (printers) => ({
      ...printers,
      [printer]: { ...clean, updatedAt: (this.deps.now?.() ?? new Date()).toISOString() },
    }));
  }

  /** 恢复默认: the printer's jobs go out unchanged again. */
  clear(printer: string): Promise<PrinterCalibration> {
    return this.update(printer, (printers) => Object.fromEntries(Object.entries(printers).filter(([name]) => name !== printer)));
  }

  private update(printer: string, change: (printers: CalibrationFile['printers']) => CalibrationFile['printers']): Promise<PrinterCalibration> {
    const next = this.writes.then(async () => {
      const current = await this.load();
      const updated: CalibrationFile = { version: 1, printers: change(current.printers) };
      await this.write(updated);
      this.cache = Promise.resolve(updated);
      this.deps.log.info('calibration saved', { printer, offset: updated.printers[printer] ?? null });
      return view(printer, updated);
    });
    this.writes = next.catch(() => undefined);
    return next;
  }

  private load(): Promise<CalibrationFile> {
    this.cache ??= this.read();
    return this.cache;
  }

  private async read(): Promise<CalibrationFile> {
    let text: string;
    try {
      text = await readFile(this.deps.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.deps.log.warn('calibration file unreadable, no offsets applied', { reason: String(error) });
      return empty();
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.deps.log.warn('calibration file is not JSON, no offsets applied', { bytes: text.length });
      return empty();
    }
    const parsed = fileSchema.safeParse(json);
    if (!parsed.success) {
      this.deps.log.warn('calibration file does not parse, no offsets applied', { issues: parsed.error.issues.map((issue) => issue.path.join('.')) });
      return empty();
    }
    // A record parsed from JSON may carry '__proto__' as an own key; a null-prototype copy keeps lookups honest.
    return { version: 1, printers: Object.assign(Object.create(null) as CalibrationFile['printers'], parsed.data.printers) };
  }

  private async write(content: CalibrationFile): Promise<void> {
    try {
      await writeFileAtomically(this.deps.file, `${JSON.stringify(content, null, 2)}\n`);
    } catch (error) {
      throw new AppFailure('INTERNAL', '校准偏移未能保存,请检查磁盘空间和权限后重试。', { cause: error });
    }
  }
}

function empty(): CalibrationFile {
  return { version: 1, printers: Object.create(null) as CalibrationFile['printers'] };
}

function view(printer: string, file: CalibrationFile): PrinterCalibration {
  const entry = Object.hasOwn(file.printers, printer) ? file.printers[printer] : undefined;
  return entry ? { printer, offset: { xMm: entry.xMm, yMm: entry.yMm }, updatedAt: entry.updatedAt } : { printer, offset: null, updatedAt: null };
}

// 打印校准: the printer's offset (kept by CalibrationStore) and the calibration page. The
// page is not a certificate: it goes straight to the spooler, without registration at
// the server and without the 是/否 question.
//
// The page is printed with the printer's current offset applied, so a user who prints it
// again after saving sees the crosshair where it belongs, and a remaining error is added
// to the offset rather than replacing it.

import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PrinterCalibration, PrinterOffset } from '../../../preload/contract';
import { AppFailure } from '../../core/errors';
import type { Logger } from '../../log/logger';
import type { PdfWork } from '../../pdf/pdf-worker-client';
import { PrintError, type PrintBackend } from '../../print/backend';
import type { CalibrationStore } from './calibration-store';

export interface CalibrationServiceDeps {
  store: CalibrationStore;
  backend: PrintBackend;
  /** Where the page's PDF is written for the spooler. */
  spoolDir: string;
  /** Draws the page off the main thread. */
  pdf: Pick<PdfWork, 'calibrationPage'>;
  log: Logger;
}

export const CALIBRATION_JOB_TITLE = '打印校准页';

export class CalibrationService {
  constructor(private readonly deps: CalibrationServiceDeps) {}

  get(printer: string): Promise<PrinterCalibration> {
    return this.deps.store.get(printer);
  }

  async set(printer: string, offset: PrinterOffset): Promise<PrinterCalibration> {
    // A typo'd or vanished printer is refused here rather than calibrated forever unseen.
    await this.withPrintErrors(() => this.deps.backend.capabilities(printer));
    return this.deps.store.set(printer, offset);
  }

  clear(printer: string): Promise<PrinterCalibration> {
    return this.deps.store.clear(printer);
  }

  async printPage(printer: string): Promise<{ spoolerJobId: string }> {
    await this.withPrintErrors(() => this.deps.backend.capabilities(printer));
    const applied = await this.deps.store.offsetFor(printer);
    const page = await this.deps.pdf.calibrationPage(applied);
    for (const reason of page.warnings) this.deps.log.warn('calibration page printed without its Chinese instructions', { reason });
    const file = join(this.deps.spoolDir, `calibration-${randomUUID()}.pdf`);
    await writeFile(file, page.bytes);
    try {
      const spoolerJobId = await this.withPrintErrors(() =>
        // One side is enough; colour shows the red crosshair on a colour printer and prints grey on the others.
        this.deps.backend.submit({ printer, filePath: file, title: CALIBRATION_JOB_TITLE, duplex: false, color: true, copies: 1 }),
      );
      this.deps.log.info('calibration page spooled', { printer, spoolerJobId, applied });
      return { spoolerJobId };
    } finally {
      // The spooler keeps its own copy once it has accepted the job.
      await rm(file, { force: true });
    }
  }

  private async withPrintErrors<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (error instanceof PrintError) throw new AppFailure(error.code, error.message, { cause: error });
      throw error;
    }
  }
}

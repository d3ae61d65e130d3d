// 导出证书 (manual 4.2): the current query result of 证书打印 as an Excel workbook. The
// user picks the file in the OS save dialog; the rows are written by a worker of the
// export's own (main/export) into a temporary file beside the target, renamed into
// place when complete, so a cancelled or failed export leaves nothing behind and an
// existing file is only ever replaced by a complete one.
//
// State (pushed as 'export:state'):
//   idle | done | failed | cancelled ──start──▶ running ──▶ done
//                                                  │──error───▶ failed
//                                                  └──cancel──▶ cancelled

import { extname } from 'node:path';
import type { CertificateExportQuery, ExportState } from '../../../preload/contract';
import { AppFailure, toAppError } from '../../core/errors';
import { MESSAGES } from '../../core/messages';
import { runExport, tempPathFor, type ExportResult } from '../../export/export-runner';
import { TempJournal } from '../../export/temp-journal';
import type { Logger } from '../../log/logger';
import type { Profile } from '../session/session-service';

export interface SaveDialogFilter {
  name: string;
  extensions: string[];
}

export interface ExportServiceDeps {
  profile(): Profile;
  /** The OS save dialog: the chosen absolute path, or null when the user cancelled it. */
  chooseSavePath(suggestedName: string, filter: SaveDialogFilter): Promise<string | null>;
  worker: { path: string; execArgv?: string[] };
  /** Where the temp files of running exports are listed, so a crash's leftovers go at the next start. */
  journalPath: string;
  emit(state: ExportState): void;
  log: Logger;
  now?: () => Date;
  /** Tests: a small sheet size shows the roll-over to a second sheet without a million rows. */
  rowsPerSheet?: number;
  /** Benchmarks: the worker's figures of each finished export. */
  onFinished?(result: ExportResult): void;
}

const XLSX_FILTER: SaveDialogFilter = { name: 'Excel 工作簿', extensions: ['xlsx'] };

export class ExportService {
  private state: ExportState = { state: 'idle' };
  private controller: AbortController | null = null;
  private running: Promise<void> | null = null;
  /** True while the save dialog is open: a second click must not open a second dialog. */
  private choosing = false;
  private nextId = 1;
  private readonly journal: TempJournal;

  constructor(private readonly deps: ExportServiceDeps) {
    this.journal = new TempJournal(deps.journalPath);
  }

  /** At start: removes the half-written files an export interrupted by a crash left beside its target. */
  async sweepLeftovers(): Promise<void> {
    const removed = await this.journal.sweep();
    if (removed > 0) this.deps.log.info('removed files of interrupted exports', { count: removed });
  }

  current(): ExportState {
    return this.state;
  }

  /** Asks for the target, then exports in the background; null when the user closed the dialog. */
  async start(query: CertificateExportQuery): Promise<{ exportId: string; path: string } | null> {
    if (this.running || this.choosing) throw new AppFailure('BUSY', MESSAGES.BUSY);
    const profile = this.deps.profile();
    this.choosing = true;
    let chosen: string | null;
    try {
      chosen = await this.deps.chooseSavePath(this.suggestedName(), XLSX_FILTER);
    } finally {
      this.choosing = false;
    }
    if (chosen === null) return null;
    // Linux save dialogs do not add the extension the filter names.
    const target = extname(chosen).toLowerCase() === '.xlsx' ? chosen : `${chosen}.xlsx`;
    const exportId = `export-${Date.now().toString(36)}-${this.nextId++}`;
    const fileName = target.split(/[\\/]/).pop() ?? target;
    const controller = new AbortController();
    this.controller = controller;
    this.set({ state: 'running', exportId, fileName, written: 0, total: 0 });
    this.running = this.run(profile, query, target, exportId, fileName, controller.signal).finally(() => {
      this.running = null;
      this.controller = null;
    });
    return { exportId, path: target };
  }

  cancel(): void {
    this.controller?.abort();
  }

  /** Resolves when the current export (if any) has ended. */
  async settled(): Promise<void> {
    await this.running;
  }

  private async run(profile: Profile, query: CertificateExportQuery, target: string, exportId: string, fileName: string, signal: AbortSignal): Promise<void> {
    const started = performance.now();
    const temp = tempPathFor(target);
    let end: ExportState;
    try {
      await this.journal.add(temp);
      const result = await runExport({
        workerPath: this.deps.worker.path,
        execArgv: this.deps.worker.execArgv,
        databasePath: profile.db.databasePath,
        query,
        target,
        temp,
        rowsPerSheet: this.deps.rowsPerSheet,
        signal,
        onProgress: (written, total) => this.set({ state: 'running', exportId, fileName, written, total }),
        log: this.deps.log,
      });
      this.deps.log.info('export done', { rows: result.rows, ms: Math.round(performance.now() - started), heapPeakMb: Math.round(result.heapPeakBytes / 2 ** 20) });
      this.deps.onFinished?.(result);
      end = { state: 'done', exportId, path: target, rows: result.rows };
    } catch (error) {
      const appError = toAppError(error);
      if (appError.code === 'CANCELLED') end = { state: 'cancelled', exportId };
      else {
        if (!(error instanceof AppFailure)) this.deps.log.error('export failed', error);
        end = { state: 'failed', exportId, error: appError };
      }
    }
    // The runner has removed the temp file (or renamed it into place) by now; the end is
    // told once nothing of this export is left to clean up.
    await this.journal.remove(temp).catch((error: unknown) => this.deps.log.warn('export journal not updated', { reason: String(error) }));
    this.set(end);
  }

  private suggestedName(): string {
    const now = this.deps.now?.() ?? new Date();
    const pad = (value: number) => String(value).padStart(2, '0');
    const stamp = `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
    return `原产地证书-${stamp}.xlsx`;
  }

  private set(state: ExportState): void {
    this.state = state;
    this.deps.emit(state);
  }
}

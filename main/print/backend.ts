import { isPrintError, printFailed } from './errors';

// Re-exported so callers need one import for the backend and its error.
export { PrintError, type PrintErrorCode } from './errors';

// The app prints certificates of origin straight to the OS spooler (no print dialog).
// One interface, one implementation per spooler: CUPS (Linux, macOS) and Windows.

export interface PrinterInfo {
  name: string;
  isDefault: boolean;
}

export interface PrinterCapabilities {
  a4: boolean;
  color: boolean;
  duplex: boolean;
}

export interface PrintJobRequest {
  printer: string;
  /** A PDF file on disk. */
  filePath: string;
  /** The spooler's job/document name; shown in the OS queue. */
  title: string;
  /** true: two-sided, long edge (portrait A4 certificates); false: one-sided. */
  duplex: boolean;
  color: boolean;
  copies: number;
}

export interface PrintBackend {
  listPrinters(): Promise<PrinterInfo[]>;
  /** Throws PrintError('PRINTER_NOT_FOUND') for a printer the spooler does not know. */
  capabilities(printer: string): Promise<PrinterCapabilities>;
  /** Resolves with the spooler's job id once the spooler has accepted the job. */
  submit(job: PrintJobRequest): Promise<string>;
  jobState(printer: string, jobId: string): Promise<SpoolerJobState>;
}

/**
 * The IPP job states (RFC 8011 §5.3.7), which both spoolers map onto.
 *
 *   pending ──► processing ──► completed
 *      │  ▲          │   ├───► canceled   (by a user or at the printer)
 *      ▼  │          ▼   └───► aborted    (by the system)
 *     held        stopped ──► (processing again once someone fixes the printer)
 *
 * 'stopped' is also reported for a job that waits on a stopped (paused/disabled) queue:
 * it will not move until someone acts. 'unknown' means the spooler no longer knows the
 * job or cannot say how it ended.
 */
export type SpoolerJobState = 'pending' | 'held' | 'processing' | 'stopped' | 'canceled' | 'aborted' | 'completed' | 'unknown';

/** How waitForJobEnd ends; 'stopped' only when asked for with `stoppedAfterMs`. */
export type JobEndState = 'completed' | 'aborted' | 'canceled' | 'stopped' | 'unknown';

const TERMINAL_STATES: ReadonlySet<SpoolerJobState> = new Set(['completed', 'aborted', 'canceled']);

export interface WaitForJobEndOptions {
  pollMs: number;
  /** After this long the wait ends with 'unknown'. */
  timeoutMs: number;
  /** Aborting rejects the wait with the signal's reason. */
  signal?: AbortSignal;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Every state read, for progress display ("打印中", "打印机已暂停"). */
  onState?: (state: SpoolerJobState) => void;
  /**
   * A job 'stopped' for this long ends the wait as 'stopped', so the user hears about a
   * paused queue or a jammed printer before the whole timeout. Default: keep waiting
   * (a stopped job may still print once someone fixes the printer).
   */
  stoppedAfterMs?: number;
  /**
   * 'unknown' this many polls in a row ends the wait as 'unknown': a spooler that has
   * forgotten a job will not remember it later. Default 3.
   */
  unknownAfterPolls?: number;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Follows a spooler job to its end. Resolves 'completed' | 'aborted' | 'canceled' as the
 * spooler reports them, 'unknown' on timeout or when the spooler cannot tell, and
 * 'stopped' only when `stoppedAfterMs` is set. A failed poll (spooler busy, command
 * timed out) is retried; an unknown printer is not.
 */
export function waitForJobEnd(
  backend: PrintBackend,
  printer: string,
  jobId: string,
  options: WaitForJobEndOptions & { stoppedAfterMs: number },
): Promise<JobEndState>;
export function waitForJobEnd(backend: PrintBackend, printer: string, jobId: string, options: WaitForJobEndOptions): Promise<Exclude<JobEndState, 'stopped'>>;
export async function waitForJobEnd(backend: PrintBackend, printer: string, jobId: string, options: WaitForJobEndOptions): Promise<JobEndState> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const unknownAfterPolls = options.unknownAfterPolls ?? 3;
  const deadline = now() + options.timeoutMs;
  let unknownStreak = 0;
  let stoppedSince: number | undefined;

  for (;;) {
    options.signal?.throwIfAborted();
    let state: SpoolerJobState | undefined;
    try {
      state = await backend.jobState(printer, jobId);
    } catch (error) {
      if (isPrintError(error) && error.code === 'PRINTER_NOT_FOUND') throw error;
      state = undefined;
    }

    if (state !== undefined) {
      options.onState?.(state);
      if (TERMINAL_STATES.has(state)) return state as 'completed' | 'aborted' | 'canceled';

      unknownStreak = state === 'unknown' ? unknownStreak + 1 : 0;
      if (unknownStreak >= unknownAfterPolls) return 'unknown';

      if (state === 'stopped') {
        stoppedSince ??= now();
        if (options.stoppedAfterMs !== undefined && now() - stoppedSince >= options.stoppedAfterMs) return 'stopped';
      } else {
        stoppedSince = undefined;
      }
    }

    const remaining = deadline - now();
    if (remaining <= 0) return 'unknown';
    await sleep(Math.min(options.pollMs, remaining), options.signal);
  }
}

/** PRODUCT §2 row 9/10: originals need A4, colour and automatic two-sided printing. */
export const ORIGINAL_PRINTER_REQUIREMENT = '请使用支持双面自动打印的彩色打印机进行打印';

/** What stops this printer from printing an original; empty when it can. */
export function checkPrinterForOriginal(caps: PrinterCapabilities): string[] {
  const problems: string[] = [];
  if (!caps.a4) problems.push('打印机不支持A4纸张');
  if (!caps.color) problems.push('打印机不支持彩色打印');
  if (!caps.duplex) problems.push('打印机不支持自动双面打印');
  return problems;
}

export const MAX_COPIES = 99;
/** IPP names (job-name) hold at most 255 octets; a Chinese character takes 3 in UTF-8. */
const MAX_TITLE_BYTES = 255;

function truncateUtf8(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch, 'utf8');
    if (bytes > maxBytes) break;
    out += ch;
  }
  return out;
}

/** Checks a request before anything runs; returns the title cleaned for the spooler. */
export function validateJobRequest(job: PrintJobRequest): { title: string } {
  if (!Number.isInteger(job.copies) || job.copies < 1 || job.copies > MAX_COPIES) {
    throw printFailed(`份数必须是 1 到 ${MAX_COPIES} 之间的整数`);
  }
  if (job.filePath.length === 0 || job.filePath.includes('\0')) {
    throw printFailed('打印文件路径无效');
  }
  // Control characters would break the spoolers' line-based listings that we parse back.
  const title = truncateUtf8(job.title.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim(), MAX_TITLE_BYTES).trim();
  return { title: title.length > 0 ? title : '原产地证书' };
}
